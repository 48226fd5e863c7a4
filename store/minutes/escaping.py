"""Escaping for the minutes: user text as Markdown that renders as the literal text it is."""

from __future__ import annotations

import re

from reviewroom.store.text import clean_text

# How long a request may be in the table, a heading or a one-line mention.
SHORT = 80
NONE = "—"


# ----------------------------------------------------------------------------- escaping

# Characters that mean something anywhere in a line, in CommonMark or on GitHub and GitLab:
# escapes, code spans, emphasis, links, raw HTML and autolinks, headings' closing sequence,
# table pipes, strikethrough, math and mentions. The rest only in context, so ordinary prose
# stays readable as plain text: ``&`` before an entity (``&lt;``, ``&#60;``), ``.`` after
# ``www`` (GFM's www autolinks), ``:`` before a word or slash (``http://``, ``:emoji:``).
_INLINE = re.compile(
    r"""[\\`*_\[\]<#|~$@]
    | &(?=\#|[A-Za-z0-9]+;)
    | (?<=[wW]{3})\.
    | :(?=[/A-Za-z_+\-])""",
    re.VERBOSE,
)
# What starts a block at the beginning of a line: list items (``-``, ``+``, ``1.``, ``1)``),
# blockquotes, setext underlines and thematic breaks. Headings, fences and HTML blocks start
# with characters ``_INLINE`` already escapes, and leading whitespace is stripped.
_LINE_START = re.compile(r"^(?:[-+=>]|\d{1,9}[.)])")


def clean(text: str) -> str:
    """Line endings to ``\\n``, tabs to spaces, every other control, C1, bidi and zero-width
    character to its visible placeholder: the one rule of ``store.text``, so a ``U+202E`` can no
    more reverse a line of the minutes than of the screen."""
    return clean_text(text)


def escape_line(line: str) -> str:
    """One line of user text as inert Markdown: punctuation escaped, no block syntax possible.

    The line must hold no newline (see :func:`clean`); surrounding whitespace is dropped, so
    it can never become an indented code block or end in a hard break.
    """
    escaped = _INLINE.sub(r"\\\g<0>", line.strip())
    return _LINE_START.sub(_escape_last, escaped, count=1)


def _escape_last(match: re.Match[str]) -> str:
    """Escape the last character of a block marker: ``-`` → ``\\-``, ``1.`` → ``1\\.``."""
    marker = match.group(0)
    return marker[:-1] + "\\" + marker[-1]


def lines_of(text: str | None) -> list[str]:
    """The non-blank lines of ``text``, cleaned and stripped."""
    if not text:
        return []
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def text_block(text: str | None, indent: str = "", empty: str = NONE) -> str:
    """Multi-line user text for a paragraph or list item: escaped lines joined by hard breaks.

    Args:
        text: the user's text, anything at all.
        indent: the continuation indent of the list item the text sits in.
        empty: what to show for blank text (already Markdown).
    """
    parts = [escape_line(line) for line in lines_of(text)]
    return ("\\\n" + indent).join(parts) if parts else empty


def one_line(text: str | None, limit: int | None = SHORT) -> str:
    """User text reduced to one plain line: lines joined by spaces, cut at ``limit`` with ``…``."""
    joined = " ".join(" ".join(line.split()) for line in lines_of(text))
    if limit is not None and len(joined) > limit:
        joined = joined[: limit - 1].rstrip() + "…"
    return joined


def first_line(text: str | None, limit: int = SHORT) -> str:
    """The first line of user text, cut at ``limit``; ``…`` marks anything left out."""
    lines = lines_of(text)
    if not lines:
        return ""
    line = " ".join(lines[0].split())
    if len(line) > limit:
        return line[: limit - 1].rstrip() + "…"
    return line + (" …" if len(lines) > 1 else "")


def inline(text: str | None, limit: int | None = SHORT, empty: str = NONE) -> str:
    """User text as one escaped line, for cells, headings and mentions."""
    line = one_line(text, limit)
    return escape_line(line) if line else empty


def cell(text: str | None, empty: str = NONE) -> str:
    """A table cell: the first line of the text, escaped (pipes included)."""
    line = first_line(text)
    return escape_line(line) if line else empty
