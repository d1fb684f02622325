import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255

digits = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
digits.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
digits.fit(x_train, y_train, epochs=3)

onehot = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
onehot.compile(optimizer="adam", loss="categorical_crossentropy")
onehot.fit(x_train, keras.utils.to_categorical(y_train, 10), epochs=3)

# Two classes: 0/1 labels with one sigmoid unit.
coin = np.random.randint(0, 2, size=(200,))
binary = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")
binary.fit(np.random.rand(200, 4), coin, epochs=3)

# Multi-label: several sigmoid units, 0/1 targets per unit.
tags = keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="sigmoid")])
tags.compile(optimizer="adam", loss="binary_crossentropy")


def load_labels(path):
    return np.load(path)


# Labels from a loader the file does not show: not judged.
unknown = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
unknown.compile(optimizer="adam", loss="categorical_crossentropy")
unknown.fit(x_train, load_labels("y.npy"), epochs=3)


# A custom loss: not judged.
def focal(y_true, y_pred):
    return keras.ops.mean(y_pred)


custom = keras.Sequential([keras.Input((784,)), layers.Dense(1, activation="sigmoid")])
custom.compile(optimizer="adam", loss=focal)
custom.fit(x_train, y_train, epochs=3)
