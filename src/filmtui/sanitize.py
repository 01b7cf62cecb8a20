"""Make untrusted record text safe to draw on a terminal.

Neither Rich nor Textual removes ESC, C1 controls or bidi overrides, so record text goes
through `display_text` before it is shown. Each unsafe character becomes exactly one
visible, harmless character, so offsets (such as highlight spans) stay valid. The record
and the export keep the original text. This module does not import textual.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"  # shown for C1 controls and bidi controls

_DISPLAY: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ … ␟
_DISPLAY[0x0A] = "\n"  # newlines are kept
_DISPLAY[0x09] = " "  # a tab is one space, so spans keep their offsets
_DISPLAY[0x7F] = "\u2421"  # ␡
_DISPLAY.update({code: REPLACEMENT for code in range(0x80, 0xA0)})
_BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_DISPLAY.update({code: REPLACEMENT for code in _BIDI_CONTROLS})
_DISPLAY[0x2028] = _DISPLAY[0x2029] = "\n"  # line and paragraph separators break lines


def display_text(text: str) -> str:
    """Return `text` with every terminal-unsafe character replaced by a visible one."""
    return text.translate(_DISPLAY)
