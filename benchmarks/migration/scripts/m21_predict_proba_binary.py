# Keras 2 patterns: model.predict_proba(x) and model.predict_classes(x) on a sigmoid
# (binary) model, where predict_classes thresholds at 0.5. Style: `from keras...`.
import numpy as np
from keras.layers import Dense
from keras.models import Sequential

np.random.seed(21)
x = np.random.rand(140, 4).astype("float32")
y = (x[:, 2] > 0.5).astype("float32")

model = Sequential()
model.add(Dense(8, activation="relu", input_dim=4))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y, epochs=2, batch_size=20, verbose=0)

proba = model.predict_proba(x[:20])
labels = model.predict_classes(x[:20])
print("positives", int(labels.sum()), "mean p", float(proba.mean()))
