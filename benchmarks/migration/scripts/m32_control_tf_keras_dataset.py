# Control (already runs on Keras 3): tf.data pipeline; Adam(learning_rate=);
# history.history["accuracy"]; EarlyStopping(monitor="val_accuracy", mode="max");
# model.save("*.keras"). Bait: a plain dict with an "acc" key, a local named `lr`.
import os
import tempfile

import numpy as np
import tensorflow as tf

np.random.seed(32)
x = np.random.rand(160, 5).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")
train = tf.data.Dataset.from_tensor_slices((x[:128], y[:128])).shuffle(128).batch(32)
val = tf.data.Dataset.from_tensor_slices((x[128:], y[128:])).batch(32)

lr = 0.001
model = tf.keras.Sequential([
    tf.keras.Input(shape=(5,)),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=lr),
              loss="binary_crossentropy", metrics=["accuracy"])
stop = tf.keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=2,
                                        restore_best_weights=True)
history = model.fit(train, validation_data=val, epochs=2, verbose=0, callbacks=[stop])

summary = {"acc": history.history["accuracy"][-1], "val_acc": history.history["val_accuracy"][-1]}
print("acc %.3f val_acc %.3f" % (summary["acc"], summary["val_acc"]))
path = os.path.join(tempfile.mkdtemp(), "model.keras")
model.save(path)
print(tf.keras.models.load_model(path).evaluate(val, verbose=0))
