import numpy as np
from sklearn.linear_model import LogisticRegression
from tensorflow import keras

x_train = np.random.rand(256, 8).astype("float32")
y_train = np.random.rand(256, 1).astype("float32")

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")


# Parallel loading belongs to the data in Keras 3.
class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size=32, **kwargs):
        super().__init__(workers=4, use_multiprocessing=False, max_queue_size=10, **kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[rows], self.y[rows]


model.fit(Batches(x_train, y_train), epochs=2)
model.fit(x_train, y_train, epochs=2)


# Not Keras: scikit-learn, and a class of our own with its own `fit`.
LogisticRegression().fit(x_train, y_train.ravel() > 0.5)


class Trainer:
    def fit(self, data, workers=1, nb_epoch=1):
        return data, workers, nb_epoch


Trainer().fit(x_train, workers=8, nb_epoch=3)
