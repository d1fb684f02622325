import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255

# Categorical crossentropy over one unit: the loss is 0.0 in every epoch.
single = keras.Sequential([keras.Input((784,)), layers.Dense(1, activation="sigmoid")])
single.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: FL007

# Binary crossentropy on the digits 0-9: the loss goes negative.
binary = keras.Sequential([keras.Input((784,)), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")  # expect: FL007
binary.fit(x_train, y_train, epochs=3)

# Sparse categorical crossentropy with one-hot labels: ValueError at the first batch.
y_onehot = keras.utils.to_categorical(y_train, 10)
sparse = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
sparse.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: FL007
sparse.fit(x_train, y_onehot, epochs=3)

# Categorical crossentropy with class indices: ValueError at the first batch.
labels = np.random.randint(0, 3, size=(200,))
tabular = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
tabular.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())  # expect: FL007
tabular.fit(np.random.rand(200, 4), labels, epochs=3)
