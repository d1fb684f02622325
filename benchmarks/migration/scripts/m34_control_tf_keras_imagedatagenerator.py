# Control (already runs on Keras 3): `from tensorflow.keras.preprocessing.image import
# ImageDataGenerator` (still exported by tf.keras); fit(datagen.flow(...)); np.argmax over
# predict. Bait: a user class with its own predict_proba / predict_classes methods.
import numpy as np
from tensorflow.keras.layers import Conv2D, Dense, Flatten, Input
from tensorflow.keras.models import Sequential
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.utils import to_categorical

np.random.seed(34)
x_train = np.random.rand(96, 8, 8, 1).astype("float32")
y_train = to_categorical(np.random.randint(0, 2, size=96), 2)


class ThresholdClassifier:
    """Wraps a Keras model behind a scikit-learn style interface."""

    def __init__(self, net, threshold=0.5):
        self.net = net
        self.threshold = threshold

    def predict_proba(self, x):
        return self.net.predict(x, verbose=0)

    def predict_classes(self, x):
        return (self.predict_proba(x)[:, 1] > self.threshold).astype("int32")


datagen = ImageDataGenerator(horizontal_flip=True, vertical_flip=True)
model = Sequential([Input(shape=(8, 8, 1)), Conv2D(4, (3, 3), activation="relu"), Flatten(),
                    Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(datagen.flow(x_train, y_train, batch_size=16), steps_per_epoch=6, epochs=1, verbose=0)

predicted = np.argmax(model.predict(x_train[:8], verbose=0), axis=-1)
clf = ThresholdClassifier(model)
print(predicted, clf.predict_classes(x_train[:8]), clf.predict_proba(x_train[:8]).shape)
