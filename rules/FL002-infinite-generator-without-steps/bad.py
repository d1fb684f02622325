import itertools

import numpy as np
import tensorflow as tf
from tensorflow import keras

BATCH_SIZE = 32


def batch_generator(x, y, batch_size=BATCH_SIZE):
    """Shuffled batches forever, the usual Keras generator."""
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            rows = order[start : start + batch_size]
            yield x[rows], y[rows]


def noisy_samples():
    while 1:
        features = np.random.normal(size=(8,)).astype("float32")
        yield features, np.float32(features.sum() > 0)


x_train = np.random.rand(1000, 8).astype("float32")
y_train = (x_train.sum(axis=1) > 4).astype("float32")
x_val = np.random.rand(200, 8).astype("float32")
y_val = (x_val.sum(axis=1) > 4).astype("float32")

model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# A generator with no steps_per_epoch: epoch 1 never ends.
train_gen = batch_generator(x_train, y_train)
model.fit(train_gen, epochs=10)  # expect: FL002

# Endless validation data with no validation_steps: the first validation never ends.
model.fit(
    x_train,
    y_train,
    epochs=10,
    validation_data=batch_generator(x_val, y_val),  # expect: FL002
)

# Both at once, and steps_per_epoch=None is the same as leaving it out.
model.fit(
    x=batch_generator(x_train, y_train),  # expect: FL002
    steps_per_epoch=None,
    validation_data=batch_generator(x_val, y_val),  # expect: FL002
    epochs=5,
)

# A .repeat()ed dataset is endless too.
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(BATCH_SIZE)
model.fit(train_ds.repeat(), epochs=10)  # expect: FL002

val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(BATCH_SIZE).repeat()
model.fit(train_ds, validation_data=val_ds, epochs=10)  # expect: FL002

# A dataset built on a `while 1:` generator.
stream = tf.data.Dataset.from_generator(
    noisy_samples,
    output_signature=(
        tf.TensorSpec(shape=(8,), dtype=tf.float32),
        tf.TensorSpec(shape=(), dtype=tf.float32),
    ),
).batch(BATCH_SIZE)
model.fit(stream, epochs=3)  # expect: FL002

# itertools.cycle over a list of batches never runs out.
chunks = [(x_train[i : i + BATCH_SIZE], y_train[i : i + BATCH_SIZE]) for i in range(0, 1000, 32)]
model.fit(itertools.cycle(chunks), epochs=2)  # expect: FL002

# evaluate() and predict() read until the data runs out: they never return.
test_gen = batch_generator(x_val, y_val)
loss, accuracy = model.evaluate(test_gen)  # expect: FL002
predictions = model.predict(val_ds)  # expect: FL002


def train(net, x, y):
    data = batch_generator(x, y, batch_size=64)
    history = net.fit(data, epochs=20, verbose=2)  # expect: FL002
    return history
