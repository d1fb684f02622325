# Keras 2 patterns: `from keras.layers import CuDNNLSTM` (fused GPU LSTM); Adam(lr=0.002).
# Style: `from keras...`.
import numpy as np
from keras.layers import CuDNNLSTM, Dense
from keras.models import Sequential
from keras.optimizers import Adam

np.random.seed(23)
sequences = np.random.rand(64, 10, 4).astype("float32")
targets = sequences[:, -1, :1]

model = Sequential()
model.add(CuDNNLSTM(16, input_shape=(10, 4)))
model.add(Dense(1))
model.compile(loss="mse", optimizer=Adam(lr=0.002))
model.fit(sequences, targets, batch_size=16, epochs=1, verbose=0)
