"""`python -m fitlint` runs the command-line interface, replaying an unchanged run first."""

from fitlint.replay import main

if __name__ == "__main__":
    main()
