# Keras 2 patterns: model.fit_generator(gen, samples_per_epoch=128, nb_epoch=2) (Keras 1
# arguments, counted in samples) with validation_data=(x, y). Style: `from keras...`.
import numpy as np
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(6)
x = np.random.rand(128, 5).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")


def sample_stream(batch_size=16):
    while True:
        idx = np.random.randint(0, len(x), size=batch_size)
        yield x[idx], y[idx]


model = Sequential()
model.add(Dense(10, activation="tanh", input_dim=5))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=["accuracy"])
model.fit_generator(sample_stream(), samples_per_epoch=128, nb_epoch=2,
                    validation_data=(x[:32], y[:32]), verbose=0)
