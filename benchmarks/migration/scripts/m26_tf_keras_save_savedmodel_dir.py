# Keras 2 patterns: model.save("model") (TF SavedModel directory, no extension) then
# tf.keras.models.load_model("model"). Style: `import tensorflow as tf` + tf.keras.
import os
import tempfile

import numpy as np
import tensorflow as tf

np.random.seed(26)
x = np.random.rand(90, 3).astype("float32")
y = np.random.randint(0, 2, size=(90, 1)).astype("float32")
export_dir = os.path.join(tempfile.mkdtemp(), "model")

model = tf.keras.Sequential([
    tf.keras.layers.Dense(6, activation="relu", input_shape=(3,)),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, batch_size=30, verbose=0)
model.save(export_dir)

reloaded = tf.keras.models.load_model(export_dir)
print(reloaded.evaluate(x, y, verbose=0))
