import os

import numpy as np
from tensorflow import keras
from tensorflow.keras.callbacks import ModelCheckpoint

x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))
run_dir = "runs/exp1"

model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# Keras 3 raises ValueError when these callbacks are created, before training starts.
best = ModelCheckpoint(filepath="best.h5", save_weights_only=True, save_best_only=True)  # expect: FL105
every_epoch = keras.callbacks.ModelCheckpoint(
    f"{run_dir}/model_{{epoch:02d}}.hdf5",  # expect: FL105
    monitor="val_loss",
)

model.fit(x_train, y_train, epochs=3, validation_split=0.2, callbacks=[best, every_epoch])

# Keras 3 raises ValueError here, after training: the trained weights are never written.
model.save_weights("weights.h5")  # expect: FL105
model.save_weights("checkpoints/weights.ckpt")  # expect: FL105
model.save_weights("checkpoints/weights")  # expect: FL105
model.save("saved_model")  # expect: FL105
model.save("model.tf")  # expect: FL105
model.save(os.path.join(run_dir, "final"))  # expect: FL105
model.save("exported", save_format="tf")  # expect: FL105


class Snapshot(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.save_weights(f"{run_dir}/snapshot_{epoch:03d}.h5")  # expect: FL105
