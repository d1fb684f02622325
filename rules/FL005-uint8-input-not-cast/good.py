import numpy as np
import tensorflow as tf
from sklearn.ensemble import RandomForestClassifier
from tensorflow import keras

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

# Scaled to 0-1 on the way in; the uint8 labels are fine as they are.
model.fit(x_train / 255.0, y_train, batch_size=128, epochs=5)
x_test_scaled = x_test.astype("float32") / 255
model.evaluate(x_test_scaled, y_test)

x_scaled = x_train.astype("float32")
x_scaled /= 255.0
model.fit(x_scaled, y_train, epochs=1)
model.predict(tf.cast(x_test[:16], tf.float32) / 255.0)

# Rebinding the names to scaled copies, as the TensorFlow quickstart does.
(f_train, f_labels), (f_test, f_test_labels) = keras.datasets.fashion_mnist.load_data()
f_train, f_test = f_train / 255.0, f_test / 255.0
model.fit(f_train, f_labels, epochs=1)
model.evaluate(f_test, f_test_labels)
f_images = f_train.reshape(-1, 28, 28, 1)
model.predict(f_images[:10])

# Standardized with the training set's statistics.
mean, std = x_train.mean(), x_train.std()
model.fit((x_train - mean) / std, y_train, epochs=1)


# Scaled inside the tf.data pipeline.
def to_float(images, labels):
    return tf.cast(images, tf.float32) / 255.0, labels


train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(to_float).batch(128)
model.fit(train_ds, epochs=5)

# A uint8 array that is not pixels: binary bag-of-words features.
word_flags = np.random.randint(0, 2, size=(5000, 300), dtype=np.uint8)
sentiment = np.random.randint(0, 2, size=(5000,))
bag = keras.Sequential([keras.Input((300,)), keras.layers.Dense(1, activation="sigmoid")])
bag.compile(optimizer="adam", loss="binary_crossentropy")
bag.fit(word_flags, sentiment, epochs=3)

# A model built elsewhere may scale its own inputs: EfficientNet expects 0-255 pixels.
(cifar_x, cifar_y), _ = keras.datasets.cifar10.load_data()
efficientnet = keras.applications.EfficientNetB0(
    weights=None, input_shape=(32, 32, 3), classes=10
)
efficientnet.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
efficientnet.fit(cifar_x, cifar_y, epochs=1)
restored = keras.models.load_model("digits.keras")
restored.predict(x_test)

# scikit-learn does not care about the range.
forest = RandomForestClassifier(n_estimators=50)
forest.fit(x_train.reshape(-1, 784), y_train)
forest.predict(x_test.reshape(-1, 784))


class PixelBuffer:
    """A user class whose own `fit` method takes raw pixels."""

    def fit(self, images):
        self.histogram = np.bincount(images.ravel(), minlength=256)
        return self


PixelBuffer().fit(x_train)

# A model that rescales its own input: the uint8 images can go in as they are.
# (Any mention of Rescaling or Normalization turns FL005 off for the whole file.)
rescaled = keras.Sequential(
    [
        keras.Input((28, 28)),
        keras.layers.Rescaling(1.0 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
rescaled.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
rescaled.fit(x_train, y_train, epochs=5)
