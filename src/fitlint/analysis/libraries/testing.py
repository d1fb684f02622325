"""Test frameworks: `with pytest.raises(E)` and `self.assertRaises(E)` blocks, whose calls are
expected to fail with E."""

from __future__ import annotations

import libcst as cst

from fitlint.analysis.cst_util import dotted_name

# Context managers that expect an exception: pytest's and unittest's (and TensorFlow's).
RAISES_HELPERS = frozenset(
    {"raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "assertRaisesOpError"}
)


def expected_errors(item: cst.BaseExpression) -> tuple[str, ...]:
    """For `pytest.raises(ValueError)`, `self.assertRaises((A, B))` and friends, the names of
    the exceptions expected ("?" where not readable); () for any other context manager."""
    if not isinstance(item, cst.Call):
        return ()
    name = dotted_name(item.func)
    if name is None or name.rsplit(".", 1)[-1] not in RAISES_HELPERS:
        return ()
    if not item.args:
        return ("?",)
    first = item.args[0].value
    candidates = [e.value for e in first.elements] if isinstance(first, cst.Tuple) else [first]
    names = []
    for candidate in candidates:
        dotted = dotted_name(candidate)
        names.append(dotted.rsplit(".", 1)[-1] if dotted else "?")
    return tuple(names)
