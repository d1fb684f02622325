# Keras 2 patterns: model.optimizer.lr read after training (logging the learning rate that
# ReduceLROnPlateau left). Style: `from keras...`, `from keras.callbacks import ...`.
import numpy as np
from keras.callbacks import ReduceLROnPlateau
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(13)
x = np.random.rand(120, 3).astype("float32")
y = x.sum(axis=1, keepdims=True)

model = Sequential()
model.add(Dense(6, activation="relu", input_dim=3))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
reduce_lr = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_lr=1e-5)
model.fit(x, y, batch_size=20, epochs=2, verbose=0, callbacks=[reduce_lr])
final_lr = float(model.optimizer.lr)
print("final learning rate: %.6f" % final_lr)
