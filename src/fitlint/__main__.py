"""`python -m fitlint` runs the command-line interface."""

from fitlint.cli import main

if __name__ == "__main__":
    main()
