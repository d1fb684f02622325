# Keras 2 patterns: tf.keras.optimizers.SGD(lr=0.05, decay=1e-4, momentum=0.9);
# metrics=["accuracy"] then history.history["acc"] / ["val_acc"]. Style: tf.keras.
import numpy as np
import tensorflow as tf

np.random.seed(8)
x = np.random.rand(160, 4).astype("float32")
y = (x[:, 0] + x[:, 1] > 1.0).astype("float32")

model = tf.keras.models.Sequential([
    tf.keras.layers.Dense(8, activation="relu", input_shape=(4,)),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
opt = tf.keras.optimizers.SGD(lr=0.05, decay=1e-4, momentum=0.9)
model.compile(optimizer=opt, loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
print("train acc %.3f, val acc %.3f" % (history.history["acc"][-1],
                                        history.history["val_acc"][-1]))
