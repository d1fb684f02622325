# Keras 2 patterns: SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True).
# Style: `from keras.optimizers import SGD`.
import numpy as np
from keras.layers import Dense, Flatten
from keras.models import Sequential
from keras.optimizers import SGD

np.random.seed(7)
images = np.random.rand(120, 6, 6, 1).astype("float32")
targets = np.eye(3)[np.random.randint(0, 3, size=120)]

model = Sequential()
model.add(Flatten(input_shape=(6, 6, 1)))
model.add(Dense(20, activation="relu"))
model.add(Dense(3, activation="softmax"))
sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss="categorical_crossentropy", optimizer=sgd, metrics=["accuracy"])
model.fit(images, targets, batch_size=20, epochs=2, verbose=0)
