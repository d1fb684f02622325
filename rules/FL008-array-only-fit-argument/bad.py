import numpy as np
import tensorflow as tf
from tensorflow import keras

x = np.random.rand(256, 8).astype("float32")
y = np.random.randint(0, 2, size=(256,))
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

train_ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model.fit(train_ds, validation_split=0.2, epochs=5)  # expect: FL008
model.fit(train_ds, sample_weight=np.ones(256), epochs=5)  # expect: FL008
model.fit(train_ds, batch_size=64, epochs=5)  # expect: FL008


def batches(x, y, batch_size=32):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


model.fit(batches(x, y), steps_per_epoch=8, class_weight={0: 1.0, 1: 10.0})  # expect: FL008


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return 8

    def __getitem__(self, index):
        return x[index * 32 : (index + 1) * 32], y[index * 32 : (index + 1) * 32]


model.fit(Batches(), validation_split=0.1)  # expect: FL008
