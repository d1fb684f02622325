import json

import numpy as np
from tensorflow import keras
from tensorflow.keras.callbacks import Callback, EarlyStopping, ModelCheckpoint

x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))

# The names agree with the compiled metrics.
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=20,
    callbacks=[
        EarlyStopping(monitor="val_accuracy", patience=5),
        ModelCheckpoint("best.keras", monitor="val_loss", save_best_only=True),
    ],
)
print(history.history["accuracy"], history.history["val_accuracy"], history.history["loss"])

# `.get` returns None instead of raising: the file handles the missing key itself.
print(history.history.get("acc"))

# metrics=["acc"] logs `acc` / `val_acc`: consistent.
old_style = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
old_style.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
early = EarlyStopping(monitor="val_acc", mode="max")
old_history = old_style.fit(x_train, y_train, validation_split=0.2, callbacks=[early])
print(old_history.history["val_acc"])

# A plain dict named `history`, loaded from disk.
with open("history.json") as handle:
    saved = json.load(handle)
print(saved["acc"])


# Metrics whose names the file cannot show: a metric list built elsewhere.
def metric_list():
    return ["accuracy"]


other = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
other.compile(optimizer="adam", loss="binary_crossentropy", metrics=metric_list())
other_history = other.fit(x_train, y_train, validation_split=0.2)
print(other_history.history["val_acc"])


# A callback that writes its own key into the logs.
class ValAccuracy(Callback):
    def on_epoch_end(self, epoch, logs=None):
        logs["val_acc"] = 1.0


logged = model.fit(x_train, y_train, validation_split=0.2, callbacks=[ValAccuracy()])
print(logged.history["val_acc"])


# A callback whose model the file cannot tie: passed to a fit of a parameter.
def train(net, callbacks):
    return net.fit(x_train, y_train, validation_split=0.2, callbacks=callbacks)


train(old_style, [EarlyStopping(monitor="val_accuracy")])

# Two outputs prefix every metric with the output's name.
inputs = keras.Input((10,))
first = keras.layers.Dense(1, activation="sigmoid", name="first")(inputs)
second = keras.layers.Dense(1, activation="sigmoid", name="second")(inputs)
two_heads = keras.Model(inputs, [first, second])
two_heads.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
heads_history = two_heads.fit(x_train, [y_train, y_train], validation_split=0.2)
print(heads_history.history["val_first_accuracy"])
