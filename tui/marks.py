"""How a verdict or a decision looks in the list: a glyph and a theme colour.

The colour says it at a glance; the glyph keeps the meaning where colours do not (16-colour
terminals, a colour-blind facilitator, a projector) and where the word no longer fits (80
columns). ``--ascii`` draws the glyphs in ASCII, as it draws the borders. The colours are theme
variables resolved from the app's current theme, so a theme change recolours the list.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError

from reviewroom.store.model import Decision, Verdict


class Mark(NamedTuple):
    """One value's look: its glyph, its ASCII glyph, and its theme variable (None: muted)."""

    glyph: str
    ascii: str
    variable: str | None


# Two sets with no glyph shared within one column; "not yet" reads the same in both (… or .).
MARKS: dict[Verdict | Decision, Mark] = {
    Verdict.CONSISTENT: Mark("✓", "+", "success"),
    Verdict.INCONSISTENT: Mark("✗", "x", "error"),
    Verdict.UNCLEAR: Mark("?", "?", "warning"),
    Verdict.PENDING: Mark("…", ".", None),
    Decision.ACCEPTED: Mark("✓", "+", "success"),
    Decision.REJECTED: Mark("✗", "x", "error"),
    Decision.DEFERRED: Mark("»", "-", "warning"),
    Decision.ALTERNATIVE: Mark("↔", "*", "accent"),
    Decision.OPEN: Mark("…", ".", None),
}
# An imported comment waiting on the agenda (tui/screens/agenda.py), first in the flags column.
AGENDA = Mark("•", "*", "accent")


def glyph(value: Verdict | Decision | Mark, ascii_look: bool) -> str:
    """The value's (or the mark's own) glyph in the look the app uses."""
    mark = value if isinstance(value, Mark) else MARKS[value]
    return mark.ascii if ascii_look else mark.glyph


def style(value: Verdict | Decision | Mark, variables: dict[str, str]) -> Style:
    """The value's style from the theme's ``variables`` (``App.theme_variables``): its
    colour, or dim when it waits; a variable the theme lacks leaves the table's own colour."""
    variable = (value if isinstance(value, Mark) else MARKS[value]).variable
    if variable is None:
        return Style(dim=True)
    value_text = variables.get(variable)
    try:
        colour = Color.parse(value_text) if value_text else None
    except ColorParseError:
        colour = None
    return Style(color=colour.rich_color) if colour is not None else Style()


def is_ascii(app: App[object]) -> bool:
    """Whether the app draws the ASCII-safe look (``--ascii``; the ``-ascii`` class)."""
    return app.has_class("-ascii")
