# Keras 2 patterns: `from keras.layers.core import Dense, Dropout`; Dense(init="uniform");
# SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True); fit(nb_epoch=2); predict_classes.
# Style: `from keras...` (a Keras 1 era MLP).
import numpy as np
from keras.layers.core import Dense, Dropout
from keras.models import Sequential
from keras.optimizers import SGD

np.random.seed(30)
x_train = np.random.random((200, 20)).astype("float32")
y_train = np.eye(4)[np.random.randint(4, size=200)]

model = Sequential()
model.add(Dense(32, input_dim=20, init="uniform", activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(4, init="uniform", activation="softmax"))
sgd = SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss="categorical_crossentropy", optimizer=sgd, metrics=["accuracy"])
model.fit(x_train, y_train, nb_epoch=2, batch_size=40, verbose=0)
classes = model.predict_classes(x_train[:10], batch_size=10)
print(classes)
