import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255

# The images flattened to the 784 inputs the model declares.
mlp = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(128, activation="relu"), layers.Dense(10)])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
mlp.fit(x_train.reshape(-1, 784), y_train, epochs=5, batch_size=128)

# Or the model takes the images as they are, and flattens them itself.
flat = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10)])
flat.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
flat.fit(x_train, y_train, epochs=5)

# (28, 28) images into a (28, 28, 1) input: Keras adds the one trailing axis itself.
inputs = keras.Input((28, 28, 1))
x = layers.Conv2D(16, 3, activation="relu")(inputs)
x = layers.GlobalAveragePooling2D()(x)
cnn = keras.Model(inputs, layers.Dense(10)(x))
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.evaluate(x_test, y_test)

features = np.random.rand(500, 20)
regressor = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
regressor.compile(optimizer="adam", loss="mse")
regressor.fit(features, np.random.rand(500), epochs=10)
