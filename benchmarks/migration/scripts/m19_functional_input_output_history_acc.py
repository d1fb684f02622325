# Keras 2 patterns: keras.models.Model(input=..., output=...); history.history["val_acc"]
# after metrics=["accuracy"]. Style: `import keras` functional API.
import keras
import numpy as np

np.random.seed(19)
x = np.random.rand(120, 6).astype("float32")
y = (x.mean(axis=1) > 0.5).astype("float32")

inp = keras.layers.Input(shape=(6,))
h = keras.layers.Dense(12, activation="relu")(inp)
out = keras.layers.Dense(1, activation="sigmoid")(h)
model = keras.models.Model(input=inp, output=out)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, validation_split=0.2, epochs=2, batch_size=24, verbose=0)
best_epoch = int(np.argmax(history.history["val_acc"])) + 1
print("best epoch", best_epoch)
