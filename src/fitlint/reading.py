"""Reading files from disk: a linted file's bytes (or the one-line error reading gave), the
project's other modules as the analysis asks for them, and the digest of what was read."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fitlint import replay
from fitlint.results import FileResult


def file_digest(data: bytes, salt: bytes = b"") -> str:
    """A 128-bit BLAKE2b digest of `data` (then `salt`), as hex: the content half of every
    cache key."""
    hasher = hashlib.blake2b(data, digest_size=16)
    if salt:
        hasher.update(salt)
    return hasher.hexdigest()


def read_file(path: Path) -> bytes | FileResult:
    """The file's bytes, or a result carrying the one-line error that reading gave."""
    filename = path.as_posix()
    try:
        return path.read_bytes()
    except IsADirectoryError:
        return FileResult(filename, errors=[f"{filename}: is a directory"])
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return FileResult(filename, errors=[f"{filename}: cannot read file: {reason}"])


def read_regular_file(path: str | Path) -> bytes | None:
    """The bytes of a regular file; None when it is absent, unreadable, or not a regular file
    (a FIFO or device named like a module would block the read)."""
    path = Path(path)
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


class ProjectFiles:
    """The reader the analysis gets for the project's other modules (`analysis.imports`):
    every path it reads is recorded with the digest of its bytes (None when absent), for the
    result cache, and its `stat` signature taken before the read, for run records."""

    def __init__(self) -> None:
        self.digests: dict[str, str | None] = {}
        self.signatures: dict[str, replay.Signature] = {}

    def read(self, path: Path) -> bytes | None:
        key = str(path)
        self.signatures[key] = replay.signature(key)  # before the read
        data = read_regular_file(path)
        self.digests[key] = file_digest(data) if data is not None else None
        return data
