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
from typing import NoReturn

import click
import cloup

from fitlint import __version__, api
from fitlint.catalog import (
    ALL_CODES,
    BY_CODE,
    CODES_BY_NAME,
    RULES,
    SYNTAX_ERROR_CODE,
    markdown_table,
)
from fitlint.config import ConfigError, Settings, normalize_selectors
from fitlint.diagnostics import Diagnostic
from fitlint.observe import NULL_OBSERVER, Observer
from fitlint.output import FORMATTERS, Report
from fitlint.progress import TerminalProgress
from fitlint.replay import Recorder
from fitlint.results import FileResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# Every command's help: ruff's layout, an option per line (never wrapped), grouped.
HELP_SETTINGS = cloup.Context.settings(
    help_option_names=["-h", "--help"],
    terminal_width=120,
    max_content_width=120,
    formatter_settings=cloup.HelpFormatter.settings(col1_max_width=34, col_spacing=2),
)


class _Command(cloup.Command):
    """A command whose ungrouped options (--config, --version, --help) are its "Global
    options", as ruff titles them."""

    def get_default_option_group(
        self, ctx: click.Context, is_the_only_visible_option_group: bool = False
    ) -> cloup.OptionGroup:
        group = super().get_default_option_group(ctx, is_the_only_visible_option_group)
        if not is_the_only_visible_option_group:
            group.title = "Global options"
        return group


class _DefaultCommandGroup(cloup.Group):
    """`fitlint src/` means `fitlint check src/`: anything that is not a subcommand is a path."""

    default_command = "check"
    command_class = _Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        top_level_flags = {"--help", "-h", "--version"}
        if not args or (args[0] not in self.commands and args[0] not in top_level_flags):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """ruff's top-level help: both usages, the commands, then the options of the
        default command (`fitlint PATHS` is `fitlint check PATHS`), grouped."""
        formatter.write(
            f"Usage: {ctx.command_path} [OPTIONS] [PATHS]...\n"
            f"       {ctx.command_path} COMMAND [ARGS]...\n"
        )
        self.format_help_text(ctx, formatter)
        self.format_commands(ctx, formatter)
        check = self.commands[self.default_command]
        assert isinstance(check, cloup.Command)
        with check.make_context(ctx.info_name, [], resilient_parsing=True) as check_context:
            check.format_params(check_context, formatter)


class _Run:
    """What one command-line run shares: the script arguments after `--`, the recorder
    when the run's output may be replayed next time (see fitlint.replay), and the file the
    findings go to (`-o`) instead of standard output."""

    def __init__(self, recorder: Recorder | None, script_args: tuple[str, ...]) -> None:
        self.recorder = recorder
        self.script_args = script_args
        self.output_file: Path | None = None
        # The report's text while it goes to `-o FILE` (written when the command ends), or
        # nowhere (`--silent`); None: to standard output as it is made.
        self.sink: list[str] | None = None
        self.color = False

    @property
    def observer(self) -> Observer:
        return self.recorder if self.recorder is not None else NULL_OBSERVER


def _run() -> _Run:
    context = click.get_current_context(silent=True)
    run = context.find_object(_Run) if context is not None else None
    if run is None:
        run = _Run(None, ())
        if context is not None and context.find_root().obj is None:
            context.find_root().obj = run  # invoked without `main()` (tests, embedding)
    return run


def _echo(message: str, *, err: bool = False, nl: bool = True, color: bool | None = None) -> None:
    """click.echo, also noted for the run record."""
    click.echo(message, err=err, nl=nl, color=color)
    recorder = _run().recorder
    if recorder is not None:
        recorder.echo(message + "\n" if nl else message, err)


def _emit(text: str, *, color: bool | None = None) -> None:
    """Report text (findings, summary, statistics, a diff, --show-files...): to standard
    output, or kept for `-o FILE`, or dropped with `--silent`."""
    sink = _run().sink
    if sink is not None:
        sink.append(click.unstyle(text))
        return
    _echo(text, nl=False, color=color)


def _write_output_file(target: Path) -> None:
    """`-o FILE`: write what the run reported, atomically, creating missing directories."""
    import tempfile

    text = "".join(_run().sink or [])
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        _fail(f"{target}: cannot write: {error.strerror or error}")


def _error(message: str) -> None:
    _echo(f"fitlint: error: {message}", err=True)


def _fail(message: str) -> NoReturn:
    _error(message)
    sys.exit(EXIT_ERROR)


@cloup.group(
    cls=_DefaultCommandGroup,
    context_settings=HELP_SETTINGS,
    help="A static linter for Keras training code: it finds training code that runs without "
    "error but trains wrong, or breaks on Keras 3. `fitlint PATHS` is `fitlint check PATHS`.",
)
@click.version_option(__version__, "--version", prog_name="fitlint", message="%(prog)s %(version)s")
def cli() -> None:
    pass


def main() -> None:
    """The command line, after `fitlint.__main__` found no record to replay."""
    arguments = sys.argv[1:]
    script_args: list[str] = []
    if arguments[:1] == ["confirm"] and "--" in arguments:
        # `fitlint confirm train.py -- --epochs 3`: what follows `--` belongs to the script.
        split = arguments.index("--")
        arguments, script_args = arguments[:split], arguments[split + 1 :]
    run = _Run(Recorder.for_command_line(arguments), tuple(script_args))
    cli(args=arguments, prog_name="fitlint", obj=run)


@cli.command(
    context_settings=HELP_SETTINGS,
    short_help="Lint files and directories (what `fitlint PATHS` runs).",
    show_constraints=False,
)
@cloup.argument(
    "paths",
    nargs=-1,
    type=click.Path(path_type=str),
    help="Files and directories to lint; `-` is standard input. [default: .]",
)
@cloup.option_group(
    "Options",
    cloup.option("--fix", is_flag=True, help="Apply safe fixes (files are rewritten atomically)."),
    cloup.option(
        "--unsafe-fixes/--no-unsafe-fixes",
        default=False,
        help="With --fix or --diff, apply unsafe fixes as well.",
    ),
    cloup.option("--fix-only", is_flag=True, help="Apply safe fixes; report nothing that remains."),
    cloup.option("--no-fix", is_flag=True, help="Apply no fixes (the default, as in ruff)."),
    cloup.option("--show-fixes/--no-show-fixes", default=False, help="List each fix applied."),
    cloup.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing."),
    cloup.option(
        "--output-format",
        type=click.Choice([*FORMATTERS, "full"]),
        default="text",
        envvar="FITLINT_OUTPUT_FORMAT",
        metavar="FORMAT",
        help=f"{', '.join(FORMATTERS)}; text (ruff's `full`) by default.",
    ),
    cloup.option(
        "-o",
        "--output-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to FILE instead of standard output.",
    ),
    cloup.option("--statistics", is_flag=True, help="Print the number of findings per rule."),
    cloup.option("--add-noqa", is_flag=True, help="Add `# noqa: CODES` to every finding's line."),
    cloup.option("--show-files", is_flag=True, help="Print the files to lint, and exit."),
    cloup.option("--show-settings", is_flag=True, help="Print the settings used, and exit."),
    cloup.option(
        "--color",
        "color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        metavar="WHEN",
        help="Colour text output: auto (a terminal, unless NO_COLOR), always, never.",
    ),
)
@cloup.option_group(
    "Rule selection",
    cloup.option(
        "--select", multiple=True, metavar="CODE", help="Rules to enable (replaces the config's)."
    ),
    cloup.option(
        "--extend-select", multiple=True, metavar="CODE", help="Rules to enable in addition."
    ),
    cloup.option("--ignore", multiple=True, metavar="CODE", help="Rules to disable."),
    cloup.option(
        "--per-file-ignores",
        multiple=True,
        metavar="PATTERN:CODES",
        help="Rules to disable in matching files, e.g. 'legacy/*.py:FL003'.",
    ),
)
@cloup.option_group(
    "File selection",
    cloup.option(
        "--exclude", multiple=True, metavar="PATTERN", help="Files to skip (replaces the config's)."
    ),
    cloup.option(
        "--extend-exclude", multiple=True, metavar="PATTERN", help="Files to skip in addition."
    ),
    cloup.option(
        "--force-exclude",
        is_flag=True,
        help="Skip excluded files even when named (for pre-commit).",
    ),
)
@cloup.option_group(
    "Miscellaneous",
    cloup.option("-n", "--no-cache", is_flag=True, help="Do not read or write the result cache."),
    cloup.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=str),
        metavar="DIR",
        help="Where the cache lives [default: .fitlint_cache, or FITLINT_CACHE_DIR].",
    ),
    cloup.option(
        "--jobs",
        "-j",
        type=int,
        callback=lambda _ctx, _param, value: _at_least_one(value),
        metavar="N",
        help="Worker processes for parsing [default: the number of CPUs].",
    ),
    cloup.option(
        "--stdin-filename",
        type=click.Path(path_type=str),
        metavar="PATH",
        help="The file name to report standard input (`-`) under.",
    ),
    cloup.option("-e", "--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
    cloup.option(
        "--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when --fix changed any file."
    ),
)
@cloup.option_group(
    "Log levels",
    cloup.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no bar."),
    cloup.option(
        "-s", "--silent", is_flag=True, help="Print nothing but errors; the exit code tells."
    ),
    cloup.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
)
@cloup.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Use this pyproject.toml or fitlint.toml, not the one found.",
)
@cloup.option("--isolated", is_flag=True, help="Read no configuration file: the defaults.")
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
    no_fix: bool,
    output_file: Path | None,
    show_settings: bool,
    show_files: bool,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    per_file_ignores: tuple[str, ...],
    add_noqa: bool,
    color: str,
    fix_only: bool,
    silent: bool,
    isolated: bool,
) -> None:
    """Lint PATHS (files or directories; default: the current directory). Use `-` for stdin."""
    reads_stdin = paths == ("-",) or (stdin_filename is not None and not paths)
    if "-" in paths and not reads_stdin:
        _fail("`-` (standard input) cannot be combined with other paths")
    if output_format == "full":
        output_format = "text"  # ruff's name for the full text format
    if isolated and config_file is not None:
        raise click.UsageError("--isolated cannot be used with --config")
    fix = fix or fix_only
    quiet = quiet or silent
    if fix and no_fix:
        fix = False  # the last word wins in ruff; both given here: do not fix
    observer = _run().observer
    settings = _settings(
        paths,
        stdin_filename,
        config_file,
        select,
        extend_select,
        ignore,
        exclude=exclude,
        extend_exclude=extend_exclude,
        per_file_ignores=per_file_ignores,
        isolated=isolated,
    )
    if add_noqa:
        conflicting = [
            option
            for option, given in (
                ("--fix", fix),
                ("--diff", diff),
                ("--statistics", statistics),
                ("--stdin-filename / -", reads_stdin or stdin_filename is not None),
            )
            if given
        ]
        if conflicting:
            raise click.UsageError(f"--add-noqa cannot be used with {conflicting[0]}")
    if output_file is not None:
        _run().output_file = output_file
        _run().sink = []
        click.get_current_context().call_on_close(lambda: _write_output_file(output_file))
    elif silent:
        _run().sink = []  # the exit code says it all
    _run().color = _use_color(color, output_file is None and not silent)
    if show_settings:
        _emit(_settings_text(settings) + "\n")
        sys.exit(EXIT_CLEAN)
    if show_files:
        from fitlint.files import discover

        found = discover(
            [Path(p) for p in (paths or (".",))], settings, force_exclude=force_exclude
        )
        for path in found.files:
            _emit(f"{Path(path).resolve()}\n")
        for message in found.errors:
            _error(message)
        sys.exit(EXIT_ERROR if found.errors else EXIT_CLEAN)
    if add_noqa:
        count, problems = api.add_noqa(paths or (".",), settings, force_exclude=force_exclude)
        for message in problems:
            _error(message)
        _echo(f"Added {count} noqa directive{'s' if count != 1 else ''}.", err=True)
        sys.exit(EXIT_ERROR if problems else EXIT_CLEAN)

    if reads_stdin:
        filename = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        if fix or diff:
            sys.exit(
                _fix_stdin(
                    data,
                    filename,
                    settings,
                    force_exclude=force_exclude,
                    diff=diff,
                    unsafe=unsafe_fixes,
                    output_format=output_format,
                    quiet=quiet,
                    debug=debug,
                    exit_zero=exit_zero,
                    fix_only=fix_only,
                )
            )
        result = api.lint_source(data, filename, settings, force_exclude=force_exclude)
        results = [result] if result is not None else []
        sys.exit(_report(results, [], output_format, statistics, quiet, debug, exit_zero))
    targets = paths or (".",)
    if fix or diff:
        sys.exit(
            _run_fixes(
                targets,
                settings,
                force_exclude=force_exclude,
                write=not diff,
                unsafe=unsafe_fixes,
                show_fixes=show_fixes,
                exit_non_zero_on_fix=exit_non_zero_on_fix,
                output_format=output_format,
                statistics=statistics,
                quiet=quiet,
                debug=debug,
                fix_only=fix_only,
            )
        )
    with _progress("Linting", quiet) as progress:
        run = api.lint_paths(
            targets,
            settings,
            force_exclude=force_exclude,
            jobs=jobs,
            use_cache=not no_cache,
            cache_dir=cache_dir,
            observer=observer,
            progress=progress,
        )
    exit_code = _report(run.results, run.errors, output_format, statistics, quiet, debug, exit_zero)
    recorder = _run().recorder
    if recorder is not None:
        if output_file is not None:
            recorder.abandon()  # a replay prints; it would not write the file
        elif any(result.errors or result.internal_errors for result in run.results):
            recorder.abandon()  # a read error or a crash may not happen again: no record
        elif run.cache_dir is not None:
            recorder.save(str(run.cache_dir), exit_code)
    sys.exit(exit_code)


@cli.command(
    context_settings=HELP_SETTINGS,
    short_help="Run the scripts with TensorFlow and confirm or refute each finding.",
)
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
    from fitlint.confirm.run import ConfirmOptions, tensorflow_available

    if not tensorflow_available(python):
        _fail(
            "`fitlint confirm` needs TensorFlow/Keras in "
            + (python or "this environment")
            + ": pip install 'fitlint[confirm]'"
        )
    settings = _settings(paths, None, config_file, select, (), ignore)
    options = ConfirmOptions(
        timeout=timeout, calls=calls, python=python, script_args=_run().script_args
    )

    def ran(path: Path, seconds: float) -> None:
        if not quiet:
            _echo(f"{path.as_posix()}: ran in {seconds:.1f} s", err=True)

    run = api.confirm_paths(paths, settings, options, on_run=ran)
    if not quiet:
        for note in run.notes:
            _echo(note, err=True)
    sys.exit(_report(run.results, run.errors, output_format, False, quiet, False))


def _settings(
    paths: tuple[str, ...],
    stdin_filename: str | None,
    config_file: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    *,
    exclude: tuple[str, ...] = (),
    extend_exclude: tuple[str, ...] = (),
    per_file_ignores: tuple[str, ...] = (),
    isolated: bool = False,
) -> Settings:
    try:
        return api.run_settings(
            paths,
            stdin_filename=stdin_filename,
            config_file=config_file,
            select=select,
            extend_select=extend_select,
            ignore=ignore,
            exclude=exclude or None,
            extend_exclude=extend_exclude,
            per_file_ignores=per_file_ignores,
            observer=_run().observer,
            isolated=isolated,
        )
    except ConfigError as error:
        _fail(str(error))


def _fix_stdin(
    data: bytes,
    filename: str,
    settings: Settings,
    *,
    force_exclude: bool,
    diff: bool,
    unsafe: bool,
    output_format: str,
    quiet: bool,
    debug: bool,
    exit_zero: bool,
    fix_only: bool = False,
) -> int:
    """`--fix -` and `--diff -`, as ruff does them: `--fix` prints the fixed source (all of
    it, changed or not) on standard output and what is left to report on standard error;
    `--diff` prints the diff."""
    from fitlint.fix import unified_diff

    outcome = api.fix_source(data, filename, settings, unsafe=unsafe, force_exclude=force_exclude)
    if outcome is None:  # excluded: passed through unchanged
        if not diff:
            sys.stdout.buffer.write(data)
        return EXIT_CLEAN
    if outcome.error is not None:
        _error(outcome.error)
    if diff:
        if outcome.changed:
            _echo(unified_diff(outcome), nl=False)
        if outcome.error is not None:
            return EXIT_ERROR
        return EXIT_FINDINGS if outcome.changed else EXIT_CLEAN
    sys.stdout.buffer.write(outcome.fixed)
    sys.stdout.flush()
    if fix_only:
        return EXIT_ERROR if outcome.error is not None else EXIT_CLEAN
    result = outcome.result or api.lint_source(outcome.fixed, filename, settings)
    results = [result] if result is not None else []
    code = _report(results, [], output_format, False, quiet, debug, exit_zero, to_stderr=True)
    return EXIT_ERROR if outcome.error is not None else code


def _run_fixes(
    paths: Sequence[str],
    settings: Settings,
    *,
    force_exclude: bool,
    write: bool,
    unsafe: bool,
    show_fixes: bool,
    exit_non_zero_on_fix: bool,
    output_format: str,
    statistics: bool,
    quiet: bool,
    debug: bool,
    fix_only: bool = False,
) -> int:
    """--fix and --diff: fix each file in memory, then write it (or print its diff);
    `fix_only`: report nothing that remains, and exit 0 for it."""
    from fitlint.fix import unified_diff

    with _progress("Fixing", quiet) as progress:
        run = api.fix_paths(
            paths,
            settings,
            write=write,
            unsafe=unsafe,
            force_exclude=force_exclude,
            progress=progress,
        )
    for outcome in run.changed:
        if not write:
            _emit(unified_diff(outcome))
        if show_fixes:
            for diagnostic in outcome.applied:
                _echo(
                    f"fixed {outcome.filename}:{diagnostic.position()}: "
                    f"{diagnostic.code} {diagnostic.name}",
                    err=True,
                )
    changed_files = len(run.changed)
    if not write:
        errors = run.errors + [error for result in run.results for error in result.errors]
        for message in errors:
            _error(message)
        if changed_files:
            _echo(
                f"Would fix {_count(run.fixed_count, 'finding')} in "
                f"{_count(changed_files, 'file')}.",
                err=True,
            )
        else:
            _echo("No fixes available.", err=True)
        if errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if changed_files else EXIT_CLEAN
    if run.fixed_count and not quiet:
        # On standard output, before what remains, so `fitlint --fix > log` keeps it.
        _emit(f"Fixed {_count(run.fixed_count, 'finding')} in {_count(changed_files, 'file')}.\n")
    if fix_only:
        errors = run.errors + [error for result in run.results for error in result.errors]
        for message in errors:
            _error(message)
        if errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if exit_non_zero_on_fix and changed_files else EXIT_CLEAN
    exit_code = _report(run.results, run.errors, output_format, statistics, quiet, debug)
    if exit_code == EXIT_CLEAN and exit_non_zero_on_fix and changed_files:
        return EXIT_FINDINGS
    return exit_code


def _report(
    results: list[FileResult],
    errors: list[str],
    output_format: str,
    statistics: bool,
    quiet: bool,
    debug: bool,
    exit_zero: bool = False,
    *,
    to_stderr: bool = False,
) -> int:
    """Print the findings (on standard error with `to_stderr`: standard output carries a
    fixed source), errors and summary; the exit code (`exit_zero` turns findings' 1 into 0,
    never an error's 2)."""
    diagnostics = [diagnostic for result in results for diagnostic in result.diagnostics]
    errors = errors + [error for result in results for error in result.errors]
    internal = [error for result in results for error in result.internal_errors]
    report = Report(
        diagnostics=diagnostics,
        rules=RULES,
        version=__version__,
        cwd=os.getcwd(),
        color=_run().color and output_format in ("text", "concise") and not to_stderr,
        sources={result.filename: result.source_lines for result in results if result.diagnostics},
        cell_sources={
            (result.filename, cell): lines
            for result in results
            for cell, lines in result.cell_lines.items()
        },
    )
    unparsable = sum(1 for diagnostic in diagnostics if diagnostic.code == SYNTAX_ERROR_CODE)
    # ruff's summary lines, after the findings on the same stream (or in the output file).
    summary = (
        [_summary(len(results), diagnostics, len(errors) + len(internal)), *_fixable(diagnostics)]
        if not quiet and output_format in ("text", "concise")
        else []
    )
    if statistics:
        _print_statistics(report, output_format)
    else:
        text = FORMATTERS[output_format](report)
        if to_stderr:
            _echo(text, nl=False, err=True)
        elif text:
            _emit(text, color=True if _run().color else None)
    for line in summary:
        if to_stderr:
            _echo(line, err=True)
        else:
            _emit(line + "\n")
    for message in errors:
        _error(message)
    for crash in internal:
        _error(crash.describe())
        if debug:
            _echo(crash.traceback, err=True, nl=False)
    if internal and not debug:
        _error("this is a bug in fitlint; run with --debug for the traceback and please report it")
    if errors or internal or unparsable:
        return EXIT_ERROR
    # A finding a confirmation run refuted does not fail the run.
    standing = [
        d for d in diagnostics if d.confirmation is None or d.confirmation.status != "refuted"
    ]
    return EXIT_FINDINGS if standing and not exit_zero else EXIT_CLEAN


def _summary(file_count: int, diagnostics: Sequence[Diagnostic], errors: int = 0) -> str:
    """The run's one-line summary: findings, files and cells that could not be parsed,
    errors (a missing path, an unreadable file: each printed on standard error)."""
    files_word = "file" if file_count == 1 else "files"
    if not diagnostics and not errors:
        return f"All checks passed ({file_count} {files_word} checked)."
    unparsable = [d for d in diagnostics if d.code == SYNTAX_ERROR_CODE]
    findings = len(diagnostics) - len(unparsable)
    parts = []
    if findings:
        flagged = len({d.filename for d in diagnostics if d.code != SYNTAX_ERROR_CODE})
        parts.append(f"Found {_count(findings, 'finding')} in {_count(flagged, 'file')}")
    files = sum(1 for d in unparsable if d.cell is None)
    cells = len(unparsable) - files
    if files:
        parts.append(f"{_count(files, 'file')} could not be parsed")
    if cells:
        # A notebook's other cells were checked: say cells, not files.
        parts.append(f"{_count(cells, 'notebook cell')} could not be parsed")
    if errors:
        parts.append(_count(errors, "error"))
    if not diagnostics:
        parts.insert(0, "No findings")
    return f"{'; '.join(parts)} ({file_count} {files_word} checked)."


def _fixable(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """ruff's line: how many findings `--fix` (and `--unsafe-fixes`) would fix, if any."""
    safe = sum(1 for d in diagnostics if d.fix is not None)
    unsafe = sum(1 for d in diagnostics if d.fix is None and d.unsafe_fix is not None)
    if not safe and not unsafe:
        return []
    parts = []
    if safe:
        parts.append(f"[*] {safe} fixable with the `--fix` option")
    if unsafe:
        parts.append(
            f"{unsafe} hidden fix{'es' if unsafe != 1 else ''} can be enabled with the "
            "`--unsafe-fixes` option"
        )
    return [f"{' ('.join(parts)}{')' if len(parts) == 2 else ''}."]


def _at_least_one(value: int | None) -> int | None:
    """-j N: N must be 1 or more (checked here: click's IntRange would add "[x>=1]" to the
    option's help line)."""
    if value is not None and value < 1:
        raise click.BadParameter(f"{value} is not 1 or more.")
    return value


def _progress(label: str, quiet: bool) -> TerminalProgress:
    """The progress bar on standard error (drawn for long runs on a terminal; not with -q)."""
    return TerminalProgress(sys.stderr, label, enabled=not quiet)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _use_color(choice: str, to_terminal: bool) -> bool:
    """`--color`: always / never, or on a terminal unless NO_COLOR; FORCE_COLOR forces it
    (https://no-color.org, https://force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return to_terminal and sys.stdout.isatty()


def _settings_text(settings: Settings) -> str:
    """`--show-settings`: where the settings came from, each value in the config's own
    TOML spelling (one per line), and the rules the settings enable."""
    import dataclasses

    from fitlint.config import enabled_codes

    def toml(value: object) -> str:
        if isinstance(value, tuple | list):
            if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
                pairs = ", ".join(f"{json.dumps(str(k))} = {toml(v)}" for k, v in value)
                return "{ " + pairs + " }"  # per-file-ignores: pattern → codes
            return "[" + ", ".join(toml(item) for item in value) + "]"
        if isinstance(value, bool | int | float):
            return str(value).lower() if isinstance(value, bool) else str(value)
        return json.dumps(str(value))

    lines = [f"# Settings path: {settings.config_path or '(none: the defaults)'}"]
    for item in dataclasses.fields(settings):
        if item.name == "config_path":
            continue
        lines.append(f"{item.name.replace('_', '-')} = {toml(getattr(settings, item.name))}")
    enabled = sorted(enabled_codes(settings, ALL_CODES))
    lines.append(f"# Enabled rules: {toml(enabled)}")
    return "\n".join(lines)


def _print_statistics(report: Report, output_format: str) -> None:
    counts = Counter(diagnostic.code for diagnostic in report.diagnostics)
    names = {rule.code: rule.name for rule in report.rules}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    # As ruff: a code is fixable when some finding of it has a safe fix.
    fixable = {d.code for d in report.diagnostics if d.fix is not None}
    if output_format == "json":
        payload = [
            {"code": code, "name": names.get(code), "count": count, "fixable": code in fixable}
            for code, count in rows
        ]
        _emit(json.dumps(payload, indent=2) + "\n")
        return
    for code, count in rows:
        mark = "[*] " if code in fixable else ""
        _emit(f"{count:>5}\t{code}\t{mark}{names.get(code, '')}\n")


@cli.command(
    context_settings=HELP_SETTINGS,
    short_help="Run the language server (LSP) on stdin/stdout, for editors.",
)
@cloup.option_group(
    "Options",
    cloup.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
)
def server(no_cache: bool) -> None:
    """Run the language server on stdin/stdout (for editors: diagnostics as you type, quick
    fixes, fix-all on save). Configure your editor's LSP client to start `fitlint server`."""
    from fitlint.lsp import serve

    serve(use_cache=not no_cache)


# --- documentation commands ---------------------------------------------------------------


def rule_page(code: str) -> str | None:
    """The rule's catalog page (rules/<CODE>-<name>/README.md), shipped inside the package;
    None for a code that is not a rule."""
    from importlib import resources

    meta = BY_CODE.get(code)
    if meta is None:
        return None
    page = resources.files("fitlint").joinpath("rule_docs", meta.page, "README.md")
    return page.read_text(encoding="utf-8")


@cli.command(context_settings=HELP_SETTINGS, short_help="Print the page of one rule.")
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
    "--output-format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def rules(output_format: str) -> None:
    """List every rule fitlint has."""
    if output_format == "markdown":
        _echo(markdown_table(), nl=False)
        return
    if output_format == "json":
        payload = [
            {"code": i.code, "name": i.name, "summary": i.summary, "url": i.url} for i in RULES
        ]
        _echo(json.dumps(payload, indent=2))
        return
    for info in RULES:
        _echo(f"{info.code}  {info.name:<34} {info.summary}")
