"""The command line: ``python -m generator <command>``."""
