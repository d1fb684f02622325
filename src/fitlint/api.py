"""What fitlint does, as functions that return results: settings for a run, lint paths or one
buffer, fix paths, confirm findings at run time. The command line (`cli.py`) parses options
and prints what these return; an editor integration calls them the same way.

Errors in the settings raise `ConfigError` (one line, naming the file). Nothing here prints
or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fitlint import replay
from fitlint.batch import lint_files, read_jobs, wanted
from fitlint.cache import ResultCache, default_cache_dir
from fitlint.catalog import ALL_CODES, CODES_BY_NAME, SYNTAX_ERROR_CODE
from fitlint.config import (
    ConfigError,
    Settings,
    find_config,
    load_settings,
    normalize_selectors,
    with_overrides,
)
from fitlint.files import discover
from fitlint.notebook import CodeCell, SkippedCell, is_notebook
from fitlint.observe import NULL_OBSERVER, NULL_PROGRESS, Observer, Progress
from fitlint.reading import file_digest, read_file
from fitlint.results import FileResult

if TYPE_CHECKING:
    from fitlint.confirm.run import ConfirmOptions, RunResult
    from fitlint.engine import Linter
    from fitlint.fix import FixOutcome


def run_settings(
    paths: Sequence[str] = (),
    *,
    stdin_filename: str | None = None,
    config_file: Path | None = None,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    exclude: Sequence[str] | None = None,
    extend_exclude: Sequence[str] = (),
    per_file_ignores: Sequence[str] = (),
    observer: Observer = NULL_OBSERVER,
    isolated: bool = False,
) -> Settings:
    """The settings of a run: `config_file`, or the config found from the first path (or the
    stdin file name) upward, with command-line options on top (`select` and `exclude`
    replace the config's; `CODE,CODE` lists are split; `per_file_ignores` entries are
    `PATTERN:CODE,CODE`); `isolated`: no config file, the defaults. Raises ConfigError."""
    if isolated:
        config_path: Path | None = None
    elif config_file is not None:
        observer.observe(config_file)
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: config file not found")
        config_path = config_file
    else:
        first = stdin_filename or (paths[0] if paths and paths[0] != "-" else ".")
        config_path = find_config(Path(replay.config_search_dir(first, observer.observe)), observer)
    settings = load_settings(config_path, ALL_CODES, CODES_BY_NAME)
    return with_overrides(
        settings,
        select=_selectors(select, "--select") if select else None,
        extend_select=_selectors(extend_select, "--extend-select"),
        ignore=_selectors(ignore, "--ignore"),
        exclude=_patterns(exclude) if exclude else None,
        extend_exclude=_patterns(extend_exclude),
        per_file_ignores=tuple(_per_file(entry) for entry in per_file_ignores),
    )


def _patterns(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _per_file(entry: str) -> tuple[str, tuple[str, ...]]:
    """`--per-file-ignores "legacy/*.py:FL003,FL101"` (ruff's form)."""
    pattern, colon, codes = entry.rpartition(":")
    if not colon or not pattern.strip() or not codes.strip():
        raise ConfigError(f"--per-file-ignores: expected PATTERN:CODE[,CODE...], got {entry!r}")
    return pattern.strip(), _selectors([codes], "--per-file-ignores")


def _selectors(values: Sequence[str], option: str) -> tuple[str, ...]:
    codes = tuple(part for value in values for part in value.split(",") if part.strip())
    return normalize_selectors(codes, ALL_CODES, CODES_BY_NAME, option)


@dataclass
class LintRun:
    """What linting some paths gave: one result per file, in file order, and the error lines
    of paths that could not be found."""

    results: list[FileResult]
    errors: list[str] = field(default_factory=list)
    # Where the result cache lives (also the home of run records); None when not used.
    cache_dir: Path | None = None


def lint_paths(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    force_exclude: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_dir: str | None = None,
    observer: Observer = NULL_OBSERVER,
    progress: Progress = NULL_PROGRESS,
) -> LintRun:
    """Lint files and directories (walked for `.py`/`.pyi`, honouring excludes and
    .gitignore); `observer` is told of every path consulted before it is read, `progress`
    of the number of files and of each one done."""
    discovery = discover(
        [Path(path) for path in paths], settings, force_exclude=force_exclude, observer=observer
    )
    for path in discovery.files:
        observer.observe(path)  # before the read: a later edit must not look unchanged
    directory = default_cache_dir(settings, cache_dir)
    cache = ResultCache(directory, settings, observer) if use_cache else None
    results = lint_files(
        discovery.files, discovery.explicit, settings, jobs=jobs, cache=cache, progress=progress
    )
    for result in results:
        for dependency, recorded in result.dependency_signatures.items():
            observer.observe_signature(dependency, recorded)
    return LintRun(results, list(discovery.errors), directory if use_cache else None)


def lint_source(
    data: bytes,
    filename: str,
    settings: Settings,
    *,
    force_exclude: bool = False,
    cache: ResultCache | None = None,
) -> FileResult | None:
    """Lint one buffer (an editor's file) reported as `filename`, as a file named explicitly;
    None when `force_exclude` is set and the settings exclude that name. With `cache` (only
    for a buffer that is the file on disk), the result is looked up there first, else kept
    there (saved at once)."""
    if force_exclude and is_excluded(filename, settings):
        return None
    # The cache's key is the bytes' digest: computed only when there is a cache.
    key = file_digest(data) if cache is not None else ""
    remembered = cache.get(filename, key, explicit=True) if cache is not None else None
    if remembered is not None:
        return remembered
    from fitlint.engine import Linter

    linter = Linter(settings)
    result = linter.lint_bytes(data, filename, Path(filename))
    if cache is not None:
        may_fire = linter.may_fire(data, filename)
        cache.put(filename, key, result, parsed=True, may_fire=may_fire)
        cache.save()
    return result


def fix_source(
    data: bytes,
    filename: str,
    settings: Settings,
    *,
    unsafe: bool = False,
    force_exclude: bool = False,
) -> FixOutcome | None:
    """Fix one buffer (an editor's unsaved file) reported as `filename`, in memory; None
    when `force_exclude` is set and the settings exclude that name."""
    if force_exclude and is_excluded(filename, settings):
        return None
    from fitlint.engine import Linter
    from fitlint.fix import fix_source as fix_buffer

    return fix_buffer(Linter(settings), data, filename, Path(filename), unsafe)


def is_excluded(filename: str, settings: Settings) -> bool:
    """Whether the settings exclude `filename` (a buffer's name: the file need not exist)."""
    discovery = discover([Path(filename)], settings, force_exclude=True)
    # discover() reports a missing file as an error; a buffer's name need not exist on disk.
    return not discovery.files and not discovery.errors


@dataclass
class FixRun:
    """What fixing some paths gave: per file fixed in memory, its outcome (in file order);
    after writing, one result per file linted again; error lines of files not fixed or
    not written."""

    outcomes: list[FixOutcome]
    results: list[FileResult]
    errors: list[str]

    @property
    def changed(self) -> list[FixOutcome]:
        return [outcome for outcome in self.outcomes if outcome.changed]

    @property
    def fixed_count(self) -> int:
        return sum(len(outcome.applied) for outcome in self.changed)


def fix_paths(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    write: bool,
    unsafe: bool = False,
    force_exclude: bool = False,
    progress: Progress = NULL_PROGRESS,
) -> FixRun:
    """Apply fixes (safe ones; with `unsafe`, the fuller ones too) to every file, re-linting
    each until stable; with `write`, replace the changed files atomically and lint them
    again, else leave the files as they are (for a diff). `progress` is told of the number
    of files and of each one done."""
    from fitlint.engine import Linter
    from fitlint.fix import fix_source, write_atomically

    discovery = discover([Path(path) for path in paths], settings, force_exclude=force_exclude)
    linter = Linter(settings)
    run = FixRun([], [], list(discovery.errors))
    progress.start(len(discovery.files))
    for job in read_jobs(discovery.files, discovery.explicit):
        progress.advance(1)  # counted as it starts: a file's fixes are one step
        if isinstance(job, FileResult):
            run.results.append(job)
            continue
        if not wanted(linter, job):
            run.results.append(FileResult(job.filename))
            continue
        outcome = fix_source(linter, job.data, job.filename, job.path, unsafe)
        run.outcomes.append(outcome)
        if outcome.error is not None:
            run.errors.append(outcome.error)
        if not write:
            continue
        final, result = outcome.fixed, outcome.result
        if outcome.changed:
            problem = write_atomically(job.path, outcome.fixed)
            if problem is not None:
                run.errors.append(problem)
                final, result = job.data, None
        run.results.append(result or linter.lint_bytes(final, job.filename, job.path))
    return run


def add_noqa(
    paths: Sequence[str | Path], settings: Settings, *, force_exclude: bool = False
) -> tuple[int, list[str]]:
    """`--add-noqa`: add `# noqa: CODES` to the line of every finding (into an existing
    `# noqa: ...` comment when there is one), writing each changed file atomically; running it
    again changes nothing. Returns the number of comments written and the error lines."""
    from fitlint.engine import Linter
    from fitlint.fix import apply_edits, noqa_fixes, write_atomically
    from fitlint.notebook import apply_cell_fixes, read_notebook, reads_as_notebook, split_lines
    from fitlint.source import SourceError, decode

    discovery = discover([Path(path) for path in paths], settings, force_exclude=force_exclude)
    linter = Linter(settings)
    errors = list(discovery.errors)
    added = 0
    for job in read_jobs(discovery.files, discovery.explicit):
        if isinstance(job, FileResult):
            errors.extend(job.errors)
            continue
        result = linter.lint_bytes(job.data, job.filename, job.path)
        if not any(d.code != SYNTAX_ERROR_CODE for d in result.diagnostics):
            continue
        try:
            if reads_as_notebook(job.filename, job.data):
                notebook = read_notebook(job.data)
                cells: dict[int | None, list[str]] = {
                    cell.number: split_lines(cell.source) for cell in notebook.cells
                }
                fixes = noqa_fixes(result.diagnostics, cells)
                new, applied = apply_cell_fixes(notebook, fixes)
            else:
                source = decode(job.data)
                fixes = noqa_fixes(result.diagnostics, {None: split_lines(source.text)})
                text, applied = apply_edits(source.text, fixes)
                new = text.encode(source.encoding)
                if source.has_bom:
                    new = b"\xef\xbb\xbf" + new
        except (SourceError, ValueError) as error:
            errors.append(f"{job.filename}: noqa not added: {error}")
            continue
        if new == job.data:
            continue
        problem = write_atomically(job.path, new)
        if problem is not None:
            errors.append(problem)
            continue
        added += len(applied)
    return added, errors


@dataclass
class ConfirmRun:
    """Lint results with each finding's runtime verdict, how long each script ran, and
    notes on what was not run (a notebook's shell commands and magics)."""

    results: list[FileResult]
    errors: list[str]
    runs: list[tuple[Path, RunResult]]
    notes: list[str] = field(default_factory=list)


def confirm_paths(
    paths: Sequence[str | Path],
    settings: Settings,
    options: ConfirmOptions,
    *,
    on_run: Callable[[Path, float], object] | None = None,
) -> ConfirmRun:
    """Lint each file in full, then run each file with findings under the confirmation
    runner (THIS RUNS THE SCRIPTS) and attach a verdict to each finding. A notebook runs as
    one script of its Python code cells in order, with IPython's magics and shell commands
    masked (not run). `on_run` hears of each script run as it ends (path, seconds)."""
    from fitlint.confirm.run import confirm_diagnostics
    from fitlint.engine import Linter

    linter = Linter(settings)
    discovery = discover([Path(path) for path in paths], settings)
    run = ConfirmRun([], list(discovery.errors), [])
    for path in discovery.files:
        if is_notebook(path.name):
            result = _confirm_notebook(linter, path, options, run)
        else:
            result = linter.lint_path(path)
            findings = [d for d in result.diagnostics if d.code != SYNTAX_ERROR_CODE]
            if findings:
                confirmed, script_run = confirm_diagnostics(path, findings, options)
                others = [d for d in result.diagnostics if d.code == SYNTAX_ERROR_CODE]
                result.diagnostics = sorted([*others, *confirmed], key=lambda d: d.sort_key())
                run.runs.append((path, script_run))
        if on_run is not None and run.runs and run.runs[-1][0] == path:
            on_run(path, run.runs[-1][1].seconds)
        run.results.append(result)
    return run


def _confirm_notebook(
    linter: Linter, path: Path, options: ConfirmOptions, run: ConfirmRun
) -> FileResult:
    """Run a notebook's code cells (as linted, magics masked) as one script from a
    temporary directory, in the notebook's directory, and judge its findings."""
    import tempfile

    from fitlint.confirm.run import confirm_diagnostics
    from fitlint.notebook import RUN_PLACEHOLDER, join_cells, to_cells

    data = read_file(path)
    if isinstance(data, FileResult):
        return data
    lint = linter.lint_notebook(data, path.as_posix(), path)
    result = lint.result
    findings = [d for d in lint.module_diagnostics if d.code != SYNTAX_ERROR_CODE]
    if not findings or lint.notebook is None or lint.cell_map is None:
        return result
    notebook, cell_map = lint.notebook, lint.cell_map
    linted = {cell.number for cell in cell_map.cells}
    run_cells = [c for c in notebook.python_cells(RUN_PLACEHOLDER)[0] if c.number in linted]
    script = join_cells(run_cells).text
    unparsable = sorted(
        {d.cell for d in result.diagnostics if d.cell and d.code == SYNTAX_ERROR_CODE}
    )
    note = _not_run_note(path, cell_map.cells, lint.skipped, unparsable)
    if note:
        run.notes.append(note)

    def line_name(row: int) -> str:
        cell, cell_row = cell_map.cell_at(row)
        return f"cell {cell.number}, line {cell_row}"

    with tempfile.TemporaryDirectory(prefix="fitlint-notebook-") as scratch:
        script_path = Path(scratch) / f"{path.stem}.py"
        script_path.write_text(script, encoding="utf-8")
        confirmed, script_run = confirm_diagnostics(
            script_path, findings, options, cwd=path.resolve().parent, line_name=line_name
        )
    run.runs.append((path, script_run))
    others = [d for d in result.diagnostics if d.code == SYNTAX_ERROR_CODE]
    cells = [to_cells(d, cell_map, notebook) for d in confirmed]
    result.diagnostics = sorted([*others, *cells], key=lambda d: d.sort_key())
    return result


def _not_run_note(
    path: Path,
    cells: Sequence[CodeCell],
    skipped: Sequence[SkippedCell],
    unparsable: Sequence[int] = (),
) -> str:
    """`train.ipynb: not run: 2 shell commands (cells 2, 7), 1 magic (cell 2), ...`; cells
    with a syntax error are left out too (Jupyter's "Run All" would stop at the first)."""
    kinds: dict[str, list[int]] = {}
    if unparsable:
        kinds["cell with a syntax error"] = list(unparsable)
    for cell in cells:
        for masked in cell.masked:
            if masked.kind == "time":
                continue  # its statement runs; only the timing is left out
            kinds.setdefault(_MASKED_WORDS.get(masked.kind, masked.kind), []).append(cell.number)
    for skipped_cell in skipped:
        kinds.setdefault(skipped_cell.reason, []).append(skipped_cell.number)
    if not kinds:
        return ""
    parts = []
    for kind, numbers in kinds.items():
        unique = sorted(set(numbers))
        label = "cell" if len(unique) == 1 else "cells"
        parts.append(f"{len(numbers)} × {kind} ({label} {', '.join(map(str, unique))})")
    return f"{path.as_posix()}: not run (IPython only): " + "; ".join(parts)


_MASKED_WORDS = {
    "shell": "shell command",
    "magic": "magic",
    "cell magic": "cell magic line",
    "automagic": "magic",
    "help": "help request",
}
