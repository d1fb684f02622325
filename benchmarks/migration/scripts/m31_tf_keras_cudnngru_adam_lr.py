# Keras 2 patterns: `from tensorflow.keras.layers import CuDNNGRU` (TF 1.x fused GPU GRU);
# Adam(lr=1e-3); model.fit(..., workers=2). Style: `from tensorflow.keras...`.
import numpy as np
from tensorflow.keras.layers import CuDNNGRU, Dense, Embedding
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam

np.random.seed(31)
tokens = np.random.randint(1, 50, size=(96, 12))
labels = np.random.randint(0, 2, size=(96, 1)).astype("float32")

model = Sequential()
model.add(Embedding(50, 8, input_length=12))
model.add(CuDNNGRU(8))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer=Adam(lr=1e-3), metrics=["accuracy"])
model.fit(tokens, labels, batch_size=32, epochs=1, verbose=0, workers=2)
