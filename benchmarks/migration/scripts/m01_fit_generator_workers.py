# Keras 2 patterns: model.fit_generator(gen, steps_per_epoch=, epochs=, workers=4,
# use_multiprocessing=True, max_queue_size=10). Style: `import keras`.
import keras
import numpy as np

np.random.seed(1)
features = np.random.rand(256, 12).astype("float32")
labels = (features.sum(axis=1) > 6.0).astype("float32")


def batch_generator(x, y, batch_size=32):
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x) - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            yield x[idx], y[idx]


model = keras.models.Sequential()
model.add(keras.layers.Dense(16, activation="relu", input_shape=(12,)))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit_generator(
    batch_generator(features, labels),
    steps_per_epoch=8,
    epochs=2,
    verbose=0,
    workers=4,
    use_multiprocessing=True,
    max_queue_size=10,
)
print("loss", model.evaluate(features, labels, verbose=0))
