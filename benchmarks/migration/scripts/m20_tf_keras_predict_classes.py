# Keras 2 patterns: model.predict_classes(x) and model.predict_proba(x) on a softmax
# Sequential model. Style: `from tensorflow.keras...`.
import numpy as np
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

np.random.seed(20)
x_train = np.random.rand(150, 6).astype("float32")
y_train = np.random.randint(0, 3, size=150)
x_test = np.random.rand(30, 6).astype("float32")

model = Sequential([Dense(16, activation="relu", input_shape=(6,)),
                    Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=30, verbose=0)

predicted = model.predict_classes(x_test)
probabilities = model.predict_proba(x_test)
print("class counts", np.bincount(predicted, minlength=3), probabilities.shape)
