"""The `fitlint` command: exit codes, errors without tracebacks, stdin, options. What needs the
real process (the console script's exit codes, no traceback on its streams, stdin, `python -m`)
runs the installed command; options and file handling that print the same either way run
in-process (`invoke_fitlint`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.conftest import (
    BAD_TRAINING_SCRIPT,
    CLEAN_TRAINING_SCRIPT,
    RunFitlint,
    finding_lines,
    summary_lines,
    write,
)


def _assert_no_traceback(completed: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in completed.stderr
    assert "Traceback" not in completed.stdout


def test_clean_file_exits_zero(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", CLEAN_TRAINING_SCRIPT)
    completed = run_fitlint("train.py")
    assert completed.returncode == 0
    # ruff's convention: the summary is on standard output, after the findings.
    assert completed.stdout == "All checks passed (1 file checked).\n"
    assert completed.stderr == ""


def test_findings_exit_one_and_print_path_row_column(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = run_fitlint("train.py")
    assert completed.returncode == 1
    first_line = completed.stdout.splitlines()[0]
    assert first_line.startswith(
        "train.py:5:7: FL003 [*] `model.fit_generator()` was removed in Keras 3"
    )
    assert "5 | model.fit_generator(" in completed.stdout
    assert summary_lines(completed.stdout) == [
        "Found 1 finding in 1 file (1 file checked).",
        "[*] 1 fixable with the `--fix` option.",
    ]
    assert completed.stdout.endswith("[*] 1 fixable with the `--fix` option.\n")


def test_default_path_is_the_current_directory(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "pkg" / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint()
    assert completed.returncode == 1
    assert completed.stdout.startswith("pkg/train.py:5:7: FL003")


def test_exit_zero(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("--exit-zero", "train.py")
    assert completed.returncode == 0
    assert "FL003" in completed.stdout


def test_missing_path_is_one_line_error_and_other_files_are_linted(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = run_fitlint("missing.py", "train.py", "--output-format", "concise")
    assert completed.returncode == 2
    assert "fitlint: error: missing.py: no such file or directory\n" in completed.stderr
    assert completed.stdout.startswith("train.py:5:7: FL003")
    _assert_no_traceback(completed)


def test_syntax_error_is_fl000_and_other_files_are_linted(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    write(tmp_path / "a_broken.py", "import keras\ndef f(:\n    model.fit_generator(x, epochs=2)\n")
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = run_fitlint(".", "--output-format", "concise")
    assert completed.returncode == 2
    lines = completed.stdout.splitlines()
    assert lines[0].startswith("a_broken.py:2:7: FL000 syntax error: ")
    assert lines[0].endswith("the file was not checked")
    assert lines[1].startswith("train.py:5:7: FL003")
    assert "1 file could not be parsed" in summary_lines(completed.stdout)[0]
    _assert_no_traceback(completed)


def test_prefilter_skips_files_no_rule_could_fire_on(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    # Found by walking a directory, a file without any training-code token is not parsed, so
    # its syntax error goes unreported; named on the command line, every file is parsed.
    write(tmp_path / "utils.py", "def helper(:\n    return 1\n")
    assert invoke_fitlint(".", "--output-format", "concise").returncode == 0
    named = invoke_fitlint("utils.py", "--output-format", "concise")
    assert named.returncode == 2
    assert named.stdout.startswith("utils.py:1:12: FL000 syntax error")


def test_python2_file_is_fl000(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "old.py", 'import keras\nprint "training"\n')
    completed = invoke_fitlint("old.py", "--output-format", "concise")
    assert completed.returncode == 2
    assert completed.stdout.startswith("old.py:2:1: FL000 syntax error: Missing parentheses")


def test_space_then_tab_indentation_is_linted(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    # CPython accepts a space followed by a tab; LibCST's parser does not (LibCST #829).
    source = "import keras\ndef f():\n \tx = 1\n \treturn x\n" + BAD_TRAINING_SCRIPT.lstrip("\n")
    (tmp_path / "train.py").write_text(source)
    completed = invoke_fitlint("train.py", "--output-format", "concise")
    assert completed.returncode == 1, completed.stdout
    assert completed.stdout.startswith("train.py:9:7: FL003")


def test_binary_file_is_fl000(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    (tmp_path / "weights.py").write_bytes(b"\x89HDF\r\n\x1a\n\x00\x00\x00\x01\x02fit_generator")
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = run_fitlint(".", "--output-format", "concise")
    assert completed.returncode == 2
    assert "train.py:5:7: FL003" in completed.stdout
    assert "weights.py:3:1: FL000 file contains a NUL byte at byte offset 8" in completed.stdout
    _assert_no_traceback(completed)


def test_invalid_utf8_is_fl000_with_the_offending_byte(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    (tmp_path / "train.py").write_bytes(b"import keras\nname = '\xff'\n")
    completed = invoke_fitlint("train.py", "--output-format", "concise")
    assert completed.returncode == 2
    assert completed.stdout == (
        "train.py:2:9: FL000 file is not valid utf-8 (assumed encoding): byte 0xff at byte "
        "offset 21 cannot be decoded; the file was not checked\n"
        "1 file could not be parsed (1 file checked).\n"
    )


def test_latin1_file_with_coding_cookie_is_linted(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    source = "# -*- coding: latin-1 -*-\n# café\n" + BAD_TRAINING_SCRIPT.lstrip("\n")
    (tmp_path / "train.py").write_bytes(source.encode("latin-1"))
    completed = invoke_fitlint("train.py", "--output-format", "concise")
    assert completed.returncode == 1
    assert completed.stdout.startswith("train.py:7:7: FL003")


def test_utf8_bom_file_is_linted(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    (tmp_path / "train.py").write_bytes(b"\xef\xbb\xbf" + BAD_TRAINING_SCRIPT.lstrip("\n").encode())
    completed = invoke_fitlint("train.py", "--output-format", "concise")
    assert completed.returncode == 1
    assert completed.stdout.startswith("train.py:5:7: FL003")


def test_stdin_with_stdin_filename(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    completed = run_fitlint(
        "--stdin-filename", "src/f.py", "-", "--output-format", "concise", stdin=BAD_TRAINING_SCRIPT
    )
    assert completed.returncode == 1
    assert completed.stdout.startswith("src/f.py:6:7: FL003")


def test_stdin_without_a_name(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("-", "--output-format", "concise", stdin=BAD_TRAINING_SCRIPT)
    assert completed.returncode == 1
    assert completed.stdout.startswith("-:6:7: FL003")


def test_stdin_dash_cannot_be_mixed_with_paths(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("-", "other.py", stdin="")
    assert completed.returncode == 2
    assert "cannot be combined" in completed.stderr


def test_select_ignore_and_extend_select(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("--ignore", "FL003", "train.py").returncode == 0
    assert invoke_fitlint("--ignore", "FL00", "train.py").returncode == 0
    assert invoke_fitlint("--select", "FL000", "train.py").returncode == 0
    assert (
        invoke_fitlint("--select", "FL000", "--extend-select", "FL003", "train.py").returncode == 1
    )
    assert invoke_fitlint("--select", "ALL", "train.py").returncode == 1
    # The more specific selector wins: select FL003 beats ignore FL00.
    assert invoke_fitlint("--select", "FL003", "--ignore", "FL00", "train.py").returncode == 1
    assert invoke_fitlint("--select", "deprecated-fit-generator", "train.py").returncode == 1


def test_unknown_rule_code_on_command_line_suggests(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("--select", "deprecated-fit-generatr", "train.py")
    assert completed.returncode == 2
    assert completed.stderr == (
        "fitlint: error: --select: unknown rule code 'deprecated-fit-generatr'; "
        "did you mean 'deprecated-fit-generator'?\n"
    )
    completed = invoke_fitlint("--ignore", "FL8", "train.py")
    assert completed.returncode == 2
    assert completed.stderr.startswith("fitlint: error: --ignore: unknown rule code 'FL8'")


def test_statistics(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "a.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "b.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("--statistics", ".")
    assert completed.returncode == 1
    assert completed.stdout == (
        "    2\tFL003\t[*] deprecated-fit-generator\n"
        "Found 2 findings in 2 files (2 files checked).\n"
        "[*] 2 fixable with the `--fix` option.\n"
    )
    as_json = invoke_fitlint("--statistics", "--output-format", "json", ".")
    assert json.loads(as_json.stdout) == [
        {"code": "FL003", "name": "deprecated-fit-generator", "count": 2, "fixable": True}
    ]


def test_quiet_prints_no_summary(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("-q", "train.py")
    assert completed.returncode == 1
    assert completed.stderr == ""
    assert "FL003" in completed.stdout


def test_version(run_fitlint: RunFitlint) -> None:
    from fitlint import __version__

    for args in (("--version",), ("check", "--version")):
        completed = run_fitlint(*args)
        assert completed.returncode == 0
        assert completed.stdout == f"fitlint {__version__}\n"


def test_python_dash_m(tmp_path: Path) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = subprocess.run(
        [sys.executable, "-m", "fitlint", "train.py", "--output-format", "concise"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout.startswith("train.py:5:7: FL003")


def test_no_cache_is_accepted(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", CLEAN_TRAINING_SCRIPT)
    assert invoke_fitlint("--no-cache", "train.py").returncode == 0


def test_explicit_check_subcommand(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("check", "train.py").returncode == 1


def test_rules_lists_the_catalog(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("rules", "--output-format", "json")
    assert completed.returncode == 0
    catalog = {item["code"]: item for item in json.loads(completed.stdout)}
    assert catalog["FL003"]["name"] == "deprecated-fit-generator"
    assert catalog["FL000"]["name"] == "unparsable-file"
    text = run_fitlint("rules")
    assert "FL003  deprecated-fit-generator" in text.stdout


def test_rule_with_unknown_code_suggests(invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("rule", "FL0033")
    assert completed.returncode == 2
    assert (
        completed.stderr
        == "fitlint: error: rule: unknown rule code 'FL0033'; did you mean 'FL003'?\n"
    )


def test_fl000_page(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("rule", "FL000")
    assert completed.returncode == 0
    assert completed.stdout.startswith("# FL000 unparsable-file")


def test_unknown_option_is_a_usage_error(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("--no-such-option")
    assert completed.returncode == 2
    assert "No such option" in completed.stderr
    _assert_no_traceback(completed)


def test_noqa_on_the_command_line(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    source = BAD_TRAINING_SCRIPT.replace("epochs=2)", "epochs=2)  # noqa: FL003")
    write(tmp_path / "train.py", source)
    assert invoke_fitlint("train.py").returncode == 0


def test_skip_file(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", "# fitlint: skip-file\n" + BAD_TRAINING_SCRIPT)
    assert invoke_fitlint("train.py").returncode == 0


def test_ruff_options_no_fix_output_file_show_settings_show_files(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "pyproject.toml", '[tool.fitlint]\nignore = ["FL101"]\n')
    # --no-fix is accepted (editor integrations written for ruff pass it) and fixes nothing.
    plain = invoke_fitlint("--no-fix", "--no-cache", "--output-format", "concise", "train.py")
    assert plain.returncode == 1
    assert plain.stdout.startswith("train.py:5:7: FL003 [*] ")  # [*]: a safe fix exists
    assert plain.stdout.endswith("[*] 1 fixable with the `--fix` option.\n")
    # -o writes the findings to a file.
    to_file = invoke_fitlint(
        "-o", "report.txt", "--no-cache", "--output-format", "json", "train.py"
    )
    assert (to_file.returncode, to_file.stdout) == (1, "")
    assert json.loads((tmp_path / "report.txt").read_text())[0]["code"] == "FL003"
    # A text report in a file ends with the summary, as ruff writes it.
    as_text = invoke_fitlint("-o", "report.txt", "--no-cache", "train.py")
    assert (as_text.returncode, as_text.stdout) == (1, "")
    assert (
        (tmp_path / "report.txt")
        .read_text()
        .endswith(
            "Found 1 finding in 1 file (1 file checked).\n[*] 1 fixable with the `--fix` option.\n"
        )
    )
    settings = invoke_fitlint("--show-settings", "train.py")
    assert settings.returncode == 0
    assert f"# Settings path: {(tmp_path / 'pyproject.toml').resolve()}" in settings.stdout
    # The config's own TOML spelling, and the rules enabled.
    assert 'ignore = ["FL101"]' in settings.stdout
    assert settings.stdout.rstrip().splitlines()[-1].startswith('# Enabled rules: ["FL000", ')
    assert '"FL101"' not in settings.stdout.rstrip().splitlines()[-1]
    files = invoke_fitlint("--show-files", ".")
    assert files.stdout.splitlines() == [str((tmp_path / "train.py").resolve())]


def test_exclude_and_per_file_ignores_on_the_command_line(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "legacy" / "old.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "scratch" / "try.py", BAD_TRAINING_SCRIPT)

    def linted(*options: str) -> list[str]:
        completed = invoke_fitlint("--no-cache", "--output-format", "concise", *options, ".")
        return sorted(line.split(":")[0] for line in finding_lines(completed.stdout))

    assert linted() == ["legacy/old.py", "scratch/try.py", "train.py"]
    assert linted("--extend-exclude", "scratch/") == ["legacy/old.py", "train.py"]
    assert linted("--exclude", "legacy/,scratch/") == ["train.py"]
    assert linted("--per-file-ignores", "legacy/*.py:FL003") == ["scratch/try.py", "train.py"]
    bad = invoke_fitlint("--per-file-ignores", "FL003", ".")
    assert bad.returncode == 2
    assert "expected PATTERN:CODE[,CODE...]" in bad.stderr


def test_add_noqa_is_idempotent_and_silences(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    from tests.notebooks import notebook_json

    write(
        tmp_path / "train.py", BAD_TRAINING_SCRIPT.replace("epochs=2)", "epochs=2)  # noqa: E501")
    )
    (tmp_path / "nb.ipynb").write_text(notebook_json([BAD_TRAINING_SCRIPT.strip()]))
    first = invoke_fitlint("--add-noqa", "--no-cache", ".")
    assert first.returncode == 0, first.stderr
    assert first.stderr == "Added 2 noqa directives.\n"
    assert (
        (tmp_path / "train.py")
        .read_text()
        .splitlines()[4]
        .endswith("epochs=2)  # noqa: E501, FL003")
    )
    assert "  # noqa: FL003" in (tmp_path / "nb.ipynb").read_text()
    again = invoke_fitlint("--add-noqa", "--no-cache", ".")
    assert again.stderr == "Added 0 noqa directives.\n"
    assert invoke_fitlint("--no-cache", ".").returncode == 0


def test_color_always_never_and_no_color(
    tmp_path: Path, invoke_fitlint: RunFitlint, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    coloured = invoke_fitlint("--color", "always", "--no-cache", "train.py")
    assert "\x1b[31m\x1b[1mFL003\x1b[0m" in coloured.stdout
    plain = invoke_fitlint("--color", "never", "--no-cache", "train.py")
    assert "\x1b[" not in plain.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke_fitlint("--no-cache", "train.py").stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in invoke_fitlint("--no-cache", "train.py").stdout
    # JSON is never coloured.
    assert (
        "\x1b["
        not in invoke_fitlint("--color", "always", "--output-format", "json", "train.py").stdout
    )


HELP_SECTIONS = [
    "Options:",
    "Rule selection:",
    "File selection:",
    "Miscellaneous:",
    "Log levels:",
    "Global options:",
]


def _sections(help_text: str) -> dict[str, list[str]]:
    """The help's sections: each heading (a line ending in ':' at column 0) → its lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in help_text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            current = line
            sections[current] = []
        elif current is not None and line:
            sections[current].append(line)
    return sections


@pytest.mark.parametrize("command", [["--help"], ["check", "--help"]])
def test_help_groups_the_options_one_line_each_as_ruff_does(
    invoke_fitlint: RunFitlint, command: list[str]
) -> None:
    from fitlint.cli import check

    completed = invoke_fitlint(*command)
    assert completed.returncode == 0
    sections = _sections(completed.stdout)
    assert [heading for heading in sections if heading in HELP_SECTIONS] == HELP_SECTIONS
    option_lines = [line for heading in HELP_SECTIONS for line in sections[heading]]
    # One line per option: every line names an option; none is a wrapped continuation.
    assert all(line.startswith("  -") for line in option_lines), option_lines
    named = {name for line in option_lines for name in line.split() if name.startswith("-")}
    expected = {
        name.rstrip(",")
        for param in check.params
        if isinstance(param, click.Option)
        for name in param.opts
    }
    assert expected | {"-h", "--help"} <= {name.rstrip(",") for name in named}
    rule_selection = sections["Rule selection:"]
    assert rule_selection[0].split()[:2] == ["--select", "CODE"]
    if command == ["--help"]:
        assert completed.stdout.startswith(
            "Usage: fitlint [OPTIONS] [PATHS]...\n       fitlint COMMAND [ARGS]...\n"
        )
        commands = sections["Commands:"]
        assert [line.split()[0] for line in commands] == [
            "check",
            "confirm",
            "rule",
            "rules",
            "server",
        ]


def test_server_help_reads_like_ruffs(invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("server", "--help")
    assert completed.returncode == 0
    sections = _sections(completed.stdout)
    assert list(sections) == ["Options:", "Global options:"]
    assert [line.split()[0] for line in sections["Options:"]] == ["--no-cache"]
    assert sections["Global options:"] == ["  -h, --help  Show this message and exit."]


def test_ruff_short_options_and_names(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    # -e is --exit-zero, -n is --no-cache, `full` is ruff's name for the text format.
    completed = invoke_fitlint("-e", "-n", "--output-format", "full", "train.py")
    assert completed.returncode == 0
    assert "5 | model.fit_generator(" in completed.stdout
    assert not (tmp_path / ".fitlint_cache").exists()
    # The --no- halves of ruff's flag pairs are accepted.
    assert invoke_fitlint("--no-unsafe-fixes", "--no-show-fixes", "train.py").returncode == 1
    # -s: nothing on standard output, the exit code tells.
    silent = invoke_fitlint("-s", "train.py")
    assert (silent.returncode, silent.stdout, silent.stderr) == (1, "", "")


def test_isolated_reads_no_config(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "fitlint.toml", 'ignore = ["FL003"]\n')
    assert invoke_fitlint("train.py").returncode == 0
    assert invoke_fitlint("--isolated", "train.py").returncode == 1
    both = invoke_fitlint("--isolated", "--config", "fitlint.toml", "train.py")
    assert both.returncode == 2
    assert "--isolated cannot be used with --config" in both.stderr


def test_fix_only_fixes_and_reports_nothing(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    target = write(
        tmp_path / "train.py", BAD_TRAINING_SCRIPT.replace("epochs=2)", "epochs=2, workers=2)")
    )
    completed = invoke_fitlint("--fix-only", "train.py")
    assert completed.returncode == 0  # FL101 (workers=) remains, unreported
    assert "fit_generator" not in target.read_text()
    assert completed.stdout == "Fixed 1 finding in 1 file.\n"
    assert invoke_fitlint("train.py").returncode == 1


@pytest.mark.parametrize(
    "other", [["--diff"], ["--fix"], ["--statistics"], ["--stdin-filename", "x.py"]]
)
def test_add_noqa_refuses_options_that_would_change_its_meaning(
    tmp_path: Path, invoke_fitlint: RunFitlint, other: list[str]
) -> None:
    target = write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    before = target.read_text()
    completed = invoke_fitlint("--add-noqa", *other, "train.py", stdin="")
    assert completed.returncode == 2
    assert "--add-noqa cannot be used with" in completed.stderr
    assert target.read_text() == before  # nothing written


def test_output_file_takes_every_report(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    for options, expected in (
        (["--statistics"], "    1\tFL003\t[*] deprecated-fit-generator\n"),
        (["--show-files"], f"{(tmp_path / 'train.py').resolve()}\n"),
        (["--diff"], "-model.fit_generator("),
        (["--show-settings"], "select = "),
    ):
        report = tmp_path / "reports" / "deep" / "out.txt"  # missing directories are made
        completed = invoke_fitlint(*options, "-o", str(report), "train.py")
        assert completed.stdout == "", options
        assert expected in report.read_text(), options
        report.unlink()


def test_a_missing_path_is_no_all_clear(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint("missing.py")
    assert completed.returncode == 2
    assert completed.stdout == "No findings; 1 error (0 files checked).\n"
    assert completed.stderr == "fitlint: error: missing.py: no such file or directory\n"


def test_an_unused_noqa_is_found_in_a_walk_too(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    # A file with no training code: the prefilter would skip it, but for its noqa comment.
    write(tmp_path / "util.py", "import os\nprint(os.getcwd())  # noqa: FL003\n")
    for target in (".", "util.py"):
        completed = invoke_fitlint("--output-format", "concise", target)
        assert finding_lines(completed.stdout) == [
            "util.py:2:29: FL900 [*] `# noqa: FL003` suppresses nothing: no FL003 finding on "
            "this line. Remove it, so that a future FL003 is not hidden."
        ], target
