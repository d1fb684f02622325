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

# More steps than batches: 1000 samples in batches of 32 are 32 batches, not 50.
model.fit(x_train, y_train, batch_size=BATCH_SIZE, steps_per_epoch=50, epochs=5)  # expect: FL004

# Fewer steps than floor(1000 / 32) = 31: each "epoch" sees 320 of the 1000 samples.
model.fit(x_train, y_train, batch_size=BATCH_SIZE, steps_per_epoch=10, epochs=5)  # expect: FL004

# A sample count used as a step count.
model.fit(
    x_train,
    y_train,
    batch_size=BATCH_SIZE,
    epochs=5,
    steps_per_epoch=len(x_train),  # expect: FL004
    validation_data=(x_val, y_val),
    validation_steps=x_val.shape[0],  # expect: FL004
)

# validation_split leaves 800 training samples: 25 batches of 32.
model.fit(x_train, y_train, batch_size=32, validation_split=0.2, steps_per_epoch=40)  # expect: FL004

# Datasets: from_tensor_slices(...).batch(64) over 1000 samples yields 16 batches.
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(64)
val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(64)
model.fit(
    train_ds,
    steps_per_epoch=100,  # expect: FL004
    validation_data=val_ds,
    validation_steps=10,  # expect: FL004
    epochs=5,
)

# Fewer steps than batches (a warning): one iterator runs on across epochs, so epoch 4 gets
# the last batch and ends with "Your input ran out of data"; 20 epochs are 7 passes.
model.fit(train_ds, steps_per_epoch=5, epochs=20)  # expect: FL004
# The same for validation: every validation uses the first 2 of the 4 batches.
model.fit(train_ds, validation_data=val_ds, validation_steps=2, epochs=5)  # expect: FL004
# And for evaluate/predict: only the first 3 of the 16 batches are evaluated.
model.evaluate(train_ds, steps=3)  # expect: FL004

# A sample count as the step count of endless data: each epoch is 64 passes.
model.fit(train_ds.repeat(), steps_per_epoch=len(x_train), epochs=5)  # expect: FL004


# ... and of an endless generator of batches: each epoch is BATCH_SIZE passes.
def batches(x, y, batch_size=BATCH_SIZE):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


model.fit(batches(x_train, y_train), steps_per_epoch=len(x_train), epochs=5)  # expect: FL004

# MNIST: 60000 training images in batches of 128 are 469 batches.
(x_digits, y_digits), (x_digits_test, y_digits_test) = keras.datasets.mnist.load_data()
x_digits = x_digits.reshape(-1, 784).astype("float32") / 255
digits = keras.Sequential(
    [keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)]
)
digits.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
digits.fit(x_digits, y_digits, batch_size=128, epochs=3, steps_per_epoch=60000)  # expect: FL004

# ImageDataGenerator: `.samples` counts images, not batches.
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
    steps_per_epoch=train_flow.samples,  # expect: FL004
    validation_data=val_flow,
    validation_steps=val_flow.samples,  # expect: FL004
    epochs=10,
)

# The same with `flow()` over arrays and len() of the arrays.
image_array = np.random.rand(500, 64, 64, 3).astype("float32")
image_labels = keras.utils.to_categorical(np.random.randint(0, 3, size=(500,)), 3)
augmented = ImageDataGenerator(horizontal_flip=True).flow(image_array, image_labels, batch_size=32)
cnn.fit(augmented, steps_per_epoch=len(image_array), epochs=10)  # expect: FL004

# A count of batches of 64 for data batched by 32: each epoch is half a pass.
model.fit(train_ds.unbatch().batch(32).repeat(), steps_per_epoch=len(x_train) // 64)  # expect: FL004
