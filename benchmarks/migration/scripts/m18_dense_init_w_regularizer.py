# Keras 2 patterns: Dense(64, init="uniform", W_regularizer=l2(0.01)) (Keras 1 keywords);
# model.fit(..., nb_epoch=2). Style: `from keras...`.
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.regularizers import l2

np.random.seed(18)
x = np.random.rand(160, 20).astype("float32")
y = np.random.randint(0, 2, size=(160, 1)).astype("float32")

model = Sequential()
model.add(Dense(64, input_dim=20, init="uniform", W_regularizer=l2(0.01), activation="relu"))
model.add(Dense(1, init="uniform", activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
model.fit(x, y, nb_epoch=2, batch_size=32, verbose=0)
