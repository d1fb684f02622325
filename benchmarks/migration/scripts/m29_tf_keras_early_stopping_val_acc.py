# Keras 2 patterns: EarlyStopping(monitor="val_acc") and ReduceLROnPlateau(monitor="val_acc")
# without mode= (Keras 2 guessed "max" from the name). Style: `from tensorflow.keras...`.
import numpy as np
from tensorflow.keras.callbacks import EarlyStopping, ReduceLROnPlateau
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

np.random.seed(29)
x = np.random.rand(150, 8).astype("float32")
y = np.random.randint(0, 2, size=(150, 1)).astype("float32")

model = Sequential([Dense(12, activation="relu", input_shape=(8,)),
                    Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
callbacks = [
    EarlyStopping(monitor="val_acc", patience=3),
    ReduceLROnPlateau(monitor="val_acc", factor=0.2, patience=2),
]
model.fit(x, y, validation_split=0.2, epochs=2, batch_size=30, verbose=0, callbacks=callbacks)
