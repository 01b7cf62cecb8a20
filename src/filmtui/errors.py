"""The errors the command line turns into one line: a record that does not load, and a
shelf index that cannot be used.

They live apart from the loader and the shelf so that paths that only catch them (the
command line's dispatch, the shelf commands on a warm index) need not import the loader's
msgspec and tomli. This module does not import textual.
"""

from __future__ import annotations


class RecordError(Exception):
    """A record could not be loaded; `str(error)` is the one line to show the user."""


class IndexRefused(Exception):
    """A file named as the shelf index (`--index PATH`) is not provably filmtui's own, so
    it is left alone; `str(error)` is the one line to show the user (exit status 2)."""


class IndexDamaged(Exception):
    """The shelf index was found damaged where it could not be rebuilt there and then (the
    browser, while it shows the shelf); `str(error)` is the one line to show the user."""
