"""``python -m generator``: the command line (generator.cli.main)."""

from generator.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
