"""The `fitlint` command: `fitlint [PATHS]...` lints; `fitlint rule CODE` and `fitlint rules`
print the catalog.

Exit codes: 0 no findings (or --exit-zero), 1 findings, 2 usage, configuration, unreadable or
unparsable files, or an internal error. No traceback reaches the user unless --debug is given.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from fitlint import __version__, replay
from fitlint.batch import lint_files
from fitlint.cache import ResultCache, default_cache_dir
from fitlint.catalog import ALL_CODES, CODES_BY_NAME, RULES, SYNTAX_ERROR_CODE
from fitlint.config import (
    ConfigError,
    Settings,
    find_config,
    load_settings,
    normalize_selectors,
    with_overrides,
)
from fitlint.files import discover
from fitlint.output import FORMATTERS, Report, RuleInfo
from fitlint.results import FileResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _DefaultCommandGroup(click.Group):
    """`fitlint src/` means `fitlint check src/`: anything that is not a subcommand is a path."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        top_level_flags = {"--help", "-h", "--version"}
        if not args or (args[0] not in self.commands and args[0] not in top_level_flags):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def _echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """click.echo, also noted for the run record (see fitlint.replay)."""
    click.echo(message, err=err, nl=nl)
    replay.echo(message + "\n" if nl else message, err)


def _error(message: str) -> None:
    _echo(f"fitlint: error: {message}", err=True)


def _fail(message: str) -> NoReturn:
    _error(message)
    sys.exit(EXIT_ERROR)


def _split_codes(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part for value in values for part in value.split(",") if part.strip())


def _rule_infos() -> list[RuleInfo]:
    return [RuleInfo(rule.code, rule.name, rule.summary, rule.url) for rule in RULES]


@click.group(
    cls=_DefaultCommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="A static linter for Keras training code.\n\n"
    "`fitlint [OPTIONS] [PATHS]...` lints (the same as `fitlint check`); "
    "run `fitlint check --help` for its options.",
)
@click.version_option(__version__, "--version", prog_name="fitlint", message="%(prog)s %(version)s")
def cli() -> None:
    pass


def main() -> None:
    """The console script: click's parsing, plus a quiet exit when the reader goes away."""
    arguments = sys.argv[1:]
    script_args: list[str] = []
    if arguments[:1] == ["confirm"] and "--" in arguments:
        # `fitlint confirm train.py -- --epochs 3`: what follows `--` belongs to the script.
        split = arguments.index("--")
        arguments, script_args = arguments[:split], arguments[split + 1 :]
    replay.start_recording(arguments)
    try:
        cli(args=arguments, prog_name="fitlint", obj={"script_args": tuple(script_args)})
    except BrokenPipeError:
        # `fitlint . | head`: stop writing; point stdout at devnull so the exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--select", multiple=True, help="Rule codes or prefixes to enable (replaces the config's)."
)
@click.option(
    "--extend-select", multiple=True, help="Rule codes or prefixes to enable in addition."
)
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option(
    "--output-format",
    type=click.Choice(list(FORMATTERS)),
    default="text",
    envvar="FITLINT_OUTPUT_FORMAT",
    show_default=True,
    help="How findings are printed.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fix", is_flag=True, help="Apply safe fixes (files are rewritten atomically).")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes as well."
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--show-fixes", is_flag=True, help="List each fix applied.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when --fix changed any file.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=str),
    help="Where to keep the result cache (default: .fitlint_cache beside the config, or "
    "FITLINT_CACHE_DIR).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes for parsing (default: the number of CPUs).",
)
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=str),
    help="Lint standard input, reporting it under this file name.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this pyproject.toml or fitlint.toml instead of searching for one.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply exclude and .gitignore even to files named on the command line (for pre-commit).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(__version__, "--version", prog_name="fitlint", message="%(prog)s %(version)s")
def check(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
    exit_zero: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    exit_non_zero_on_fix: bool,
    statistics: bool,
    no_cache: bool,
    cache_dir: str | None,
    jobs: int | None,
    stdin_filename: str | None,
    quiet: bool,
    config_file: Path | None,
    force_exclude: bool,
    debug: bool,
) -> None:
    """Lint PATHS (files or directories; default: the current directory). Use `-` for stdin."""
    reads_stdin = paths == ("-",) or (stdin_filename is not None and not paths)
    if "-" in paths and not reads_stdin:
        _fail("`-` (standard input) cannot be combined with other paths")
    settings = _settings(paths, stdin_filename, config_file, select, extend_select, ignore)

    results: list[FileResult] = []
    errors: list[str] = []
    cache_path: Path | None = None
    if reads_stdin:
        filename = stdin_filename or "-"
        if not (force_exclude and _stdin_excluded(filename, settings)):
            from fitlint.engine import Linter

            data = sys.stdin.buffer.read()
            results.append(Linter(settings).lint_bytes(data, filename, Path(filename)))
    else:
        discovery = discover(
            [Path(path) for path in (paths or (".",))], settings, force_exclude=force_exclude
        )
        errors.extend(discovery.errors)
        if fix or diff:
            sys.exit(
                _fix_files(
                    discovery.files,
                    discovery.explicit,
                    settings,
                    errors,
                    write=not diff,
                    unsafe=unsafe_fixes,
                    show_fixes=show_fixes,
                    exit_non_zero_on_fix=exit_non_zero_on_fix,
                    report=lambda results, errs: _report(
                        results, errs, output_format, statistics, quiet, debug
                    ),
                )
            )
        for path in discovery.files:
            replay.observe(path)  # before the read: a later edit must not look unchanged
        cache_path = default_cache_dir(settings, cache_dir)
        cache = None if no_cache else ResultCache(cache_path, settings)
        results = lint_files(discovery.files, discovery.explicit, settings, jobs=jobs, cache=cache)
        for result in results:
            for dependency, recorded in result.dependency_signatures.items():
                replay.observe_signature(dependency, recorded)

    exit_code = _report(results, errors, output_format, statistics, quiet, debug)
    if exit_code == EXIT_FINDINGS and exit_zero:
        exit_code = EXIT_CLEAN
    if any(result.errors or result.internal_errors for result in results):
        replay.abandon()  # a read error or a crash may not happen again: no record
    elif cache_path is not None:
        replay.finish(cache_path, exit_code)
    sys.exit(exit_code)


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=120.0,
    show_default=True,
    help="Seconds each script may run before its whole process group is killed.",
)
@click.option(
    "--calls",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Stop each script after this many training calls.",
)
@click.option(
    "--python",
    "python",
    type=click.Path(dir_okay=False, path_type=str),
    help="Run the scripts with this interpreter (your project's environment).",
)
@click.option(
    "--output-format", type=click.Choice(list(FORMATTERS)), default="text", show_default=True
)
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option(
    "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file."
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.pass_context
def confirm(
    ctx: click.Context,
    paths: tuple[str, ...],
    timeout: float,
    calls: int,
    python: str | None,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    quiet: bool,
) -> None:
    """Confirm static findings at run time, with TensorFlow (pip install 'fitlint[confirm]').

    WARNING: this RUNS the scripts in PATHS. Everything a script does before its first
    Keras training call runs for real (data loading, file writes, network access); training
    calls (fit, train_on_batch, evaluate, predict...) are patched to record what they
    receive and return without training, and the script is stopped after --calls of them
    or after --timeout seconds. GPUs are hidden. fitlint writes nothing into your tree.

    Each finding is marked confirmed, refuted or inconclusive with what was observed.
    Arguments after `--` are passed to every script. Exit code 1 while any finding is
    confirmed or inconclusive, 0 when all are refuted (or there are none).
    """
    from fitlint.confirm import ConfirmOptions, confirm_diagnostics, tensorflow_available

    if not tensorflow_available(python):
        _fail(
            "`fitlint confirm` needs TensorFlow/Keras in "
            + (python or "this environment")
            + ": pip install 'fitlint[confirm]'"
        )
    from fitlint.engine import Linter

    settings = _settings(paths, None, config_file, select, (), ignore)
    linter = Linter(settings)
    discovery = discover([Path(path) for path in paths], settings)
    options = ConfirmOptions(
        timeout=timeout,
        calls=calls,
        python=python,
        script_args=tuple((ctx.obj or {}).get("script_args", ())),
    )
    results: list[FileResult] = []
    for path in discovery.files:
        result = linter.lint_path(path)
        findings = [d for d in result.diagnostics if d.code != SYNTAX_ERROR_CODE]
        if findings:
            confirmed, run = confirm_diagnostics(path, findings, options)
            others = [d for d in result.diagnostics if d.code == SYNTAX_ERROR_CODE]
            result.diagnostics = sorted([*others, *confirmed], key=lambda d: d.sort_key())
            if not quiet:
                _note(f"{path.as_posix()}: ran in {run.seconds:.1f} s")
        results.append(result)
    sys.exit(_report(results, discovery.errors, output_format, False, quiet, False))


def _note(message: str) -> None:
    _echo(message, err=True)


def _settings(
    paths: tuple[str, ...],
    stdin_filename: str | None,
    config_file: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> Settings:
    try:
        if config_file is not None:
            replay.observe(config_file)
            if not config_file.is_file():
                raise ConfigError(f"{config_file}: config file not found")
            config_path: Path | None = config_file
        else:
            first = stdin_filename or (paths[0] if paths and paths[0] != "-" else ".")
            config_path = find_config(Path(replay.config_search_dir(first)))
        settings = load_settings(config_path, ALL_CODES, CODES_BY_NAME)
        return with_overrides(
            settings,
            select=normalize_selectors(_split_codes(select), ALL_CODES, CODES_BY_NAME, "--select")
            if select
            else None,
            extend_select=normalize_selectors(
                _split_codes(extend_select), ALL_CODES, CODES_BY_NAME, "--extend-select"
            ),
            ignore=normalize_selectors(_split_codes(ignore), ALL_CODES, CODES_BY_NAME, "--ignore"),
        )
    except ConfigError as error:
        _fail(str(error))


def _fix_files(
    files: Sequence[Path],
    explicit: frozenset[Path],
    settings: Settings,
    errors: list[str],
    *,
    write: bool,
    unsafe: bool,
    show_fixes: bool,
    exit_non_zero_on_fix: bool,
    report: Any,
) -> int:
    """--fix and --diff: fix each file in memory, then write it (or print its diff)."""
    from fitlint.engine import Linter
    from fitlint.fix import fix_source, unified_diff, write_atomically
    from fitlint.results import read_file

    linter = Linter(settings)
    results: list[FileResult] = []
    fixed_count = 0
    changed_files = 0
    for path in files:
        data = read_file(path)
        if isinstance(data, FileResult):
            results.append(data)
            continue
        filename = path.as_posix()
        if path not in explicit and not linter.may_fire(data):
            results.append(FileResult(filename))
            continue
        outcome = fix_source(linter, data, filename, path, unsafe)
        if outcome.error is not None:
            errors.append(outcome.error)
        final = outcome.fixed
        if outcome.changed:
            changed_files += 1
            fixed_count += len(outcome.applied)
            if write:
                problem = write_atomically(path, outcome.fixed)
                if problem is not None:
                    errors.append(problem)
                    final = data
            else:
                _echo(unified_diff(outcome), nl=False)
            if show_fixes:
                for diagnostic in outcome.applied:
                    location = diagnostic.location
                    _echo(
                        f"fixed {filename}:{location.row}:{location.column}: "
                        f"{diagnostic.code} {diagnostic.name}",
                        err=True,
                    )
        if write:
            results.append(linter.lint_bytes(final, filename, path))
    if not write:
        for message in errors:
            _error(message)
        verb = "Would fix" if changed_files else "No fixes available"
        if changed_files:
            _echo(f"{verb} {fixed_count} finding(s) in {changed_files} file(s).", err=True)
        else:
            _echo(f"{verb}.", err=True)
        if errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if changed_files else EXIT_CLEAN
    if fixed_count:
        _echo(f"Fixed {fixed_count} finding(s) in {changed_files} file(s).", err=True)
    exit_code = int(report(results, errors))
    if exit_code == EXIT_CLEAN and exit_non_zero_on_fix and changed_files:
        return EXIT_FINDINGS
    return exit_code


def _stdin_excluded(filename: str, settings: Settings) -> bool:
    discovery = discover([Path(filename)], settings, force_exclude=True)
    # discover() reports a missing file as an error; a stdin name need not exist on disk.
    return not discovery.files and not discovery.errors


def _report(
    results: list[FileResult],
    errors: list[str],
    output_format: str,
    statistics: bool,
    quiet: bool,
    debug: bool,
) -> int:
    diagnostics = [diagnostic for result in results for diagnostic in result.diagnostics]
    errors = errors + [error for result in results for error in result.errors]
    internal = [error for result in results for error in result.internal_errors]
    report = Report(
        diagnostics=diagnostics,
        rules=_rule_infos(),
        version=__version__,
        sources={result.filename: result.source_lines for result in results if result.diagnostics},
    )
    if statistics:
        _print_statistics(report, output_format)
    else:
        text = FORMATTERS[output_format](report)
        if text:
            _echo(text, nl=False)
    for message in errors:
        _error(message)
    for crash in internal:
        _error(crash.describe())
        if debug:
            _echo(crash.traceback, err=True, nl=False)
    if internal and not debug:
        _error("this is a bug in fitlint; run with --debug for the traceback and please report it")
    unparsable = sum(1 for diagnostic in diagnostics if diagnostic.code == SYNTAX_ERROR_CODE)
    if not quiet and output_format in ("text", "concise"):
        _print_summary(len(results), diagnostics, unparsable)
    if errors or internal or unparsable:
        return EXIT_ERROR
    # A finding a confirmation run refuted does not fail the run.
    standing = [
        d for d in diagnostics if d.confirmation is None or d.confirmation.status != "refuted"
    ]
    return EXIT_FINDINGS if standing else EXIT_CLEAN


def _print_summary(file_count: int, diagnostics: Sequence[Any], unparsable: int) -> None:
    files_word = "file" if file_count == 1 else "files"
    if not diagnostics:
        _echo(f"All checks passed ({file_count} {files_word} checked).", err=True)
        return
    findings = len(diagnostics) - unparsable
    parts = []
    if findings:
        flagged = len({d.filename for d in diagnostics if d.code != SYNTAX_ERROR_CODE})
        parts.append(
            f"Found {findings} finding{'s' if findings != 1 else ''} in {flagged} "
            f"file{'s' if flagged != 1 else ''}"
        )
    if unparsable:
        parts.append(f"{unparsable} file{'s' if unparsable != 1 else ''} could not be parsed")
    _echo(f"{'; '.join(parts)} ({file_count} {files_word} checked).", err=True)


def _print_statistics(report: Report, output_format: str) -> None:
    counts = Counter(diagnostic.code for diagnostic in report.diagnostics)
    names = {rule.code: rule.name for rule in report.rules}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
        payload = [{"code": code, "name": names.get(code), "count": count} for code, count in rows]
        _echo(json.dumps(payload, indent=2))
        return
    for code, count in rows:
        _echo(f"{count:>5}\t{code}\t{names.get(code, '')}")


# --- documentation commands ---------------------------------------------------------------


def rule_page(code: str) -> str | None:
    """The rule's catalog page (rules/<CODE>-<name>/README.md), shipped inside the package."""
    from importlib import resources

    docs = resources.files("fitlint").joinpath("rule_docs")
    for info in _rule_infos():
        if info.code == code:
            page = docs.joinpath(f"{info.code}-{info.name}", "README.md")
            if page.is_file():
                return page.read_text(encoding="utf-8")
            return _builtin_page(info)
    return None


def _builtin_page(info: RuleInfo) -> str:
    if info.code != SYNTAX_ERROR_CODE:
        return f"# {info.code} {info.name}\n\n{info.summary}.\n"
    return f"""# {info.code} {info.name}

## What it does

Reports a file that fitlint could not check: it contains a NUL byte (a binary file saved
as `.py`), its bytes are not valid in its encoding (UTF-8 unless a PEP 263 `coding:`
comment says otherwise), or it does not parse as Python 3 (a syntax error, or Python 2
code such as `print "x"`). The message gives Python's own wording and the location.

## Why is this bad?

Nothing in the file was linted, so a clean run would be a false comfort. The run exits
with code 2 so that CI notices (`--exit-zero` silences findings, not this).

A file found by walking a directory is parsed only when its tokens show some enabled rule
could fire on it, so a syntax error in a file without training code goes unreported
there; files named on the command line (as pre-commit names them) are always parsed.

## Use instead

Fix the syntax error or the encoding. If the file is not meant to be Python 3 (vendored
Python 2 code, a template), exclude it with `extend-exclude` in `[tool.fitlint]`, or add
`"{info.code}"` to `ignore` or `per-file-ignores` for it.
"""


@cli.command()
@click.argument("code")
def rule(code: str) -> None:
    """Print the documentation page of rule CODE (e.g. FL003 or deprecated-fit-generator)."""
    resolved = CODES_BY_NAME.get(code, code.upper())
    page = rule_page(resolved)
    if page is None:
        try:
            normalize_selectors([code], ALL_CODES, CODES_BY_NAME, "rule")
        except ConfigError as error:
            _fail(str(error))
        _fail(f"'{code}' is a prefix, not a rule; run `fitlint rules` for the list")
    _echo(page, nl=not page.endswith("\n"))


@cli.command()
@click.option(
    "--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules(output_format: str) -> None:
    """List every rule fitlint has."""
    infos = _rule_infos()
    if output_format == "json":
        payload = [
            {"code": i.code, "name": i.name, "summary": i.summary, "url": i.url} for i in infos
        ]
        _echo(json.dumps(payload, indent=2))
        return
    for info in infos:
        _echo(f"{info.code}  {info.name:<34} {info.summary}")
