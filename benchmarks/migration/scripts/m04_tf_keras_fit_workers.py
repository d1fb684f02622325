# Keras 2 patterns: model.fit(x, y, ..., workers=4, use_multiprocessing=True) and
# model.predict(x, workers=4). Style: `import tensorflow as tf` + tf.keras.
import numpy as np
import tensorflow as tf

np.random.seed(4)
x = np.random.rand(200, 8).astype("float32")
y = np.random.randint(0, 2, size=(200, 1)).astype("float32")

model = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, batch_size=32, epochs=2, verbose=0, validation_split=0.1,
          workers=4, use_multiprocessing=True)
scores = model.predict(x, batch_size=64, workers=4)
print("mean score", float(scores.mean()))
