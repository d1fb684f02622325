"""Run records: a `fitlint check` whose inputs have not changed since the last identical run
is answered by replaying that run's output, before click, pathspec or any rule is imported.

A run's output depends on its command line, working directory, some environment variables,
the output streams, the installed fitlint, and the file system it looked at. A recording
run notes the `os.stat` signature (mode, inode, device, size, mtime, ctime, taken *before*
the read) of every path it consults: config candidates, the directories it lists, the
`.gitignore` and `.git` candidates, the files it lints. The fast path replays only when the
key is equal and every signature still is. A new, removed or renamed entry changes its
directory's mtime; an edited file changes its mtime and ctime (ctime cannot be set back on
POSIX systems; on Windows it is the creation time, so there an edit that keeps the size and
restores the mtime would go unseen).

A record is not written when any signature is younger than the run's start minus
`RACY_SECONDS` (a file edited in the same timestamp tick as the read could otherwise look
unchanged: git's "racy clean" problem), nor for runs with read errors or internal errors.

The console script (`fitlint.__main__`) tries `replay()` before anything else, so this
module must stay cheap (os, sys, marshal, zlib, time only; not even typing) and imports
nothing of fitlint but the version. A real run notes what it consults in a `Recorder`, which
the command line passes to discovery, config search and the cache as their observer.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib

from fitlint import __version__

TYPE_CHECKING = False  # `typing` costs the fast path milliseconds; mypy reads this as usual
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

RECORD_FORMAT = 1
RUNS_DIR = "runs"
MAX_RECORDS = 64
RACY_SECONDS = 2
# Defined here, where the fast path can read them without importing config or cache.
CACHE_DIR_NAME = ".fitlint_cache"
CONFIG_FILES = ("fitlint.toml", ".fitlint.toml", "pyproject.toml")

# `fitlint check` options: those taking a value, flags a replay can honour (the recorded run
# had them too: they are part of the key), and flags that rule a replay out.
_VALUE_OPTIONS = frozenset(
    {
        "--select",
        "--extend-select",
        "--ignore",
        "--output-format",
        "--cache-dir",
        "--jobs",
        "-j",
        "--config",
    }
)
_REPLAYABLE_FLAGS = frozenset(
    {
        "--exit-zero",
        "-e",
        "--statistics",
        "-q",
        "--quiet",
        "--force-exclude",
        "--show-fixes",
        "--no-show-fixes",
        "--no-fix",
        "--no-unsafe-fixes",
    }
)
# `check` options that always run for real (stdin, fixes, no cache, debugging, help).
_NEVER_REPLAYED = frozenset(
    {
        "--stdin-filename",
        "--fix",
        "--unsafe-fixes",
        "--diff",
        "--exit-non-zero-on-fix",
        "--no-cache",
        "-n",
        "--fix-only",
        "-s",
        "--silent",
        "--isolated",
        "--debug",
        "-o",
        "--output-file",
        "--show-settings",
        "--show-files",
        "--exclude",
        "--extend-exclude",
        "--per-file-ignores",
        "--add-noqa",
        "--color",
        "--version",
        "-h",
        "--help",
    }
)
_SUBCOMMANDS = frozenset({"check", "rule", "rules", "confirm", "server"})
# Environment variables that change what a run prints, besides every FITLINT_* variable.
_ENVIRONMENT = frozenset({"NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "PYTHONIOENCODING"})

Signature = tuple[int, ...] | None  # mode, inode, device, size, mtime_ns, ctime_ns


class Plan:
    """What the fast path needs from a replayable command line."""

    __slots__ = ("cache_dir", "config", "paths")

    def __init__(self, paths: list[str], cache_dir: str | None, config: str | None) -> None:
        self.paths = paths
        self.cache_dir = cache_dir
        self.config = config


def plan(argv: list[str]) -> Plan | None:
    """The plan of a `fitlint [check] ...` command line a record can answer, else None:
    stdin, --fix, --diff, --no-cache, --debug, help, version and subcommands other than
    `check` always run for real, and so does anything this scanner does not know."""
    arguments = argv[1:] if argv[:1] == ["check"] else argv
    if arguments[:1] and arguments[0] in _SUBCOMMANDS:
        return None
    paths: list[str] = []
    values: dict[str, str] = {}
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        index += 1
        if argument == "-" or argument == "--":
            return None
        if not argument.startswith("-"):
            paths.append(argument)
            continue
        name, equals, value = argument.partition("=")
        if argument.startswith("-j") and len(argument) > 2 and not equals:
            name, value, equals = "-j", argument[2:], "="
        if name in _VALUE_OPTIONS:
            if not equals:
                if index == len(arguments):
                    return None
                value = arguments[index]
                index += 1
            values[name] = value
        elif argument not in _REPLAYABLE_FLAGS:
            return None
    return Plan(paths, values.get("--cache-dir"), values.get("--config"))


def signature(path: str) -> Signature:
    """The path's `os.stat` signature, None when it cannot be read."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (
        status.st_mode,
        status.st_ino,
        status.st_dev,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


def _stream_facts(stream: Any) -> tuple[object, ...]:
    if stream is None:
        return (None,)
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = None
    return (tty, getattr(stream, "encoding", None), getattr(stream, "errors", None))


def _code_stamp() -> tuple[tuple[str, int, int, int], ...]:
    """The installed fitlint's own files: a reinstall or an edit of an editable install
    makes every earlier record stale."""
    root = os.path.dirname(os.path.abspath(__file__))
    stamp = []
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    pending.append(entry.path)
            elif entry.name.endswith((".py", ".json")):
                try:
                    status = entry.stat()
                except OSError:
                    continue
                stamp.append((entry.path, status.st_size, status.st_mtime_ns, status.st_ino))
    return tuple(sorted(stamp))


_KEYS: dict[tuple[str, ...], tuple[object, ...]] = {}


def run_key(argv: list[str]) -> tuple[object, ...]:
    """The key of a run (computed once per process: the replay check and the recorder both
    need it when a replay misses)."""
    if tuple(argv) not in _KEYS:
        _KEYS[tuple(argv)] = _compute_key(argv)
    return _KEYS[tuple(argv)]


def _compute_key(argv: list[str]) -> tuple[object, ...]:
    environment = tuple(
        sorted(
            (name, value)
            for name, value in os.environ.items()
            if name.startswith("FITLINT_") or name in _ENVIRONMENT
        )
    )
    return (
        RECORD_FORMAT,
        __version__,
        sys.executable,
        sys.version,
        tuple(argv),
        os.getcwd(),
        environment,
        _stream_facts(sys.stdout),
        _stream_facts(sys.stderr),
        _code_stamp(),
    )


def record_path(cache_dir: str, key: tuple[object, ...]) -> str:
    text = repr(key).encode("utf-8", "surrogateescape")
    name = f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"
    return os.path.join(cache_dir, RUNS_DIR, name)


def config_search_dir(first: str, observe: Callable[[str], object] | None = None) -> str:
    """The directory the config search starts from, given the first path argument: that
    path's directory, its parent when it does not exist, else the working directory.
    `observe` is told of every path looked at."""
    if observe is not None:
        observe(first)
    if not os.path.exists(first):
        parent = os.path.dirname(first)
        if observe is not None:
            observe(parent or ".")
        first = parent if parent and os.path.exists(parent) else "."
    return os.path.realpath(first if os.path.isdir(first) else os.path.dirname(first) or ".")


def config_candidates(directory: str) -> Iterator[str]:
    """The config files to try, nearest first, from `directory` (resolved) up to the root."""
    while True:
        for name in CONFIG_FILES:
            yield os.path.join(directory, name)
        parent = os.path.dirname(directory)
        if parent == directory:
            return
        directory = parent


def mentions_fitlint_table(pyproject: str) -> bool:
    """Whether a pyproject.toml's bytes mention `tool.fitlint` (the config reader then parses
    it to be sure; the fast path takes the mention as its guess)."""
    try:
        with open(pyproject, "rb") as handle:
            return b"tool.fitlint" in handle.read()
    except OSError:
        return False


def resolve_cache_dir(option: str | None, project_root: str) -> str:
    """Where the result cache and run records live: `--cache-dir`, else FITLINT_CACHE_DIR,
    else `.fitlint_cache` in the project root (the config file's directory)."""
    if option:
        return option
    return os.environ.get("FITLINT_CACHE_DIR") or os.path.join(project_root, CACHE_DIR_NAME)


def _default_cache_dir(found: Plan) -> str:
    """Where the recording run kept its cache: `--cache-dir`, FITLINT_CACHE_DIR, or beside
    the config file the run would find (a pyproject.toml counts when it mentions
    `tool.fitlint`; the real run parses it). A wrong guess costs a miss, never a wrong
    answer: the record's own key and signatures decide."""
    if found.cache_dir or os.environ.get("FITLINT_CACHE_DIR"):
        return resolve_cache_dir(found.cache_dir, "")
    if found.config is not None:
        return resolve_cache_dir(None, os.path.dirname(found.config))
    for candidate in config_candidates(config_search_dir(found.paths[0] if found.paths else ".")):
        if not os.path.isfile(candidate):
            continue
        if not candidate.endswith("pyproject.toml") or mentions_fitlint_table(candidate):
            return resolve_cache_dir(None, os.path.dirname(candidate))
    return resolve_cache_dir(None, os.getcwd())


def replay(argv: list[str]) -> int | None:
    """Print a recorded run's output and return its exit code, or None to run for real."""
    if os.environ.get("FITLINT_NO_REPLAY"):
        return None
    found = plan(argv)
    if found is None:
        return None
    key = run_key(argv)
    try:
        with open(record_path(_default_cache_dir(found), key), "rb") as handle:
            record = marshal.load(handle)
        output, exit_code = _still_valid(record, key)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None  # no record, or one this version cannot read: run for real
    if exit_code is None:
        return None
    for to_stderr, text in output:
        stream = sys.stderr if to_stderr else sys.stdout
        stream.write(text)
        stream.flush()
    return exit_code


def _still_valid(record: Any, key: tuple[object, ...]) -> tuple[list[Any], int | None]:
    if not isinstance(record, dict) or record["key"] != key:
        return [], None
    for path, recorded in record["observed"]:
        if signature(path) != recorded:
            return [], None
    output = [(bool(to_stderr), str(text)) for to_stderr, text in record["output"]]
    exit_code = record["exit"]
    return output, exit_code if isinstance(exit_code, int) else None


class Recorder:
    """Notes what a real run consulted and printed, then writes the record. It is the run's
    observer (see `fitlint.observe`): discovery, config search and the cache tell it each
    path before they read it."""

    def __init__(self, argv: list[str], started_ns: int | None = None) -> None:
        self.started_ns = time.time_ns() if started_ns is None else started_ns
        self.key = run_key(argv)
        self.observed: dict[str, Signature] = {}
        self.output: list[tuple[bool, str]] = []
        self.usable = True

    @classmethod
    def for_command_line(cls, argv: list[str]) -> Recorder | None:
        """A recorder when a record of this command line could be replayed, else None."""
        if plan(argv) is None or os.environ.get("FITLINT_NO_REPLAY"):
            return None
        return cls(argv)

    def observe(self, path: str | os.PathLike[str]) -> None:
        """Note a path the run is about to consult."""
        key = os.fspath(path)
        if key not in self.observed:
            self.observed[key] = signature(key)

    def observe_signature(self, path: str, recorded: Signature) -> None:
        """Note a path consulted elsewhere (a worker process) with the signature taken there
        before its read."""
        self.observed.setdefault(path, recorded)

    def echo(self, text: str, to_stderr: bool) -> None:
        """Note what the run printed."""
        self.output.append((to_stderr, text))

    def abandon(self) -> None:
        """This run's output is not a function of what was observed (an error): no record."""
        self.usable = False

    def save(self, directory: str, exit_code: int) -> None:
        """Write the record into the cache directory `directory` (unless the run is not
        replayable: an error, output that cannot be stored, or a path touched too recently)."""
        if not self.usable or any(
            _encodes_badly(text) for _, text in self.output
        ):  # surrogates from undecodable file names: let such runs print for real
            return
        racy = self.started_ns - RACY_SECONDS * 1_000_000_000
        for recorded in self.observed.values():
            if recorded is not None and (recorded[4] >= racy or recorded[5] >= racy):
                return
        record = {
            "key": self.key,
            "observed": list(self.observed.items()),
            "output": self.output,
            "exit": exit_code,
        }
        target = record_path(directory, self.key)
        directory = os.path.dirname(target)
        temporary = f"{target}.{os.getpid()}.tmp"
        try:
            os.makedirs(directory, exist_ok=True)
            with open(temporary, "wb") as handle:
                marshal.dump(record, handle)
            os.replace(temporary, target)
            _prune(directory)
        except (OSError, ValueError):
            _remove(temporary)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        return


def _encodes_badly(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _prune(directory: str) -> None:
    """Keep the newest MAX_RECORDS records (pre-commit runs name changing file lists)."""
    try:
        entries = [entry for entry in os.scandir(directory) if entry.is_file()]
        if len(entries) <= MAX_RECORDS:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in entries[: len(entries) - MAX_RECORDS]:
            os.unlink(entry.path)
    except OSError:
        pass
