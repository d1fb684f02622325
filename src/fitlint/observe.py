"""Observers: who is told of each path a run consults, before it is read. A real run being
recorded passes its `replay.Recorder`; everything else (tests, a language server running
many lints in one process) gets `NULL_OBSERVER`. And progress: who is told how many files a
run lints and when each is done (the command line's progress bar; NULL_PROGRESS else)."""

from __future__ import annotations

import os
from typing import Protocol

from fitlint.replay import Signature


class Observer(Protocol):
    def observe(self, path: str | os.PathLike[str]) -> None:
        """`path` is about to be consulted (stat, listed or read)."""

    def observe_signature(self, path: str, recorded: Signature) -> None:
        """`path` was consulted elsewhere (a worker process), with this signature."""


class NullObserver:
    """Observes nothing."""

    def observe(self, path: str | os.PathLike[str]) -> None:
        return None

    def observe_signature(self, path: str, recorded: Signature) -> None:
        return None


NULL_OBSERVER: Observer = NullObserver()


class Progress(Protocol):
    def start(self, total: int) -> None:
        """The run will lint `total` files."""

    def advance(self, count: int) -> None:
        """`count` more of them are done (answered from the cache, prefiltered or linted)."""


class NullProgress:
    """Reports nothing."""

    def start(self, total: int) -> None:
        return None

    def advance(self, count: int) -> None:
        return None


NULL_PROGRESS: Progress = NullProgress()
