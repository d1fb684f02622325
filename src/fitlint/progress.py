"""The command line's progress bar: tqdm on standard error, for long runs only.

It is drawn only when standard error is a terminal, only once a run has lasted
DELAY_SECONDS (a run over a few files, or answered from the cache, never shows it), and it
is cleared when the run ends, so the findings that follow are all that stays on screen.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

# A run shorter than this shows no bar.
DELAY_SECONDS = 1.0


class TerminalProgress:
    """A `fitlint.observe.Progress` drawing "Linting: 40%|████  | 361/903 [00:05<00:07]"
    on `stream` while a long run lasts; a context manager that clears it at the end."""

    def __init__(self, stream: TextIO, label: str, *, enabled: bool = True) -> None:
        self.stream = stream
        self.label = label
        self.enabled = enabled
        self._bar: tqdm[NoReturn] | None = None

    def start(self, total: int) -> None:
        if self._bar is not None or not self.enabled or not _is_terminal(self.stream):
            return
        from tqdm import tqdm  # only a run on a terminal pays for it

        self._bar = tqdm(
            total=total,
            desc=self.label,
            unit="file",
            file=self.stream,
            delay=DELAY_SECONDS,
            leave=False,
            dynamic_ncols=True,
        )

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
