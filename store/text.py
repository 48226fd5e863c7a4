"""Text bound for a terminal: the one sanitiser every screen, listing and message uses.

Client text and file text are *data*. Before any of it reaches a terminal, the characters a
terminal would act on or hide are replaced by a visible ASCII placeholder, so the text can neither
move the cursor, retitle the window, write the clipboard, reverse a line nor vanish:

* C0 controls and DEL in caret notation, as ``cat -v`` and ``less`` show them: ESC is ``^[``,
  BEL ``^G``, NUL ``^@``, DEL ``^?``; a line break in one-line text is ``^J``;
* C1 controls, the invisible format characters (bidi embeddings, overrides, isolates and marks,
  zero-width space and joiners, BOM, soft hyphen, tags …), lone surrogates and the Hangul fillers
  (letters that draw as blanks) as ``<U+202E>``.

Both forms are plain ASCII, so they read the same on ``TERM=linux``, with ``--ascii``, in tmux
and in a browser. A tab becomes spaces; line endings (CR LF, CR, NEL, LS, PS) become ``\\n``,
which multi-line text keeps and one-line text shows as ``^J``. Text is also NFC-normalised, so
a letter typed as base + combining accent takes one cell like its precomposed form. A zero-width
joiner between two pictographs stays (it is how emoji such as 👩‍💻 are spelled).

Pure Python with no Rich or Textual: the CLI and the app both call it, and the store uses
:func:`is_blank` to refuse text that would show as nothing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

ELLIPSIS = "…"
TAB_SIZE = 4
ZWJ = "\u200d"

# The invisible format characters (Unicode category Cf, as of Unicode 14, Python 3.11's
# unicodedata); tests/domain/test_text.py checks this list against unicodedata itself.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Letters that draw as blank cells (and that Rich and terminals disagree about the width of).
_FILLERS = "\u115f\u1160\u3164\uffa0"
# Visible characters that nonetheless draw nothing: the empty braille pattern.
_BLANK_SIGNS = "\u2800"
_FILLER_SET = frozenset(_FILLERS)
# Everything a terminal must never receive raw, except the line endings and tabs handled first.
# These three are compiled when text first needs them (``re`` keeps them then): text that is
# printable and already NFC, most of it in either language, never does, and compiling the first
# was 0.6 ms of every start.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _FORMAT + _FILLERS + "\ud800-\udfff]"
_LINE_ENDS = "\r\n|[\r\x85\u2028\u2029]"
# Vertical tab and form feed would move the cursor: they are spaces in any text.
_SPACING = "[\x0b\x0c]"
# One token of clean text: a placeholder (kept whole when shortening) or one character.
_TOKEN = re.compile(r"\^[@-_?]|<U\+[0-9A-F]{4,6}>|.", re.DOTALL)
# What only ever extends the character before it: variation selectors, emoji skin tones.
_EXTENDERS = re.compile("[\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0100-\U000e01ef]")


def placeholder(char: str) -> str:
    """The visible ASCII stand-in for one unsafe character (see the module docstring)."""
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def _is_pictograph(char: str) -> bool:
    """Emoji and other pictographs, between which a zero-width joiner builds one glyph."""
    return unicodedata.category(char) == "So" or char == "\ufe0f" or bool(_EXTENDERS.match(char))


def _replace(match: re.Match[str]) -> str:
    """A placeholder for the matched character, but a joiner inside an emoji sequence stays."""
    char = match.group(0)
    if char == ZWJ:
        text, at = match.string, match.start()
        if 0 < at < len(text) - 1 and _is_pictograph(text[at - 1]) and _is_pictograph(
            text[at + 1]
        ):
            return char
    return placeholder(char)


def _clean(text: str, *, multiline: bool) -> str:
    """The shared work of :func:`clean_line` and :func:`clean_text`."""
    return text if _settled(text) else _sanitised(text, multiline=multiline)


def _settled(text: str) -> bool:
    """Whether cleaning would give ``text`` back as it is, decided in C: nothing unprintable
    (no control, format character, line ending, tab or surrogate: ``isprintable``), already
    NFC, and no filler (printable letters that draw as blanks). Most text of either language."""
    return text.isprintable() and (text.isascii() or (
        unicodedata.is_normalized("NFC", text) and _FILLER_SET.isdisjoint(text)))


def _sanitised(text: str, *, multiline: bool) -> str:
    """The full cleaning: NFC, line endings and spacing, tabs, then every unsafe character."""
    text = re.sub(_SPACING, " ", re.sub(_LINE_ENDS, "\n", unicodedata.normalize("NFC", text)))
    text = text.expandtabs(TAB_SIZE) if multiline else text.replace("\t", " ").replace("\n", "^J")
    return re.sub(_UNSAFE, _replace, text)


def clean_line(text: object) -> str:
    """Text for one line (a table cell, a header, an ``Error:`` line): nothing raw, no newline.

    Line breaks show as ``^J`` and tabs as one space, so what was one field stays one line.
    """
    return _clean("" if text is None else str(text), multiline=False)


def clean_text(text: object) -> str:
    """Text for a multi-line widget or output: line breaks kept as ``\\n``, tabs expanded."""
    return _clean("" if text is None else str(text), multiline=True)


def _char_width(char: str) -> int:
    """Cells one character of clean text takes in a terminal."""
    if unicodedata.combining(char) or char == ZWJ or _EXTENDERS.match(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _clusters(text: str) -> Iterator[tuple[str, int]]:
    """Clean text as (token, cells): placeholders whole, a character with its combining marks,
    and an emoji sequence joined by zero-width joiners as one glyph."""
    pending, width, join = "", 0, False
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        cells = len(token) if len(token) > 1 else _char_width(token)
        if pending and (join or (len(token) == 1 and cells == 0)):
            pending += token
            join = token == ZWJ
            continue
        if pending:
            yield pending, width
        pending, width, join = token, cells, False
    if pending:
        yield pending, width


def cell_width(text: str) -> int:
    """Terminal cells clean text takes (wide East Asian characters and emoji count two)."""
    if text.isascii():
        return len(text)
    return sum(cells for _, cells in _clusters(text))


def shorten(text: str, width: int, ellipsis: str = ELLIPSIS) -> str:
    """Clean one-line text cut to at most ``width`` cells, ending in ``ellipsis`` when cut.

    The cut never splits a placeholder, a character from its accents or an emoji sequence, so
    shortening can never leave half of anything behind. ``width`` 0 means no limit.
    """
    if width <= 0 or (text.isascii() and len(text) <= width):
        return text
    room = width - cell_width(ellipsis)
    kept: list[str] = []
    used = 0
    fits = True
    for token, cells in _clusters(text):
        if used + cells > width:
            fits = False
            break
        kept.append(token)
        used += cells
    if fits:
        return text
    while kept and used > room:
        used -= cell_width(kept.pop())
    return "".join(kept).rstrip() + ellipsis


def one_line(text: object, width: int = 0) -> str:
    """:func:`clean_line`, then :func:`shorten` to ``width`` cells (0: no limit)."""
    return shorten(clean_line(text), width)


def pad(text: str, width: int) -> str:
    """Clean text padded with spaces to ``width`` cells (for plain-text tables)."""
    return text + " " * max(0, width - cell_width(text))


def is_blank(text: object) -> bool:
    """True when ``text`` would show as nothing: empty, spaces, or only invisible characters.

    Zero-width spaces, bidi marks, BOMs, controls, fillers and accents with no letter under
    them are not content: a request, title or name made only of them is refused like an empty
    one.
    """
    for char in "" if text is None else str(text):
        if char.isspace() or re.match(_UNSAFE, char) or unicodedata.combining(char):
            continue
        if _EXTENDERS.match(char) or char in _BLANK_SIGNS:
            continue
        if unicodedata.category(char) in ("Mn", "Me", "Zs"):
            continue
        return False
    return True


# Characters ``json.dumps(ensure_ascii=False)`` leaves raw that a terminal must not receive.
# Compiled when first used (``re`` keeps it then): only the CLI's ``--json`` prints JSON, and
# compiling it was ~0.4 ms of every start, the app's included.
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029" + _FORMAT + _FILLERS + "\ud800-\udfff]"


def _json_escape(match: re.Match[str]) -> str:
    """``\\uXXXX`` for one character (a surrogate pair beyond the Basic Multilingual Plane)."""
    code = ord(match.group(0))
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe_json(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON that is safe to print: UTF-8 letters kept, every control escaped.

    ``json`` escapes C0 controls itself; DEL, C1, bidi, zero-width and format characters, line
    and paragraph separators and lone surrogates are escaped here as ``\\uXXXX``. Those only
    occur inside JSON strings, where the escape means the same character, so the output still
    parses back to exactly ``data``.
    """
    return re.sub(_JSON_UNSAFE, _json_escape, json.dumps(data, ensure_ascii=False, indent=indent))

