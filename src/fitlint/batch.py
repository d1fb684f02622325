"""Linting many files: read each once, answer from the cache, prefilter, then parse the rest in
one process or a pool. Results come back in file order.

The engine (and with it LibCST) is imported only when some file is not in the cache.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fitlint.cache import ResultCache
from fitlint.config import Settings
from fitlint.observe import NULL_PROGRESS, Progress
from fitlint.reading import file_digest, read_file
from fitlint.results import FileResult

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from fitlint.engine import Linter

# Below this many files to parse, starting worker processes costs more than it saves.
POOL_MIN_FILES = 24
CHUNK_SIZE = 8


@dataclass(frozen=True)
class Job:
    """One file read for linting; `explicit` files (named on the command line) skip the
    prefilter."""

    filename: str
    path: Path
    data: bytes
    explicit: bool


def read_jobs(
    files: Sequence[Path], explicit: frozenset[Path], *, prefilter: bool = True
) -> Iterator[Job | FileResult]:
    """Each file's bytes as a job, or the result carrying the error reading it gave; read
    as they are asked for."""
    for path in files:
        data = read_file(path)
        if isinstance(data, FileResult):
            yield data
        else:
            yield Job(path.as_posix(), path, data, path in explicit or not prefilter)


def wanted(linter: Linter, job: Job) -> bool:
    """Whether the job is parsed: named explicitly, or some enabled rule may fire on it."""
    return job.explicit or linter.may_fire(job.data, job.filename)


def lint_files(
    files: Sequence[Path],
    explicit: frozenset[Path],
    settings: Settings,
    *,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    prefilter: bool = True,
    progress: Progress = NULL_PROGRESS,
) -> list[FileResult]:
    """Lint files in order, a window of about WINDOW_BYTES of their contents at a time (a
    repository's notebooks with image outputs can be gigabytes: they are never all held at
    once); each window is answered from the cache, prefiltered, then parsed in one process
    or in the pool, which lives across windows."""
    results: dict[int, FileResult] = {}
    workers = _Workers(settings, jobs, progress)
    progress.start(len(files))
    try:
        for window in _windows(read_jobs(files, explicit, prefilter=prefilter)):
            pending: list[tuple[int, Job, str]] = []
            for index, job in window:
                if isinstance(job, FileResult):
                    results[index] = job
                    progress.advance(1)
                    continue
                key = file_digest(job.data)
                cached = (
                    cache.get(job.filename, key, explicit=job.explicit)
                    if cache is not None
                    else None
                )
                if cached is not None:
                    results[index] = cached
                    progress.advance(1)
                else:
                    pending.append((index, job, key))
            if not pending:
                continue
            linter = workers.linter()
            to_parse: list[tuple[int, Job, str, bool]] = []
            for index, job, key in pending:
                # The prefilter's verdict, also on explicit files when the cache keeps it.
                may_fire = (
                    linter.may_fire(job.data, job.filename)
                    if not job.explicit or cache is not None
                    else True
                )
                if job.explicit or may_fire:
                    to_parse.append((index, job, key, may_fire))
                else:
                    results[index] = FileResult(job.filename)  # no enabled rule could fire here
                    progress.advance(1)
                    if cache is not None:
                        cache.put(job.filename, key, results[index], parsed=False, may_fire=False)
            parsed = workers.lint([job for _, job, _, _ in to_parse])
            for (index, job, key, may_fire), result in zip(to_parse, parsed, strict=True):
                results[index] = result
                if cache is not None:
                    cache.put(job.filename, key, result, parsed=True, may_fire=may_fire)
    finally:
        workers.close()
    if cache is not None:
        cache.save()
    return [results[index] for index in range(len(files))]


# Contents read ahead of linting, at most (a window may exceed it by one file).
WINDOW_BYTES = 64 * 1024 * 1024


def _windows(
    jobs: Iterator[Job | FileResult],
) -> Iterator[list[tuple[int, Job | FileResult]]]:
    window: list[tuple[int, Job | FileResult]] = []
    size = 0
    for index, job in enumerate(jobs):
        window.append((index, job))
        size += len(job.data) if isinstance(job, Job) else 0
        if size >= WINDOW_BYTES:
            yield window
            window, size = [], 0
    if window:
        yield window


class _Workers:
    """The linter of this process and, once a window has enough files to parse, a pool of
    worker processes kept for the later windows."""

    def __init__(self, settings: Settings, jobs: int | None, progress: Progress) -> None:
        self.settings = settings
        self.jobs = jobs
        self.progress = progress
        self._linter: Linter | None = None
        self._pool: ProcessPoolExecutor | None = None

    def linter(self) -> Linter:
        if self._linter is None:
            from fitlint.engine import Linter  # only runs that parse pay for LibCST

            self._linter = Linter(self.settings)
        return self._linter

    def lint(self, work: list[Job]) -> list[FileResult]:
        count = _worker_count(self.jobs, len(work))
        if count <= 1 and self._pool is None:
            linter = self.linter()
            results = []
            for job in work:
                results.append(_lint_job(linter, job))
                self.progress.advance(1)
            return results
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor  # only runs with a pool

            self._pool = ProcessPoolExecutor(
                max_workers=count, initializer=_start_worker, initargs=(self.settings,)
            )
        chunks = [work[start : start + CHUNK_SIZE] for start in range(0, len(work), CHUNK_SIZE)]
        # map() yields results in submission order: file order is kept.
        results = []
        for chunk in self._pool.map(_lint_chunk, chunks):
            results.extend(chunk)
            self.progress.advance(len(chunk))
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _worker_count(jobs: int | None, file_count: int) -> int:
    available = jobs if jobs is not None else (os.cpu_count() or 1)
    if available <= 1 or file_count < POOL_MIN_FILES:
        return 1
    return min(available, max(1, file_count // CHUNK_SIZE))


def _lint_job(linter: Linter, job: Job) -> FileResult:
    # The parent already applied the prefilter.
    return linter.lint_bytes(job.data, job.filename, job.path, prefilter=False)


# --- the pool: top-level functions only, so it works under spawn as well as fork --------

_WORKER_LINTER: Linter | None = None


def _start_worker(settings: Settings) -> None:
    global _WORKER_LINTER
    from fitlint.engine import Linter

    _WORKER_LINTER = Linter(settings)


def _lint_chunk(chunk: list[Job]) -> list[FileResult]:
    assert _WORKER_LINTER is not None
    return [_lint_job(_WORKER_LINTER, job) for job in chunk]
