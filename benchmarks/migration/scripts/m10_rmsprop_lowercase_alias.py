# Keras 2 patterns: keras.optimizers.rmsprop(lr=0.0001, decay=1e-6) (lowercase alias);
# `from keras.layers.convolutional import Conv2D, MaxPooling2D`. Style: `import keras`.
import keras
import numpy as np
from keras.layers.convolutional import Conv2D, MaxPooling2D

np.random.seed(10)
x_train = np.random.rand(96, 8, 8, 3).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, 4, size=96), 4)

model = keras.models.Sequential()
model.add(Conv2D(8, (3, 3), padding="same", activation="relu", input_shape=(8, 8, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(4, activation="softmax"))
opt = keras.optimizers.rmsprop(lr=0.0001, decay=1e-6)
model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=1, verbose=0, shuffle=True)
