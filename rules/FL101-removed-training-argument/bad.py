import numpy as np
from tensorflow import keras

x_train = np.random.rand(256, 8).astype("float32")
y_train = np.random.rand(256, 1).astype("float32")

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")


def batches(x, y, batch_size=32):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


# Keras 2's data-loading arguments: Keras 3 raises TypeError.
model.fit(
    batches(x_train, y_train),
    steps_per_epoch=8,
    epochs=2,
    workers=4,  # expect: FL101
    use_multiprocessing=True,
    max_queue_size=10,
)
model.evaluate(x_train, y_train, workers=2)  # expect: FL101
model.predict(x_train, use_multiprocessing=True)  # expect: FL101

# Keras 1's names.
model.fit(x_train, y_train, nb_epoch=2)  # expect: FL101
model.fit(x_train, y_train, samples_per_epoch=256)  # expect: FL101
