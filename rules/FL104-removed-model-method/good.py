import numpy as np
from keras.layers import Conv2D, Dense, Input
from keras.models import Model, Sequential
from sklearn.linear_model import LogisticRegression

x_train = np.random.rand(64, 20).astype("float32")
y_train = np.random.randint(0, 3, size=(64,))

model = Sequential()
model.add(Dense(64, input_dim=20, kernel_initializer="uniform", activation="relu"))
model.add(Dense(3, activation="softmax", kernel_regularizer=None))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=2, verbose=0)

classes = model.predict(x_train).argmax(axis=-1)
probabilities = model.predict(x_train)
conv = Conv2D(8, 3, padding="same", strides=(2, 2))
inputs = Input((20,))
functional = Model(inputs=inputs, outputs=Dense(1)(inputs))

# scikit-learn's predict_proba, and a class of our own.
clf = LogisticRegression().fit(x_train, y_train)
print(clf.predict_proba(x_train))


class Ensemble:
    def predict_classes(self, x, init="uniform"):
        return x, init


Ensemble().predict_classes(x_train, init="normal")
