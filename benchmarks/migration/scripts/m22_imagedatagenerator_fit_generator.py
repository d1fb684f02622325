# Keras 2 patterns: `from keras.preprocessing.image import ImageDataGenerator` (standalone
# Keras); model.fit_generator(datagen.flow(...), steps_per_epoch=, epochs=, workers=2).
import numpy as np
from keras.layers import Conv2D, Dense, Flatten
from keras.models import Sequential
from keras.preprocessing.image import ImageDataGenerator

np.random.seed(22)
x_train = np.random.rand(96, 8, 8, 3).astype("float32")
y_train = np.eye(2)[np.random.randint(0, 2, size=96)]

datagen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                             horizontal_flip=True)
datagen.fit(x_train)

model = Sequential()
model.add(Conv2D(4, (3, 3), activation="relu", input_shape=(8, 8, 3)))
model.add(Flatten())
model.add(Dense(2, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit_generator(datagen.flow(x_train, y_train, batch_size=16),
                    steps_per_epoch=len(x_train) // 16, epochs=1, verbose=0, workers=2)
