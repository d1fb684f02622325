# Keras 2 patterns: `from keras.utils import np_utils` + np_utils.to_categorical;
# metrics=["accuracy"] then history.history["acc"]. Style: `from keras...`.
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.utils import np_utils

np.random.seed(14)
x_train = np.random.rand(150, 10).astype("float32")
labels = np.random.randint(0, 5, size=150)
y_train = np_utils.to_categorical(labels, 5)

model = Sequential()
model.add(Dense(20, activation="relu", input_dim=10))
model.add(Dense(5, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=2, batch_size=25, verbose=0)
print("accuracy per epoch:", history.history["acc"])
