import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.models import Sequential, load_model


def batches(x, y, batch_size=32):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))

model = Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit_generator(batches(x_train, y_train), steps_per_epoch=32, epochs=3)  # expect: FL003
model.fit_generator(  # expect: FL003
    generator=batches(x_train, y_train),
    steps_per_epoch=32,
    workers=4,
    use_multiprocessing=True,
)
loss = model.evaluate_generator(batches(x_train, y_train), steps=32)  # expect: FL003
probabilities = model.predict_generator(batches(x_train, y_train), steps=32)  # expect: FL003

restored = load_model("model.keras")
restored.fit_generator(batches(x_train, y_train), steps_per_epoch=32)  # expect: FL003

functional = tf.keras.Model(inputs=keras.Input((10,)), outputs=keras.layers.Dense(1)(keras.Input((10,))))
functional.predict_generator(batches(x_train, y_train), steps=4)  # expect: FL003


def build_model():
    net = keras.Sequential([keras.layers.Dense(1)])
    net.compile(optimizer="sgd", loss="mse")
    return net


def train(data):
    # The model arrives as a parameter: unknown object, but this file uses Keras.
    trained = build_model()
    trained.fit_generator(data, steps_per_epoch=10, epochs=2)  # expect: FL003
    return trained


class Trainer:
    def __init__(self):
        self.model = build_model()

    def run(self, data):
        self.model.fit_generator(data, steps_per_epoch=10)  # expect: FL003


class Net(keras.Model):
    def call(self, inputs):
        return inputs

    def train_all(self, data):
        self.fit_generator(data, steps_per_epoch=5)  # expect: FL003
