"""Configuration files: discovery, validation with suggestions, and their effect on a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BAD_TRAINING_SCRIPT, RunFitlint, finding_lines, write


def test_pyproject_tool_fitlint_is_read(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "pyproject.toml", '[tool.fitlint]\nignore = ["FL003"]\n')
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("train.py").returncode == 0


def test_pyproject_without_table_is_skipped_for_a_parent_config(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "fitlint.toml", 'ignore = ["FL003"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "sub" / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("train.py", cwd=tmp_path / "sub").returncode == 0


def test_nearest_config_is_found_from_the_linted_path(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "project" / "pyproject.toml", "[tool.fitlint]\nkeras-version = 2\n")
    write(tmp_path / "project" / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("project/", "--output-format", "github")
    assert completed.returncode == 1
    assert completed.stdout.startswith("::warning ")


def test_explicit_config_option(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "custom.toml", 'select = ["FL000"]\n')
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("--config", "custom.toml", "train.py").returncode == 0


def test_cli_select_overrides_config(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "fitlint.toml", 'select = ["FL000"]\n')
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("train.py").returncode == 0
    assert invoke_fitlint("--select", "FL003", "train.py").returncode == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[tool.fitlint]\nselct = ["FL003"]\n',
            "pyproject.toml [tool.fitlint]: unknown key 'selct'; did you mean 'select'?",
        ),
        (
            "[tool.fitlint]\nper_file_ignores = {}\n",
            "unknown key 'per_file_ignores'; did you mean 'per-file-ignores'?",
        ),
        (
            '[tool.fitlint]\nignore = ["FL0003"]\n',
            "'ignore': unknown rule code 'FL0003'; did you mean 'FL003'?",
        ),
        (
            '[tool.fitlint]\nselect = ["deprecated-fit-generatr"]\n',
            "unknown rule code 'deprecated-fit-generatr'; did you mean 'deprecated-fit-generator'?",
        ),
        ("[tool.fitlint]\nkeras-version = 4\n", "'keras-version' must be 2 or 3, got 4"),
        ('[tool.fitlint]\nselect = "FL003"\n', "'select' must be a list of strings, got 'FL003'"),
        (
            '[tool.fitlint]\nper-file-ignores = {"tests/*" = ["FL999"]}\n',
            "unknown rule code 'FL999'",
        ),
        ("[tool.fitlint]\nselect = [\n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_error_exit_2(
    tmp_path: Path, invoke_fitlint: RunFitlint, content: str, expected: str
) -> None:
    write(tmp_path / "pyproject.toml", content)
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("train.py")
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("fitlint: error: ")
    assert expected in lines[0]
    assert str(tmp_path / "pyproject.toml") in lines[0]


def test_missing_explicit_config(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("--config", "nope.toml", ".")
    assert completed.returncode == 2
    assert completed.stderr == "fitlint: error: nope.toml: config file not found\n"


def test_per_file_ignores(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.fitlint]\nper-file-ignores = {"legacy/*.py" = ["FL003"], "old_*.py" = ["FL0"]}\n',
    )
    write(tmp_path / "legacy" / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "scripts" / "old_train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint(".", "--output-format", "concise")
    assert completed.returncode == 1
    assert [line.split(":")[0] for line in finding_lines(completed.stdout)] == ["train.py"]


def test_exclude_and_extend_exclude(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "fitlint.toml", 'extend-exclude = ["experiments/", "scratch_*.py"]\n')
    write(tmp_path / "experiments" / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "scratch_1.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "build" / "train.py", BAD_TRAINING_SCRIPT)  # excluded by default
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint(".", "--output-format", "concise")
    assert [line.split(":")[0] for line in finding_lines(completed.stdout)] == ["train.py"]
    # A replaced `exclude` drops the defaults.
    write(tmp_path / "fitlint.toml", 'exclude = ["experiments/"]\n')
    completed = invoke_fitlint(".", "--output-format", "concise")
    assert sorted(line.split(":")[0] for line in finding_lines(completed.stdout)) == [
        "build/train.py",
        "scratch_1.py",
        "train.py",
    ]
