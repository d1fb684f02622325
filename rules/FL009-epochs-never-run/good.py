import numpy as np
from sklearn.linear_model import SGDRegressor
from tensorflow import keras

x_train = np.random.rand(256, 8).astype("float32")
y_train = np.random.rand(256, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

model.fit(x_train, y_train, epochs=10, initial_epoch=5)  # runs epochs 6 to 10
model.fit(x_train, y_train, epochs=5)

for epoch in range(10):
    model.fit(x_train, y_train, epochs=epoch + 1, initial_epoch=epoch)


def resume(start, total):
    # Unknown numbers: nothing to judge.
    model.fit(x_train, y_train, epochs=total, initial_epoch=start)


# Not Keras.
class Trainer:
    def fit(self, x, y, epochs=1, initial_epoch=0):
        pass


Trainer().fit(x_train, y_train, epochs=1, initial_epoch=4)
SGDRegressor().fit(x_train, y_train.ravel())
