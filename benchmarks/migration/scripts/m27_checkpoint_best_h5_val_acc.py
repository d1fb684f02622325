# Keras 2 patterns: ModelCheckpoint("best.h5", monitor="val_acc", save_best_only=True,
# save_weights_only=True, mode="max") then model.load_weights("best.h5"). Style: `from keras...`.
import os
import tempfile

import numpy as np
from keras.callbacks import ModelCheckpoint
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(27)
x = np.random.rand(150, 5).astype("float32")
y = (x[:, 0] > x[:, 1]).astype("float32")
best_path = os.path.join(tempfile.mkdtemp(), "best.h5")

model = Sequential()
model.add(Dense(10, activation="relu", input_dim=5))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
checkpoint = ModelCheckpoint(best_path, monitor="val_acc", save_best_only=True,
                             save_weights_only=True, mode="max")
model.fit(x, y, validation_split=0.2, epochs=2, batch_size=25, verbose=0,
          callbacks=[checkpoint])
model.load_weights(best_path)
