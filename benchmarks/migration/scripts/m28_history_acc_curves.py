# Keras 2 patterns: metrics=["accuracy"] then history.history["acc"] / ["val_acc"] to build
# learning curves; model.save("model") with no extension. Style: `import keras`.
import os
import tempfile

import keras
import numpy as np

np.random.seed(28)
x = np.random.rand(160, 6).astype("float32")
y = keras.utils.to_categorical(np.random.randint(0, 3, size=160), 3)

model = keras.Sequential()
model.add(keras.layers.Dense(16, activation="relu", input_shape=(6,)))
model.add(keras.layers.Dense(3, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(x, y, validation_split=0.25, epochs=2, batch_size=32, verbose=0)

curves = np.array([history.history["acc"], history.history["val_acc"]])
print("final train/val accuracy", curves[:, -1])
model.save(os.path.join(tempfile.mkdtemp(), "model"))
