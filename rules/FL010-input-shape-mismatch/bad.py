import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255

# A multilayer perceptron for 784 pixels, fed 28x28 images.
mlp = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(128, activation="relu"), layers.Dense(10)])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
mlp.fit(x_train, y_train, epochs=5, batch_size=128)  # expect: FL010

# A functional CNN for 32x32 colour images, fed MNIST.
inputs = keras.Input((32, 32, 3))
x = layers.Conv2D(16, 3, activation="relu")(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
cnn = keras.Model(inputs, outputs)
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.evaluate(x_test[..., np.newaxis], y_test)  # expect: FL010

# Ten features declared, twenty given.
features = np.random.rand(500, 20)
regressor = keras.Sequential([layers.Dense(16, input_dim=10, activation="relu"), layers.Dense(1)])
regressor.compile(optimizer="adam", loss="mse")
regressor.fit(features, np.random.rand(500), epochs=10)  # expect: FL010
