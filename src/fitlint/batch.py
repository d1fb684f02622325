"""Linting many files: read each once, answer from the cache, prefilter, then parse the rest in
one process or a pool. Results come back in file order.

The engine (and with it LibCST) is imported only when some file is not in the cache.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fitlint.cache import ResultCache, digest
from fitlint.config import Settings
from fitlint.reading import read_file
from fitlint.results import FileResult

if TYPE_CHECKING:
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
) -> list[Job | FileResult]:
    """Each file's bytes as a job, or the result carrying the error reading it gave."""
    jobs: list[Job | FileResult] = []
    for path in files:
        data = read_file(path)
        if isinstance(data, FileResult):
            jobs.append(data)
        else:
            jobs.append(Job(path.as_posix(), path, data, path in explicit or not prefilter))
    return jobs


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
) -> list[FileResult]:
    results: dict[int, FileResult] = {}
    pending: list[tuple[int, Job, str]] = []
    for index, job in enumerate(read_jobs(files, explicit, prefilter=prefilter)):
        if isinstance(job, FileResult):
            results[index] = job
            continue
        key = digest(job.data, explicit=job.explicit)
        cached = cache.get(job.filename, key) if cache is not None else None
        if cached is not None:
            results[index] = cached
        else:
            pending.append((index, job, key))

    if pending:
        from fitlint.engine import Linter

        linter = Linter(settings)
        to_parse: list[tuple[int, Job, str]] = []
        for index, job, key in pending:
            if wanted(linter, job):
                to_parse.append((index, job, key))
            else:
                results[index] = FileResult(job.filename)  # no enabled rule could fire here
                if cache is not None:
                    cache.put(job.filename, key, results[index])
        workers = _worker_count(jobs, len(to_parse))
        if workers > 1:
            parsed = _lint_in_pool(settings, [job for _, job, _ in to_parse], workers)
        else:
            parsed = [_lint_job(linter, job) for _, job, _ in to_parse]
        for (index, job, key), result in zip(to_parse, parsed, strict=True):
            results[index] = result
            if cache is not None:
                cache.put(job.filename, key, result)
    if cache is not None:
        cache.save()
    return [results[index] for index in range(len(files))]


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


def _lint_in_pool(settings: Settings, work: list[Job], workers: int) -> list[FileResult]:
    from concurrent.futures import ProcessPoolExecutor  # only runs that need a pool pay for it

    chunks = [work[start : start + CHUNK_SIZE] for start in range(0, len(work), CHUNK_SIZE)]
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(settings,)
    ) as pool:
        # map() yields results in submission order: file order is kept.
        return [result for chunk in pool.map(_lint_chunk, chunks) for result in chunk]
