# Keras 2 patterns: RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0) (epsilon=None meant
# "use K.epsilon()"). Style: `from keras import optimizers` + `import keras`.
import keras
import numpy as np
from keras import optimizers

np.random.seed(9)
x = np.random.rand(100, 7).astype("float32")
y = np.random.rand(100, 1).astype("float32")

model = keras.Sequential()
model.add(keras.layers.Dense(12, activation="relu", input_shape=(7,)))
model.add(keras.layers.Dense(1))
model.compile(loss="mse", optimizer=optimizers.RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0))
model.fit(x, y, batch_size=25, epochs=2, verbose=0)
