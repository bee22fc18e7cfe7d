"""Showing untrusted text (article text, titles, names) literally: controls become visible symbols.

Rich `Text` is never parsed as markup, but control characters would still reach the terminal;
each is swapped for one visible character so character offsets into the text stay valid.
"""

from __future__ import annotations

from rich.text import Text

# C0 controls map to the Unicode "Control Pictures" block (U+2400..U+241F); DEL to U+2421.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE[ord("\t")] = " "
# C1 controls (0x80..0x9F include CSI 0x9B) and bidirectional overrides that reorder what is shown.
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_TABLE.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_KEEP_NEWLINE = dict(_TABLE)
del _KEEP_NEWLINE[ord("\n")]


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character replaced by one printable character (same length)."""
    return text.translate(_KEEP_NEWLINE if keep_newlines else _TABLE)


def cell(text: object, style: str = "") -> Text:
    """A one-line `Text` for a table cell or list row; never interpreted as markup."""
    return Text(visible("" if text is None else str(text)), style=style, no_wrap=True, end="")
