import numpy as np
import keras
from keras import backend as K
from keras.optimizers import Adam

x_train = np.random.rand(64, 8).astype("float32")
y_train = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])

# `lr=` and `decay=`: a ValueError, and a schedule Keras 3 drops.
sgd = keras.optimizers.SGD(lr=0.01, decay=1e-6, momentum=0.9)  # expect: FL102, FL102
model.compile(optimizer=sgd, loss="mse")

# `epsilon=None` builds, then `fit` raises.
model.compile(optimizer=Adam(learning_rate=0.001, epsilon=None), loss="mse")  # expect: FL102


# The `lr` attribute: an AttributeError, or (assigned) no effect at all.
class HalveEveryEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        old = K.get_value(self.model.optimizer.lr)  # expect: FL102
        self.model.optimizer.lr = old / 2  # expect: FL102


K.set_value(model.optimizer.lr, 0.0005)  # expect: FL102
print(model.optimizer.lr)  # expect: FL102
