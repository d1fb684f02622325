import numpy as np
import keras
import tensorflow as tf
from keras.layers import Dense, Dropout, LSTM
from keras.utils import to_categorical
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.image import img_to_array, load_img
from keras.applications.resnet50 import ResNet50

# Still in tf.keras on Keras 3 (deprecated, but they work).
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.preprocessing.text import Tokenizer

# Fallbacks: the except branch runs on Keras 3 (and the other way round on old Keras).
try:
    from keras.layers.core import Activation
except ImportError:
    from keras.layers import Activation
try:
    from keras.utils import normalize
except ImportError:
    from keras.utils.np_utils import normalize

labels = np.array([0, 1, 1, 0])
y = to_categorical(labels, 2)
sequences = pad_sequences([[1, 2], [3]])
tf.keras.backend.set_value(tf.Variable(1.0), 2.0)
model = keras.Sequential([keras.Input((8,)), Dense(2), Dropout(0.1), Activation("softmax")])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.001), loss="mse")
augmenter = ImageDataGenerator(horizontal_flip=True)
