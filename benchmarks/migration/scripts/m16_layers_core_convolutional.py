# Keras 2 patterns: `from keras.layers.core import Dense, Dropout, Flatten` and
# `from keras.layers.convolutional import Conv2D, MaxPooling2D` (small CNN). Style: `from keras...`.
import numpy as np
from keras.layers.convolutional import Conv2D, MaxPooling2D
from keras.layers.core import Dense, Dropout, Flatten
from keras.models import Sequential
from keras.utils import to_categorical

np.random.seed(16)
x_train = np.random.rand(100, 10, 10, 1).astype("float32")
y_train = to_categorical(np.random.randint(0, 2, size=100), 2)

model = Sequential()
model.add(Conv2D(4, kernel_size=(3, 3), activation="relu", input_shape=(10, 10, 1)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(2, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adadelta", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=25, epochs=1, verbose=0)
