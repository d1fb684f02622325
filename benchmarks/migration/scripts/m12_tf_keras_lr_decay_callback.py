# Keras 2 patterns: a callback reading and setting self.model.optimizer.lr with
# K.get_value / K.set_value; Adam(lr=0.01). Style: `from tensorflow.keras import backend as K`.
import numpy as np
from tensorflow.keras import backend as K
from tensorflow.keras.callbacks import Callback
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam

np.random.seed(12)
x = np.random.rand(128, 5).astype("float32")
y = np.random.rand(128, 1).astype("float32")


class HalveLearningRate(Callback):
    def on_epoch_end(self, epoch, logs=None):
        lr = float(K.get_value(self.model.optimizer.lr))
        K.set_value(self.model.optimizer.lr, lr * 0.5)


model = Sequential([Dense(10, activation="relu", input_shape=(5,)), Dense(1)])
model.compile(optimizer=Adam(lr=0.01), loss="mse")
model.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[HalveLearningRate()])
