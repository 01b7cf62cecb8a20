"""The error every way of failing to load a record ends in.

It lives apart from the loader so that paths that only catch it (the command line's
dispatch, the shelf commands on a warm index) need not import the loader's msgspec and
tomli. This module does not import textual.
"""

from __future__ import annotations


class RecordError(Exception):
    """A record could not be loaded; `str(error)` is the one line to show the user."""
