# Keras 2 patterns: keras.backend.set_session(tf.compat.v1.Session(config=...)) to enable GPU
# memory growth before building the model. Style: `import keras` + `import tensorflow as tf`.
import keras
import numpy as np
import tensorflow as tf

config = tf.compat.v1.ConfigProto()
config.gpu_options.allow_growth = True
keras.backend.set_session(tf.compat.v1.Session(config=config))

np.random.seed(24)
x = np.random.rand(100, 5).astype("float32")
y = np.random.rand(100, 2).astype("float32")

model = keras.models.Sequential([
    keras.layers.Dense(8, activation="relu", input_shape=(5,)),
    keras.layers.Dense(2),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, batch_size=20, verbose=0)
