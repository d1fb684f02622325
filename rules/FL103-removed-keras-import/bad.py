import numpy as np
import keras
import tensorflow as tf
from keras import backend as K
from keras.utils import np_utils  # expect: FL103
from keras.layers.core import Dense, Dropout  # expect: FL103
from tensorflow.keras.layers.convolutional import Conv2D  # expect: FL103
from keras.engine.topology import Layer  # expect: FL103
from keras.preprocessing.image import ImageDataGenerator  # expect: FL103
from keras.preprocessing.text import Tokenizer  # expect: FL103
from keras.wrappers.scikit_learn import KerasClassifier  # expect: FL103
from keras.utils import multi_gpu_model  # expect: FL103
from keras.layers import CuDNNLSTM  # expect: FL103
from keras.layers import merge  # expect: FL103
from keras.optimizers import rmsprop  # expect: FL103

labels = np.array([0, 1, 1, 0])
y = np_utils.to_categorical(labels, 2)
y2 = keras.utils.np_utils.to_categorical(labels, 2)  # expect: FL103

K.set_session(None)  # expect: FL103
if K.image_dim_ordering() == "th":  # expect: FL103
    K.set_image_dim_ordering("tf")  # expect: FL103

model = keras.Sequential([keras.Input((8,)), keras.layers.core.Dense(2)])  # expect: FL103
model.compile(optimizer=keras.optimizers.adam(), loss="mse")  # expect: FL103
