# Keras 2 patterns: model.save_weights("w.h5") then model.load_weights("w.h5") into a fresh
# model. Style: `from keras...`.
import os
import tempfile

import numpy as np
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(25)
x = np.random.rand(100, 4).astype("float32")
y = np.random.rand(100, 1).astype("float32")
out_dir = tempfile.mkdtemp()


def build():
    net = Sequential()
    net.add(Dense(8, activation="relu", input_dim=4))
    net.add(Dense(1))
    net.compile(loss="mse", optimizer="adam")
    return net


model = build()
model.fit(x, y, epochs=1, batch_size=20, verbose=0)
weights_path = os.path.join(out_dir, "w.h5")
model.save_weights(weights_path)

restored = build()
restored.load_weights(weights_path)
print("same predictions", np.allclose(model.predict(x, verbose=0), restored.predict(x, verbose=0)))
