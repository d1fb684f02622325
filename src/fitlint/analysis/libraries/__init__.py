"""What each library's calls return, one module per library the evaluator knows: Keras and
TensorFlow (`keras`), `tf.data` (`tf_data`), NumPy (`numpy`), Python's builtins, `math`
and `itertools` (`stdlib`), scikit-learn (`sklearn`), test frameworks (`testing`)."""
