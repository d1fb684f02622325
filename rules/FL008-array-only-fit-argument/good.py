import numpy as np
import tensorflow as tf
from sklearn.linear_model import LogisticRegression
from tensorflow import keras

x = np.random.rand(256, 8).astype("float32")
y = np.random.randint(0, 2, size=(256,))
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# Arrays take all of them.
model.fit(x, y, validation_split=0.2, sample_weight=np.ones(256), batch_size=64, epochs=5)
model.fit(x, y, class_weight={0: 1.0, 1: 10.0})

# A dataset takes class_weight; validation_split=0 and batch_size=None do nothing.
train_ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
val_ds, train_ds = train_ds.take(2), train_ds.skip(2)
model.fit(train_ds, validation_data=val_ds, class_weight={0: 1.0, 1: 10.0})
model.fit(train_ds, validation_split=0.0, batch_size=None)


def load(path):
    return np.load(path)


# Unknown data: not judged.
model.fit(load("x.npy"), load("y.npy"), validation_split=0.2, batch_size=64)

# Not Keras.
LogisticRegression().fit(x, y, sample_weight=np.ones(256))
