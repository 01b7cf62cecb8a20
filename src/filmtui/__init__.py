"""filmtui: a terminal film browser with a JSON export made for pipes."""

__version__ = "0.1.0"
