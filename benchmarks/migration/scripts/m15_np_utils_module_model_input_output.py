# Keras 2 patterns: `from keras.utils.np_utils import to_categorical`;
# Model(input=..., output=...) (Keras 1 keywords). Style: `from keras...` functional API.
import numpy as np
from keras.layers import Dense, Input
from keras.models import Model
from keras.utils.np_utils import to_categorical

np.random.seed(15)
x = np.random.rand(140, 8).astype("float32")
y = to_categorical(np.random.randint(0, 3, size=140), num_classes=3)

inputs = Input(shape=(8,))
hidden = Dense(16, activation="relu")(inputs)
outputs = Dense(3, activation="softmax")(hidden)
model = Model(input=inputs, output=outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=2, batch_size=28, verbose=0)
