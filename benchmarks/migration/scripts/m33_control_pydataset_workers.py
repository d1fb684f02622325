# Control (already runs on Keras 3): keras.utils.PyDataset(workers=2,
# use_multiprocessing=False, max_queue_size=10) passed to fit; save_weights("*.weights.h5");
# ModelCheckpoint("best.weights.h5", save_weights_only=True, monitor="val_accuracy", mode="max").
import math
import os
import tempfile

import keras
import numpy as np

np.random.seed(33)
x = np.random.rand(192, 6).astype("float32")
y = keras.utils.to_categorical(np.random.randint(0, 3, size=192), 3)
out_dir = tempfile.mkdtemp()


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part], self.y[part]


train = Batches(x[:160], y[:160], 32, workers=2, use_multiprocessing=False, max_queue_size=10)
model = keras.Sequential([
    keras.Input(shape=(6,)),
    keras.layers.Dense(12, activation="relu", kernel_initializer="uniform",
                       kernel_regularizer=keras.regularizers.l2(0.01)),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
              loss="categorical_crossentropy", metrics=["accuracy"])
best = os.path.join(out_dir, "best.weights.h5")
checkpoint = keras.callbacks.ModelCheckpoint(best, save_weights_only=True, save_best_only=True,
                                             monitor="val_accuracy", mode="max")
model.fit(train, validation_data=(x[160:], y[160:]), epochs=2, verbose=0,
          callbacks=[checkpoint])
model.load_weights(best)
model.save_weights(os.path.join(out_dir, "final.weights.h5"))
