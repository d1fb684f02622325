# Control (already runs on Keras 3): Model(inputs=, outputs=); a callback calling
# self.model.optimizer.learning_rate.assign(); RMSprop(learning_rate=, epsilon=1e-7).
# Bait: a config object with an `lr` attribute and a user function named set_value.
import os
import tempfile
from types import SimpleNamespace

import keras
import numpy as np

np.random.seed(35)
x = np.random.rand(128, 4).astype("float32")
y = x @ np.array([[1.0], [-2.0], [0.5], [0.0]], dtype="float32")
config = SimpleNamespace(lr=0.01, epochs=2)


def set_value(namespace, name, value):
    setattr(namespace, name, value)


class Decay(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        current = float(self.model.optimizer.learning_rate.numpy())
        self.model.optimizer.learning_rate.assign(current * 0.5)


inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
outputs = keras.layers.Dense(1)(hidden)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=config.lr, epsilon=1e-7),
              loss="mse")
model.fit(x, y, epochs=config.epochs, batch_size=32, verbose=0, callbacks=[Decay()])
set_value(config, "lr", float(model.optimizer.learning_rate.numpy()))
path = os.path.join(tempfile.mkdtemp(), "regressor.keras")
model.save(path)
print("lr now", config.lr, keras.models.load_model(path).predict(x[:2], verbose=0).shape)
