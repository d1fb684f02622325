import os
import pickle
import sys

import numpy as np
import pandas as pd
import tensorflow as tf
import torch
from PIL import Image
from tensorflow import keras
from tensorflow.keras.callbacks import ModelCheckpoint

x_train = np.random.rand(1000, 10).astype("float32")
y_train = np.random.randint(0, 2, size=(1000, 1))
run_dir = sys.argv[1]

model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# The suffixes Keras 3 asks for.
callbacks = [
    ModelCheckpoint("best.weights.h5", save_weights_only=True, save_best_only=True),
    ModelCheckpoint(f"{run_dir}/model_{{epoch:02d}}.keras"),
    ModelCheckpoint(os.path.join(run_dir, "best.h5"), monitor="val_loss"),
]
model.fit(x_train, y_train, epochs=3, validation_split=0.2, callbacks=callbacks)
model.save_weights("final.weights.h5")
model.save("final.keras")
model.save("final.h5")  # legacy HDF5: Keras 3 logs a warning and saves
model.save("final.hdf5")  # model.save takes .hdf5 too
model.export("saved_model")  # Keras 3's SavedModel export

# Paths fitlint cannot know: it stays silent.
model.save(sys.argv[2])
model.save_weights(os.path.join(run_dir, sys.argv[3]))


def save_to(net, path):
    net.save(path)


# Other libraries' save methods.
np.save("features", x_train)
torch.save({"step": 1}, "checkpoint.pt")
Image.fromarray(np.zeros((8, 8), "uint8")).save("sample.png")
pd.DataFrame(x_train).to_csv("features.csv")
pickle.dump(x_train, open("features.pkl", "wb"))
checkpoint = tf.train.Checkpoint(model=model)
checkpoint.save("tf_checkpoints/ckpt")
tf.saved_model.save(model, "exported_model")


class Recorder:
    """A class of the project's own with a `save` method."""

    def save(self, path):
        with open(path, "w") as handle:
            handle.write("ok")


Recorder().save("history")
