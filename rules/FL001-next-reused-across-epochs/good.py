import itertools

import numpy as np
import tensorflow as tf
from sklearn.neural_network import MLPClassifier
from tensorflow import keras

EPOCHS = 20
BATCH_SIZE = 64


def batches(x, y, batch_size=BATCH_SIZE):
    """Endless shuffled batches."""
    while True:
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            rows = order[start : start + batch_size]
            yield x[rows], y[rows]


def one_pass(x, y, batch_size=BATCH_SIZE):
    """One pass over the data."""
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size], y[start : start + batch_size]


x_train = np.random.rand(2000, 16).astype("float32")
y_train = np.random.randint(0, 2, size=(2000, 1))
steps = len(x_train) // BATCH_SIZE

model = keras.Sequential(
    [
        keras.Input((16,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# Let fit() run the epochs: it draws steps_per_epoch batches from the generator each epoch.
model.fit(batches(x_train, y_train), steps_per_epoch=steps, epochs=EPOCHS)

# next() inside an inner loop over the steps of the epoch.
train_gen = batches(x_train, y_train)
for epoch in range(EPOCHS):
    for step in range(steps):
        x_batch, y_batch = next(train_gen)
        model.train_on_batch(x_batch, y_batch)

# An endless generator looped over with `for` and a `break` once the epoch's steps are done.
for epoch in range(EPOCHS):
    done = 0
    for x_batch, y_batch in train_gen:
        model.train_on_batch(x_batch, y_batch)
        done += 1
        if done == steps:
            break

# A Dataset is re-iterable: every `for` starts a fresh pass.
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(2000).batch(BATCH_SIZE)
for epoch in range(EPOCHS):
    for x_batch, y_batch in dataset:
        model.train_on_batch(x_batch, y_batch)
    model.fit(dataset, epochs=1, verbose=0)

# So is a list of batches.
chunks = [(x_train[i : i + BATCH_SIZE], y_train[i : i + BATCH_SIZE]) for i in range(0, 2000, 64)]
for epoch in range(EPOCHS):
    for x_batch, y_batch in chunks:
        model.train_on_batch(x_batch, y_batch)

# The generator is re-created at the start of every epoch.
for epoch in range(EPOCHS):
    for x_batch, y_batch in one_pass(x_train, y_train):
        model.train_on_batch(x_batch, y_batch)

for epoch in range(EPOCHS):
    epoch_batches = one_pass(x_train, y_train)
    for x_batch, y_batch in epoch_batches:
        model.train_on_batch(x_batch, y_batch)
    fresh = one_pass(x_train, y_train)
    model.fit(fresh, epochs=1)

# An endless generator given to fit() once per epoch, with its steps: nothing runs out.
endless = batches(x_train, y_train)
for epoch in range(EPOCHS):
    model.fit(endless, steps_per_epoch=steps, epochs=1)

# A GAN trained by iterations, one batch each: not an epoch loop.
latent_dim = 8
generator = keras.Sequential([keras.Input((latent_dim,)), keras.layers.Dense(16)])
discriminator = keras.Sequential([keras.Input((16,)), keras.layers.Dense(1)])
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
real_batches = batches(x_train, y_train)
for iteration in range(10000):
    real, _ = next(real_batches)
    noise = np.random.normal(size=(BATCH_SIZE, latent_dim))
    fake = generator.predict(noise, verbose=0)
    discriminator.train_on_batch(real, np.ones((BATCH_SIZE, 1)))
    discriminator.train_on_batch(fake, np.zeros((BATCH_SIZE, 1)))

# An epoch loop that draws from an iterator but does not train with Keras.
sample_stream = itertools.cycle(range(10))
for epoch in range(EPOCHS):
    sample_index = next(sample_stream)
    print(f"epoch {epoch}: showing sample {sample_index}")

# scikit-learn's partial training is not Keras.
mlp = MLPClassifier(hidden_layer_sizes=(32,))
stream = one_pass(x_train, y_train)
for epoch in range(EPOCHS):
    for x_batch, y_batch in stream:
        mlp.partial_fit(x_batch, y_batch.ravel(), classes=[0, 1])


class Batcher:
    """A user class with its own `next` protocol that restarts by itself."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __iter__(self):
        return self

    def __next__(self):
        rows = np.random.randint(0, len(self.x), size=BATCH_SIZE)
        return self.x[rows], self.y[rows]


batcher = Batcher(x_train, y_train)
for epoch in range(EPOCHS):
    for step in range(steps):
        x_batch, y_batch = next(batcher)
        model.train_on_batch(x_batch, y_batch)


# fit() on something it can iterate once per epoch, or a generator with steps_per_epoch.
model.fit(tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(BATCH_SIZE), epochs=EPOCHS)
model.fit(batches(x_train, y_train), steps_per_epoch=len(x_train) // BATCH_SIZE, epochs=EPOCHS)
model.fit(one_pass(x_train, y_train), epochs=1)

# A custom training loop that walks the whole dataset every epoch.
optimizer = keras.optimizers.Adam()


@tf.function
def train_step(x_batch, y_batch):
    with tf.GradientTape() as tape:
        loss = keras.losses.binary_crossentropy(y_batch, model(x_batch, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))


def custom_loop(dataset, epochs):
    for epoch in range(epochs):
        for x_batch, y_batch in dataset:
            train_step(x_batch, y_batch)


custom_loop(tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(BATCH_SIZE), EPOCHS)
