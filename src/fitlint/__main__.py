"""The console script and `python -m fitlint`: answer an unchanged run from its record
(`fitlint.replay`, before click or any rule is imported), else run the command line."""

from __future__ import annotations

import os
import sys


def main() -> None:
    from fitlint.replay import replay

    try:
        exit_code = replay(sys.argv[1:])
        if exit_code is not None:
            sys.exit(exit_code)
        from fitlint.cli import main as run_command_line

        run_command_line()
    except BrokenPipeError:
        # `fitlint . | head`: stop writing; point stdout at devnull so the exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(2)


if __name__ == "__main__":
    main()
