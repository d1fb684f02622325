"""analysis/libraries/testing.py: a training call inside `with pytest.raises(E)` or
`self.assertRaises(E)` records the exceptions it expects (`TrainingCall.expected_errors`), and
is a Keras training call only for rules that ask about calls in error tests."""

from __future__ import annotations

import pytest

from tests.analysis.helpers import semantic_model, training_call

SOURCE = """
import pytest
import unittest
import keras
import tensorflow as tf

model = keras.Sequential()
with pytest.raises(ValueError):
    model.fit(a)
with pytest.raises(ValueError, match="shape"):
    model.fit(b)
with pytest.raises((ValueError, TypeError)):
    model.fit(c)
with pytest.raises(tf.errors.InvalidArgumentError):
    model.fit(d)
with pytest.raises():
    model.fit(e)
with pytest.raises(errors[0]):
    model.fit(f)
with open("log.txt") as log:
    model.fit(g)
with pytest.raises(ValueError):
    with pytest.raises(KeyError):
        model.fit(h)
with open("log.txt"), pytest.raises(RuntimeError):
    model.fit(i)
with pytest.warns(UserWarning):
    model.fit(j)
with pytest.raises(ValueError):
    pass
model.fit(k)

class Test(unittest.TestCase):
    def test(self):
        with self.assertRaises(ValueError):
            model.fit(l)
        with self.assertRaisesRegex(ValueError, "bad"):
            model.fit(m)
        with self.assertRaisesOpError("expected"):
            model.fit(n)
        with self.assertRaises((ValueError, TypeError)) as context:
            model.fit(o)
"""

CASES = [
    pytest.param("model.fit(a)", ("ValueError",), id="pytest-raises"),
    pytest.param("model.fit(b)", ("ValueError",), id="pytest-raises-match"),
    pytest.param("model.fit(c)", ("ValueError", "TypeError"), id="pytest-raises-tuple"),
    pytest.param("model.fit(d)", ("InvalidArgumentError",), id="pytest-raises-dotted"),
    pytest.param("model.fit(e)", ("?",), id="pytest-raises-no-argument"),
    pytest.param("model.fit(f)", ("?",), id="pytest-raises-unreadable"),
    pytest.param("model.fit(g)", (), id="other-context-manager"),
    pytest.param("model.fit(h)", ("ValueError", "KeyError"), id="nested-raises"),
    pytest.param("model.fit(i)", ("RuntimeError",), id="raises-as-second-item"),
    pytest.param("model.fit(j)", (), id="pytest-warns"),
    pytest.param("model.fit(k)", (), id="after-the-with-block"),
    pytest.param("model.fit(l)", ("ValueError",), id="assert-raises"),
    pytest.param("model.fit(m)", ("ValueError",), id="assert-raises-regex"),
    pytest.param("model.fit(n)", ("?",), id="assert-raises-op-error-takes-a-pattern"),
    pytest.param("model.fit(o)", ("ValueError", "TypeError"), id="assert-raises-tuple-as"),
]


@pytest.mark.parametrize(("call", "expected_errors"), CASES)
def test_expected_errors(call: str, expected_errors: tuple[str, ...]) -> None:
    semantic = semantic_model(SOURCE)
    found = training_call(semantic, call)
    assert (
        found.expected_errors,
        semantic.is_keras_training_call(found),
        semantic.is_keras_training_call(found, in_error_tests=True),
    ) == (expected_errors, not expected_errors, True)
