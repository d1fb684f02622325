from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit_generator(batches(), steps_per_epoch=10, epochs=2)  # noqa: FL003
model.fit(batches(), steps_per_epoch=10, epochs=2)  # noqa
x = 1  # noqa: E501
