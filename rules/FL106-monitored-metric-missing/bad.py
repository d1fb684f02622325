import matplotlib.pyplot as plt
import numpy as np
from tensorflow import keras
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau

x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))

# metrics=["accuracy"] logs `accuracy` / `val_accuracy`, on tf.keras 2 and Keras 3 alike.
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
callbacks = [
    EarlyStopping(monitor="val_acc", patience=5, mode="max"),  # expect: FL106
    ModelCheckpoint("best.keras", monitor="val_acc", save_best_only=True),  # expect: FL106
    ReduceLROnPlateau(monitor="val_acc", factor=0.5, mode="max"),  # expect: FL106
]
history = model.fit(x_train, y_train, validation_split=0.2, epochs=20, callbacks=callbacks)

plt.plot(history.history["acc"])  # expect: FL106


def plot_history(run):
    plt.plot(run.history["val_acc"])  # expect: FL106
    plt.plot(run.history["val_loss"])


plot_history(history)


# The reverse: metrics=["acc"] logs `acc` / `val_acc`, never `accuracy`.
def build_model():
    net = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
    net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
    return net


classifier = build_model()
fitted = classifier.fit(x_train, y_train, validation_data=(x_train, y_train), epochs=5)
scores = fitted.history
print(max(scores["val_accuracy"]))  # expect: FL106

# No validation data: no `val_` key at all, whatever the metrics.
regressor = keras.Sequential([keras.layers.Dense(1)])
regressor.compile(optimizer="adam", loss="mse", metrics=["mae"])
stop = EarlyStopping(patience=3)  # expect: FL106
trained = regressor.fit(x_train, y_train, epochs=50, callbacks=[stop])
print(trained.history["val_mae"][-1])  # expect: FL106
