from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(batches(), steps_per_epoch=10, epochs=2)  # noqa: FL003  # expect: FL900
model.fit(batches(), steps_per_epoch=10, epochs=2)  # noqa: FL999  # expect: FL900
