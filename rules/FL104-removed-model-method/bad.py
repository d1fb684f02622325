import numpy as np
from keras.layers import Conv2D, Dense, Input
from keras.models import Model, Sequential

x_train = np.random.rand(64, 20).astype("float32")
y_train = np.random.randint(0, 3, size=(64,))

model = Sequential()
model.add(Dense(64, input_dim=20, init="uniform", activation="relu"))  # expect: FL104
model.add(Dense(3, activation="softmax", W_regularizer=None))  # expect: FL104
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=2, verbose=0)

classes = model.predict_classes(x_train)  # expect: FL104
probabilities = model.predict_proba(x_train)  # expect: FL104

conv = Conv2D(8, 3, border_mode="same", subsample=(2, 2))  # expect: FL104
inputs = Input((20,))
functional = Model(input=inputs, output=Dense(1)(inputs))  # expect: FL104
