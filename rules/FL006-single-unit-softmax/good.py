import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

binary = keras.Sequential([keras.Input((20,)), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")

classes = keras.Sequential([keras.Input((20,)), layers.Dense(10, activation="softmax")])
classes.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# Attention weights: a softmax over the time steps, not over the one unit.
tokens = keras.Input((50, 32))
scores = layers.Dense(1, activation="tanh")(tokens)
weights = layers.Softmax(axis=1)(scores)
context = layers.Dot(axes=1)([weights, tokens])

# Channels first: the softmax's last axis is a spatial one.
image = keras.Input((3, 64, 64))
heat = layers.Conv2D(1, 1, activation="softmax", data_format="channels_first")(image)

# Not a Keras layer.
def Dense(units, activation=None):
    return units


Dense(1, activation="softmax")
probabilities = tf.nn.softmax(tf.zeros((4, 3)))
