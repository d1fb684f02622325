"""Output formats: JSON against the shipped schema, JSON lines, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import BAD_TRAINING_SCRIPT, RunFitlint, finding_lines, summary_lines, write

TWO_FINDINGS = BAD_TRAINING_SCRIPT + "model.predict_generator(batches(), steps=2, workers=3)\n"


def _schema() -> dict[str, object]:
    text = resources.files("fitlint").joinpath("schemas", "json-output.schema.json").read_text()
    return json.loads(text)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "pkg" / "train.py", TWO_FINDINGS)
    write(tmp_path / "broken.py", "def f(:\n    model.fit_generator(x, epochs=1)\n")
    return tmp_path


def test_json_validates_against_the_shipped_schema(
    project: Path, invoke_fitlint: RunFitlint
) -> None:
    completed = invoke_fitlint(".", "--output-format", "json")
    assert completed.returncode == 2  # broken.py
    items = json.loads(completed.stdout)
    jsonschema.validate(items, _schema())
    assert [(item["code"], Path(item["filename"]).name) for item in items] == [
        ("FL000", "broken.py"),
        ("FL003", "train.py"),
        ("FL003", "train.py"),
    ]
    first = items[1]
    assert first["filename"] == str(project / "pkg" / "train.py")
    assert first["location"] == {"row": 5, "column": 7}
    assert first["end_location"] == {"row": 5, "column": 20}
    assert first["noqa_row"] == 5
    assert first["name"] == "deprecated-fit-generator"
    assert first["severity"] == "error"
    assert first["fix"] == {
        "applicability": "safe",
        "message": "Rename `fit_generator` to `fit`",
        "edits": [
            {
                "content": "fit",
                "location": {"row": 5, "column": 7},
                "end_location": {"row": 5, "column": 20},
            }
        ],
    }
    assert first["url"].endswith("rules/FL003-deprecated-fit-generator/README.md")
    assert completed.stderr == ""  # machine formats print no summary


def test_schema_rejects_zero_based_positions() -> None:
    item = {
        "code": "FL003",
        "name": "deprecated-fit-generator",
        "message": "m",
        "severity": "error",
        "filename": "f.py",
        "location": {"row": 0, "column": 0},
        "end_location": {"row": 1, "column": 1},
        "fix": None,
        "noqa_row": 1,
        "url": None,
        "cell": None,
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([item], _schema())


def test_json_with_no_findings_is_an_empty_list(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "empty.py", "")
    completed = invoke_fitlint(".", "--output-format", "json")
    assert completed.returncode == 0
    assert json.loads(completed.stdout) == []


def test_json_lines(project: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("pkg", "--output-format", "json-lines")
    lines = completed.stdout.splitlines()
    assert len(lines) == 2
    schema = _schema()
    for line in lines:
        jsonschema.validate([json.loads(line)], schema)


def test_sarif(project: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint(".", "--output-format", "sarif")
    document = json.loads(completed.stdout)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "fitlint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert rules["FL003"]["helpUri"].endswith("FL003-deprecated-fit-generator/README.md")
    assert rules["FL003"]["name"] == "deprecated-fit-generator"
    assert rules["FL000"]["helpUri"].endswith("FL000-unparsable-file/README.md")
    # fitlint's columns are Python's (code points), which SARIF must be told.
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert [result["ruleId"] for result in results] == ["FL000", "FL003", "FL003"]
    result = results[1]
    assert result["level"] == "error"
    assert driver["rules"][result["ruleIndex"]]["id"] == "FL003"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "pkg/train.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 20}
    assert "Keras 3" in result["message"]["text"]


def test_github_annotations(project: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("pkg", "--output-format", "github")
    lines = completed.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert lines[0].startswith(
        "::error title=fitlint (FL003),file=pkg/train.py,line=5,col=7,endLine=5,endColumn=20::"
        "pkg/train.py:5:7: FL003 "
    )


def test_github_warning_with_keras2(project: Path, invoke_fitlint: RunFitlint) -> None:
    write(project / "fitlint.toml", "keras-version = 2\n")
    completed = invoke_fitlint("pkg", "--output-format", "github")
    assert all(line.startswith("::warning ") for line in completed.stdout.splitlines())


def test_concise_is_one_line_per_finding(project: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("pkg", "--output-format", "concise")
    assert len(finding_lines(completed.stdout)) == 2
    assert summary_lines(completed.stdout) == [
        "Found 2 findings in 1 file (1 file checked).",
        "[*] 2 fixable with the `--fix` option.",
    ]


def test_text_shows_the_source_line_and_a_caret(project: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("pkg")
    assert "5 | model.fit_generator(batches(), steps_per_epoch=10, epochs=2)\n" in completed.stdout
    assert "  |       ^^^^^^^^^^^^^ FL003\n" in completed.stdout


def test_output_format_from_environment(
    project: Path, invoke_fitlint: RunFitlint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITLINT_OUTPUT_FORMAT", "json")
    completed = invoke_fitlint("pkg")
    assert len(json.loads(completed.stdout)) == 2
