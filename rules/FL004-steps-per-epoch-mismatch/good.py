import math

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

BATCH_SIZE = 32

x_train = np.random.rand(1000, 20).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))
x_val = np.random.rand(200, 20).astype("float32")
y_val = np.random.randint(0, 2, size=(200, 1))

model = keras.Sequential(
    [
        keras.Input((20,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# No step counts: Keras uses every batch.
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=5, validation_data=(x_val, y_val))

# Step counts worked out from the data: floor and ceil both fit.
model.fit(
    x_train,
    y_train,
    batch_size=BATCH_SIZE,
    epochs=5,
    steps_per_epoch=len(x_train) // BATCH_SIZE,
    validation_data=(x_val, y_val),
    validation_steps=len(x_val) // BATCH_SIZE,
)
model.fit(x_train, y_train, batch_size=32, steps_per_epoch=math.ceil(len(x_train) / 32))
model.fit(x_train, y_train, batch_size=32, steps_per_epoch=int(np.ceil(x_train.shape[0] / 32)))
model.fit(x_train, y_train, batch_size=32, validation_split=0.2, steps_per_epoch=800 // 32)

# Datasets: the exact number of batches (16 of 64 over 1000 samples, 4 of 64 over 200).
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(64)
val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(64)
model.fit(train_ds, steps_per_epoch=16, validation_data=val_ds, validation_steps=4, epochs=5)

# A .repeat()ed dataset: a literal steps_per_epoch is the user's own definition of an epoch,
# and a step count worked out in batches is one pass per epoch.
model.fit(train_ds.repeat(), steps_per_epoch=500, epochs=5)
model.fit(
    train_ds.repeat(),
    steps_per_epoch=math.ceil(len(x_train) / 64),
    validation_data=val_ds.repeat(),
    validation_steps=math.ceil(len(x_val) / 64),
    epochs=5,
)


# So is an endless generator.
def batches(x, y, batch_size=BATCH_SIZE):
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            rows = order[start : start + batch_size]
            yield x[rows], y[rows]


model.fit(batches(x_train, y_train), steps_per_epoch=1000, epochs=5)

# A dataset whose size the file does not show.
filtered = train_ds.unbatch().filter(lambda x, y: tf.reduce_sum(x) > 10).batch(64)
model.fit(filtered, steps_per_epoch=100, epochs=5)

# ImageDataGenerator: samples // batch_size, or len() of the iterator (its batch count).
datagen = ImageDataGenerator(validation_split=0.2)
train_flow = datagen.flow_from_directory(
    "data/images", target_size=(64, 64), batch_size=BATCH_SIZE, subset="training"
)
val_flow = datagen.flow_from_directory(
    "data/images", target_size=(64, 64), batch_size=BATCH_SIZE, subset="validation"
)
cnn = keras.Sequential(
    [
        keras.Input((64, 64, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(train_flow.num_classes, activation="softmax"),
    ]
)
cnn.compile(optimizer="adam", loss="categorical_crossentropy")
cnn.fit(
    train_flow,
    steps_per_epoch=train_flow.samples // BATCH_SIZE,
    validation_data=val_flow,
    validation_steps=math.ceil(val_flow.samples / BATCH_SIZE),
    epochs=10,
)
image_array = np.random.rand(500, 64, 64, 3).astype("float32")
image_labels = keras.utils.to_categorical(np.random.randint(0, 3, size=(500,)), 3)
augmented = ImageDataGenerator(horizontal_flip=True).flow(image_array, image_labels, batch_size=32)
cnn.fit(augmented, steps_per_epoch=len(augmented), epochs=10)
cnn.fit(augmented, steps_per_epoch=len(image_array) // 32, epochs=10)


# Step counts that arrive as parameters are not second-guessed.
def train(net, x, y, steps_per_epoch):
    return net.fit(x, y, steps_per_epoch=steps_per_epoch, epochs=5)


class Pipeline:
    """A user class whose own `fit` takes a Keras-like keyword."""

    def fit(self, data, steps_per_epoch=None):
        self.data = data[:steps_per_epoch]
        return self


Pipeline().fit(x_train, steps_per_epoch=len(x_train))
