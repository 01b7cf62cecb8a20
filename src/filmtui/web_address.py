"""Which addresses `o` opens: http(s) ones only. A record's `url` comes from outside, and
another scheme (`file:`, `javascript:`) handed to a web browser could read local files
or run script; the film screen's key bar and `o` both ask this one test.
This module does not import textual.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def web_address(url: str | None) -> str | None:
    """`url` if it is an http(s) address, the only kind `o` opens."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None
