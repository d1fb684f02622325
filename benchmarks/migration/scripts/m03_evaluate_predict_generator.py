# Keras 2 patterns: model.evaluate_generator(gen, steps=, workers=, use_multiprocessing=),
# model.predict_generator(gen, steps=, max_queue_size=) with a generator yielding bare input
# batches (Keras 2 accepted them; Keras 3's predict wants tuples). Style: `from keras...`.
import numpy as np
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(3)
x = np.random.rand(160, 6).astype("float32")
y = x @ np.random.rand(6, 1).astype("float32")


def test_batches(batch_size=20):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


def predict_batches(batch_size=20):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size]


model = Sequential()
model.add(Dense(8, activation="relu", input_dim=6))
model.add(Dense(1))
model.compile(loss="mse", optimizer="sgd")
model.fit(x, y, batch_size=16, epochs=1, verbose=0)

score = model.evaluate_generator(test_batches(), steps=8, verbose=0,
                                 workers=2, use_multiprocessing=False)
preds = model.predict_generator(predict_batches(), steps=8, verbose=0, max_queue_size=4)
print("mse", score, "predictions", preds.shape)
