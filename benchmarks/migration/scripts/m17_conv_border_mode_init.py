# Keras 2 patterns: Conv2D(..., border_mode="same") and Dense(..., init="he_normal")
# (Keras 1 keywords that Keras 2 still translated). Style: `from keras.layers import ...`.
import numpy as np
from keras.layers import Conv2D, Dense, GlobalAveragePooling2D
from keras.models import Sequential

np.random.seed(17)
x = np.random.rand(80, 12, 12, 3).astype("float32")
y = np.random.randint(0, 2, size=(80, 1)).astype("float32")

model = Sequential()
model.add(Conv2D(8, (3, 3), border_mode="same", activation="relu", input_shape=(12, 12, 3)))
model.add(GlobalAveragePooling2D())
model.add(Dense(1, init="he_normal", activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y, batch_size=16, epochs=1, verbose=0)
