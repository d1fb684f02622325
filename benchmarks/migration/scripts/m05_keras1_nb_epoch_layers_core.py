# Keras 2 patterns: `from keras.layers.core import Dense, Dropout, Activation`;
# model.fit(..., nb_epoch=2) (Keras 1 spelling of epochs). Style: `from keras...`.
import numpy as np
from keras.layers.core import Activation, Dense, Dropout
from keras.models import Sequential

np.random.seed(5)
x_train = np.random.rand(180, 16).astype("float32")
y_train = np.eye(4)[np.random.randint(0, 4, size=180)]

model = Sequential()
model.add(Dense(32, input_dim=16))
model.add(Activation("relu"))
model.add(Dropout(0.25))
model.add(Dense(4))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=30, nb_epoch=2, verbose=0)
print(model.evaluate(x_train, y_train, verbose=0))
