# Keras 2 patterns: Adam(lr=0.001); model.fit_generator(..., workers=2, max_queue_size=10)
# with a validation generator. Style: `from tensorflow.keras...`.
import numpy as np
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam

np.random.seed(2)
x_train = np.random.rand(192, 10).astype("float32")
y_train = np.random.randint(0, 3, size=(192,))
x_val = np.random.rand(64, 10).astype("float32")
y_val = np.random.randint(0, 3, size=(64,))


def generate(x, y, batch_size):
    i = 0
    while True:
        if i + batch_size > len(x):
            i = 0
        yield x[i:i + batch_size], y[i:i + batch_size]
        i += batch_size


model = Sequential([
    Dense(24, activation="relu", input_shape=(10,)),
    Dropout(0.2),
    Dense(3, activation="softmax"),
])
model.compile(optimizer=Adam(lr=0.001), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit_generator(generate(x_train, y_train, 32), steps_per_epoch=6, epochs=2,
                    validation_data=generate(x_val, y_val, 32), validation_steps=2,
                    verbose=0, workers=2, max_queue_size=10)
