import numpy as np
from sklearn.linear_model import SGDClassifier
from tensorflow import keras


def batches(x, y, batch_size=32):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))

model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(batches(x_train, y_train), steps_per_epoch=32, epochs=3)
model.evaluate(batches(x_train, y_train), steps=32)
model.predict(batches(x_train, y_train), steps=32)

# model.fit_generator(...) in a comment is not a call.
NOTE = "model.fit_generator() was removed in Keras 3"


class DataModule:
    """A user class whose own method happens to share the name."""

    def fit_generator(self, data):
        return iter(data)

    def run(self, data):
        return self.fit_generator(data)


module = DataModule()
module.fit_generator([1, 2, 3])

classifier = SGDClassifier()
classifier.fit(x_train, y_train.ravel())


class Wrapper(keras.Model):
    """A Keras model that defines its own `fit_generator` keeps working in Keras 3."""

    def fit_generator(self, data, **kwargs):
        return self.fit(data, **kwargs)


Wrapper().fit_generator(batches(x_train, y_train), steps_per_epoch=10)
