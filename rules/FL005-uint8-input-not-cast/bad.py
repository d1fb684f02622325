import numpy as np
import tensorflow as tf
from PIL import Image
from tensorflow import keras
from tensorflow.keras.datasets import cifar10

# MNIST arrives as uint8 pixels 0-255.
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

model = keras.Sequential(
    [
        keras.Input((28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=5, validation_split=0.1)  # expect: FL005
model.evaluate(x_test, y_test)  # expect: FL005
probabilities = model.predict(x_test[:16])  # expect: FL005

# Reshaping keeps the dtype and the 0-255 range.
x_flat = x_train.reshape(-1, 784)
dense = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
dense.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
dense.fit(x_flat, y_train, epochs=3)  # expect: FL005

# A custom loop over batches of the raw array.
for start in range(0, 60000, 256):
    x_batch = x_flat[start : start + 256]
    y_batch = y_train[start : start + 256]
    dense.train_on_batch(x_batch, y_batch)  # expect: FL005

# CIFAR-10 into a functional model, through a tf.data pipeline.
(cifar_x, cifar_y), (cifar_x_test, cifar_y_test) = cifar10.load_data()
inputs = keras.Input((32, 32, 3))
features = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
features = keras.layers.GlobalAveragePooling2D()(features)
outputs = keras.layers.Dense(10, activation="softmax")(features)
cnn = keras.Model(inputs, outputs)
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
train_ds = tf.data.Dataset.from_tensor_slices((cifar_x, cifar_y)).shuffle(50000).batch(64)
cnn.fit(train_ds, epochs=10)  # expect: FL005
cnn.evaluate(x=cifar_x_test, y=cifar_y_test, batch_size=256)  # expect: FL005

# Images read from disk into a uint8 array.
paths = [f"photos/{index:04d}.png" for index in range(100)]
photos = np.array([np.asarray(Image.open(path).resize((32, 32))) for path in paths], dtype=np.uint8)
photo_labels = np.random.randint(0, 10, size=(100,))
cnn.fit(photos, photo_labels, epochs=2)  # expect: FL005

# An explicit conversion to uint8 pixels.
rendered = (np.random.rand(200, 32, 32, 3) * 255).astype("uint8")
cnn.predict(rendered)  # expect: FL005


class SmallNet(keras.Model):
    """A subclassed model: it receives the uint8 tensor itself, not even a float cast."""

    def __init__(self):
        super().__init__()
        self.flatten = keras.layers.Flatten()
        self.hidden = keras.layers.Dense(64, activation="relu")
        self.head = keras.layers.Dense(10, activation="softmax")

    def call(self, images):
        return self.head(self.hidden(self.flatten(images)))


net = SmallNet()
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(x_train, y_train, epochs=2)  # expect: FL005
