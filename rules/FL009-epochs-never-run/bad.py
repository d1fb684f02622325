import numpy as np
from tensorflow import keras

x_train = np.random.rand(256, 8).astype("float32")
y_train = np.random.rand(256, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# Resuming after epoch 5 "for 5 more epochs": Keras stops at epoch 5, so nothing trains.
history = model.fit(x_train, y_train, epochs=5, initial_epoch=5)  # expect: FL009

# `epochs` defaults to 1.
model.fit(x_train, y_train, initial_epoch=3)  # expect: FL009

RESUME_FROM = 20
EPOCHS = 10
model.fit(x_train, y_train, epochs=EPOCHS, initial_epoch=RESUME_FROM)  # expect: FL009

# One epoch per call: only the first call trains.
for epoch in range(10):
    model.fit(x_train, y_train, epochs=1, initial_epoch=epoch)  # expect: FL009
