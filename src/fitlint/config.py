"""Settings from `[tool.fitlint]` in pyproject.toml or `fitlint.toml`, validated and merged."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fitlint import replay
from fitlint.observe import NULL_OBSERVER, Observer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    replay.CACHE_DIR_NAME,
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)

# Which files a directory walk lints (ruff's `include`): notebooks are linted by default;
# `include = ["*.py", "*.pyi"]` or `extend-exclude = ["*.ipynb"]` turns them off.
DEFAULT_INCLUDE = ("*.py", "*.pyi", "*.ipynb")

KERAS_VERSIONS = (2, 3)

_SELECTOR = re.compile(r"^(ALL|FL[0-9]{0,3})$")


class ConfigError(Exception):
    """A configuration problem, reported as one line and exit code 2."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("FL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    extend_include: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    keras_version: int = 3
    # Where relative patterns (exclude, per-file-ignores) are anchored.
    project_root: Path = field(default_factory=Path.cwd)
    config_path: Path | None = None

    def cache_key(self) -> str:
        """A digest of every setting that can change one file's result; the settings that
        only choose which files are linted, or where the config came from, are left out."""
        relevant = tuple(
            str(value) if isinstance(value, Path) else value
            for item in dataclasses.fields(self)
            if item.name not in _NOT_IN_CACHE_KEY
            for value in (getattr(self, item.name),)
        )
        return hashlib.blake2b(repr(relevant).encode(), digest_size=8).hexdigest()


# Settings that decide which files are linted, not what a file's result is.
_NOT_IN_CACHE_KEY = frozenset(
    {"exclude", "extend_exclude", "include", "extend_include", "config_path"}
)


# Each key of the config file: (attribute, kind) where kind says how to validate it.
_KEYS: dict[str, tuple[str, str]] = {
    "select": ("select", "codes"),
    "extend-select": ("extend_select", "codes"),
    "ignore": ("ignore", "codes"),
    "exclude": ("exclude", "patterns"),
    "extend-exclude": ("extend_exclude", "patterns"),
    "include": ("include", "patterns"),
    "extend-include": ("extend_include", "patterns"),
    "per-file-ignores": ("per_file_ignores", "per-file"),
    "keras-version": ("keras_version", "keras-version"),
}


def find_config(start: Path, observer: Observer = NULL_OBSERVER) -> Path | None:
    """The nearest fitlint.toml, .fitlint.toml or pyproject.toml with [tool.fitlint]."""
    directory = start if start.is_dir() else start.parent
    for name in replay.config_candidates(str(directory.resolve())):
        candidate = Path(name)
        observer.observe(candidate)
        if not candidate.is_file():
            continue
        if candidate.name != "pyproject.toml" or _has_fitlint_table(candidate):
            return candidate
    return None


def _has_fitlint_table(pyproject: Path) -> bool:
    if not replay.mentions_fitlint_table(str(pyproject)):
        return False
    return "fitlint" in _read_toml(pyproject).get("tool", {})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 ({error.reason})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def load_settings(
    config_path: Path | None, known_codes: Sequence[str], names: Mapping[str, str]
) -> Settings:
    """Read and validate one config file; `None` gives the defaults."""
    if config_path is None:
        return Settings()
    config_path = config_path.resolve()
    data = _read_toml(config_path)
    if config_path.name == "pyproject.toml":
        table = data.get("tool", {}).get("fitlint", {})
        where = f"{config_path} [tool.fitlint]"
    else:
        table = data
        where = str(config_path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key '{key}'{_suggest(key, _KEYS)}")
        attribute, kind = _KEYS[key]
        values[attribute] = _validate(where, key, kind, raw, known_codes, names)
    return Settings(project_root=config_path.parent, config_path=config_path, **values)


def _validate(
    where: str, key: str, kind: str, raw: Any, known_codes: Sequence[str], names: Mapping[str, str]
) -> Any:
    if kind == "keras-version":
        if isinstance(raw, bool) or raw not in KERAS_VERSIONS:
            raise ConfigError(f"{where}: 'keras-version' must be 2 or 3, got {raw!r}")
        return int(raw)
    if kind == "per-file":
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: 'per-file-ignores' must be a table of pattern = [codes]")
        pairs = []
        for pattern, codes in raw.items():
            checked = _string_list(where, f'per-file-ignores."{pattern}"', codes)
            pairs.append((pattern, normalize_selectors(checked, known_codes, names, where)))
        return tuple(pairs)
    items = _string_list(where, key, raw)
    if kind == "codes":
        return normalize_selectors(items, known_codes, names, f"{where}: '{key}'")
    return tuple(items)


def _string_list(where: str, key: str, raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ConfigError(f"{where}: '{key}' must be a list of strings, got {raw!r}")
    return list(raw)


def normalize_selectors(
    selectors: Iterable[str], known_codes: Sequence[str], names: Mapping[str, str], where: str
) -> tuple[str, ...]:
    """Validate rule selectors (codes, prefixes like `FL00`, `ALL`, or rule names)."""
    result = []
    for raw in selectors:
        selector = raw.strip()
        upper = selector.upper()
        if selector in names:
            result.append(names[selector])
            continue
        if _SELECTOR.match(upper) and (
            upper == "ALL" or any(code.startswith(upper) for code in known_codes)
        ):
            result.append(upper)
            continue
        candidates = [*known_codes, *names]
        raise ConfigError(f"{where}: unknown rule code '{raw}'{_suggest(selector, candidates)}")
    return tuple(result)


def _suggest(word: str, candidates: Iterable[str]) -> str:
    pool = list(candidates)
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(word.upper(), pool, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def with_overrides(
    settings: Settings,
    *,
    select: tuple[str, ...] | None,
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...] | None = None,
    extend_exclude: tuple[str, ...] = (),
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Settings:
    """Command-line options on top of the file: --select and --exclude replace, the others
    extend."""
    return replace(
        settings,
        select=select if select is not None else settings.select,
        extend_select=settings.extend_select + extend_select,
        ignore=settings.ignore + ignore,
        exclude=exclude if exclude is not None else settings.exclude,
        extend_exclude=settings.extend_exclude + extend_exclude,
        per_file_ignores=settings.per_file_ignores + per_file_ignores,
    )


def _specificity(code: str, selectors: Iterable[str]) -> int | None:
    best: int | None = None
    for selector in selectors:
        if selector == "ALL" or code.startswith(selector):
            length = 0 if selector == "ALL" else len(selector)
            best = length if best is None else max(best, length)
    return best


def is_enabled(code: str, selectors: Iterable[str], ignores: Iterable[str]) -> bool:
    """The most specific selector wins; at equal specificity, ignore wins (as in ruff)."""
    selected = _specificity(code, selectors)
    if selected is None:
        return False
    ignored = _specificity(code, ignores)
    return ignored is None or selected > ignored


def enabled_codes(settings: Settings, codes: Iterable[str]) -> frozenset[str]:
    selectors = (*settings.select, *settings.extend_select)
    return frozenset(code for code in codes if is_enabled(code, selectors, settings.ignore))
