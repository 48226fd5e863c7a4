"""The criteria panel's lines: what it lists (entries) and how an entry wraps into drawn rows.

Plain data and wrapping, apart from the widget (``criteria_panel.py``) that lays them out per
width and draws them.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content

ID_WIDTH = 4  # the ID column: "K15 "; the text hangs beside it
BOX = {True: "[x] ", False: "[ ] "}


class Entry(NamedTuple):
    """One thing the panel lists: a blank line, a heading, a goal level, "—", or an item."""

    kind: str  # "blank", "heading", "level", "empty" or "item"
    text: str  # cleaned for one line
    item_id: str = ""


class Row(NamedTuple):
    """One drawn line: its entry, and its part of the entry's wrapped text (a tuple: a brief of
    10,000 items makes some 30,000 of them)."""

    entry: Entry
    text: str
    first: bool  # the entry's first line (an item's ID and box are drawn on it)


Layout = tuple[list[Row], dict[str, tuple[int, int]]]  # rows, and each item's span of rows


def id_width(item_id: str) -> int:
    """Cells of the ID column on an item's lines (its text hangs after it): "K15 ", or wider."""
    return max(ID_WIDTH, len(item_id) + 1)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces (a long word is cut).

    Plain ASCII is wrapped here, a character a cell, the way Textual wraps it but about ten times
    faster (a brief of 10,000 items is wrapped in well under a second); any other text, where a
    character may take two cells, by Textual.
    """
    if not text:
        return [""]
    if not (text.isascii() and text.isprintable()):
        return [part.plain for part in Content(text).wrap(width)] or [""]
    lines: list[str] = []
    current = ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
            continue
        else:
            lines.append(current)
            current = word
        while len(current) > width:  # a word longer than the line is cut, as Textual cuts it
            lines.append(current[:width])
            current = current[width:]
    return [*lines, current]
