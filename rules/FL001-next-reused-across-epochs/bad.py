import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

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
    """One pass over the data, then the generator is exhausted."""
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size], y[start : start + batch_size]


x_train = np.random.rand(2000, 16).astype("float32")
y_train = np.random.randint(0, 2, size=(2000, 1))

model = keras.Sequential(
    [
        keras.Input((16,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# 1. One next() per epoch: each "epoch" is a single batch of 64 samples.
train_gen = batches(x_train, y_train)
for epoch in range(EPOCHS):
    x_batch, y_batch = next(train_gen)  # expect: FL001
    loss = model.train_on_batch(x_batch, y_batch)
    print(f"epoch {epoch}: loss {loss}")

# The same with an ImageDataGenerator flow and a while loop over epochs.
images = np.random.rand(500, 32, 32, 3).astype("float32")
labels = keras.utils.to_categorical(np.random.randint(0, 10, size=(500,)), 10)
classifier = keras.Sequential(
    [
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
classifier.compile(optimizer="adam", loss="categorical_crossentropy")
augmenter = ImageDataGenerator(horizontal_flip=True, rotation_range=10)
flow = augmenter.flow(images, labels, batch_size=32)
epoch = 0
while epoch < EPOCHS:
    image_batch, label_batch = next(flow)  # expect: FL001
    classifier.fit(image_batch, label_batch, epochs=1, verbose=0)
    epoch += 1

# 2. A one-shot generator made once and looped over in every epoch: only epoch 1 trains.
train_batches = one_pass(x_train, y_train)
for epoch in range(EPOCHS):
    for x_batch, y_batch in train_batches:  # expect: FL001
        model.train_on_batch(x_batch, y_batch)

# zip() of two lists is a one-shot iterator too.
x_chunks = [x_train[i : i + BATCH_SIZE] for i in range(0, 2000, BATCH_SIZE)]
y_chunks = [y_train[i : i + BATCH_SIZE] for i in range(0, 2000, BATCH_SIZE)]
paired = zip(x_chunks, y_chunks)
for epoch in range(EPOCHS):
    for x_batch, y_batch in paired:  # expect: FL001
        model.train_on_batch(x_batch, y_batch)

# iter() over a Dataset: the iterator, unlike the Dataset, is used up by the first epoch.
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(BATCH_SIZE)
dataset_iterator = iter(dataset)
for epoch in range(EPOCHS):
    for x_batch, y_batch in dataset_iterator:  # expect: FL001
        model.train_on_batch(x_batch, y_batch)

# 3. The same generator object handed to fit() once per epoch: the second call finds it empty.
epoch_data = one_pass(x_train, y_train)
for epoch in range(EPOCHS):
    model.fit(epoch_data, epochs=1)  # expect: FL001
    model.save(f"checkpoint-{epoch}.keras")


def train(net, x, y, n_epochs=10):
    data = one_pass(x, y)
    for ep in range(n_epochs):
        net.fit(x=data, epochs=1, verbose=2)  # expect: FL001
    return net


# 4. A finite generator object handed to fit() with epochs > 1: epoch 1 exhausts it.
model.fit(one_pass(x_train, y_train), epochs=EPOCHS)  # expect: FL001
model.fit(
    x_train,
    y_train,
    epochs=EPOCHS,
    validation_data=one_pass(x_train[:200], y_train[:200]),  # expect: FL001
)

# 5. An iterator passed into a custom training loop that draws one batch per epoch.
optimizer = keras.optimizers.Adam()


@tf.function
def train_step(x_batch, y_batch):
    with tf.GradientTape() as tape:
        loss = keras.losses.binary_crossentropy(y_batch, model(x_batch, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))


def custom_loop(source, epochs):
    for epoch in range(epochs):
        x_batch, y_batch = next(source)  # expect: FL001
        train_step(x_batch, y_batch)


custom_loop(iter(dataset), epochs=EPOCHS)
