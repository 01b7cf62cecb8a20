"""Make untrusted record text safe to draw on a terminal.

Neither Rich nor Textual removes ESC, C1 controls or bidi overrides, so record text goes
through `display_text` before it is shown. Each unsafe character becomes exactly one
visible, harmless character, so offsets (such as highlight spans) stay valid. The record
and the export keep the original text. This module does not import textual.
"""

from __future__ import annotations

import re

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


FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate
#: The blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their
#: presentation forms), a superset of the characters of bidi class R, AL and AN.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def isolated(text: str, isolate: bool = True) -> str:
    """`display_text(text)` for one record field, isolated between FSI and PDI when it
    holds right-to-left text.

    A bidi terminal then orders a right-to-left field (a Hebrew title) and the Latin text
    beside it (` · region: USA`) each on its own, so neither is reordered into the
    other. A field with no right-to-left character is left as it is: in a left-to-right
    line the marks would change nothing, and they are characters some terminals and
    renderers (SVG screenshots) still miscount. The marks are added after
    `display_text`, so they stay invisible while any bidi control that comes in the
    record is still shown as a symbol. Display only, never exported. `isolate=False`
    leaves the marks out where they would do harm: xterm.js, which draws filmtui on a web
    page, has no bidi to gain from them and draws each as a blank cell.
    """
    shown = display_text(text)
    if isolate and _RIGHT_TO_LEFT.search(shown):
        return FSI + shown + PDI
    return shown
