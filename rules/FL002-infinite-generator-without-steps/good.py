import itertools

import numpy as np
import tensorflow as tf
from sklearn.linear_model import SGDClassifier
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

BATCH_SIZE = 32


def batch_generator(x, y, batch_size=BATCH_SIZE):
    """Shuffled batches forever, the usual Keras generator."""
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            rows = order[start : start + batch_size]
            yield x[rows], y[rows]


def until_exhausted(x, y, batch_size=BATCH_SIZE):
    """A `while True:` loop that returns once the data is used up: one pass, then done."""
    start = 0
    while True:
        if start >= len(x):
            return
        yield x[start : start + batch_size], y[start : start + batch_size]
        start += batch_size


x_train = np.random.rand(1000, 8).astype("float32")
y_train = (x_train.sum(axis=1) > 4).astype("float32")
x_val = np.random.rand(200, 8).astype("float32")
y_val = (x_val.sum(axis=1) > 4).astype("float32")
steps_per_epoch = len(x_train) // BATCH_SIZE
validation_steps = len(x_val) // BATCH_SIZE

model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# Endless generators with their step counts.
model.fit(
    batch_generator(x_train, y_train),
    steps_per_epoch=steps_per_epoch,
    validation_data=batch_generator(x_val, y_val),
    validation_steps=validation_steps,
    epochs=10,
)
model.evaluate(batch_generator(x_val, y_val), steps=validation_steps)
model.predict(batch_generator(x_val, y_val), steps=validation_steps)

# A .repeat()ed dataset with steps_per_epoch: the user's own definition of an epoch.
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(BATCH_SIZE)
model.fit(train_ds.repeat(), steps_per_epoch=100, epochs=10)

# Counted repeats and .take() end by themselves.
model.fit(train_ds.repeat(3), epochs=2)
model.evaluate(train_ds.repeat().take(20))

# A finite dataset needs no step count.
val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(BATCH_SIZE)
model.fit(train_ds, validation_data=val_ds, epochs=10)
model.predict(val_ds)

# An ImageDataGenerator flow is endless under next(), but fit() knows its length.
augmenter = ImageDataGenerator(horizontal_flip=True)
images = np.random.rand(100, 16, 16, 3).astype("float32")
image_labels = np.random.randint(0, 2, size=(100, 1))
cnn = keras.Sequential(
    [
        keras.Input((16, 16, 3)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
cnn.compile(optimizer="adam", loss="binary_crossentropy")
cnn.fit(augmenter.flow(images, image_labels, batch_size=BATCH_SIZE), epochs=5)

# A `while True:` generator that returns is not endless.
model.evaluate(until_exhausted(x_val, y_val))

# Step counts passed through **kwargs are not second-guessed.
fit_options = {"steps_per_epoch": steps_per_epoch, "epochs": 10}
model.fit(batch_generator(x_train, y_train), **fit_options)

# itertools.cycle with steps.
chunks = [(x_train[i : i + BATCH_SIZE], y_train[i : i + BATCH_SIZE]) for i in range(0, 1000, 32)]
model.fit(itertools.cycle(chunks), steps_per_epoch=len(chunks), epochs=2)

# A `while True:` loop that is not a generator.
attempts = 0
while True:
    attempts += 1
    if attempts > 3:
        break

# scikit-learn's fit is not Keras.
classifier = SGDClassifier()
classifier.fit(x_train, y_train)


class StreamTrainer:
    """A user class whose own `fit` consumes a stream lazily."""

    def fit(self, stream, steps=100):
        for _ in range(steps):
            x_batch, y_batch = next(stream)
            model.train_on_batch(x_batch, y_batch)


StreamTrainer().fit(batch_generator(x_train, y_train))
