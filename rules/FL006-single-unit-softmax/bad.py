import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(256, 20).astype("float32")
y = np.random.randint(0, 2, size=(256,))

model = keras.Sequential(
    [
        keras.Input((20,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="softmax"),  # expect: FL006
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=3)

stacked = keras.Sequential()
stacked.add(layers.Dense(32, activation="relu", input_shape=(20,)))
stacked.add(layers.Dense(1))
stacked.add(layers.Activation("softmax"))  # expect: FL006
stacked.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: FL007

inputs = keras.Input((64, 64, 3))
features = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
mask = layers.Conv2D(1, 1, activation="softmax")(features)  # expect: FL006
segmenter = keras.Model(inputs, mask)
