# Keras 2 patterns: K.set_value(model.optimizer.lr, 0.001) between two fit calls (manual
# fine-tuning schedule). Style: `from keras import backend as K`.
import numpy as np
from keras import backend as K
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(11)
x = np.random.rand(150, 9).astype("float32")
y = np.eye(2)[np.random.randint(0, 2, size=150)]

model = Sequential()
model.add(Dense(16, activation="relu", input_shape=(9,)))
model.add(Dense(2, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, batch_size=30, epochs=1, verbose=0)

K.set_value(model.optimizer.lr, 0.001)
model.fit(x, y, batch_size=30, epochs=1, verbose=0)
