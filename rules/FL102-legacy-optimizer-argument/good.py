import numpy as np
import keras
import torch

x_train = np.random.rand(64, 8).astype("float32")
y_train = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])

schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9), loss="mse")
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001, epsilon=1e-8), loss="mse")
model.compile(optimizer=keras.optimizers.RMSprop(0.001, decay=0.0), loss="mse")
model.optimizer.learning_rate.assign(0.0005)


class Halve(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.optimizer.learning_rate = self.model.optimizer.learning_rate * 0.5


# PyTorch's optimizers take `lr`.
net = torch.nn.Linear(8, 1)
optimizer = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-4)
