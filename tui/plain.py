"""User and file text for widgets: sanitised by ``store.text`` and never parsed as markup.

Textual parses a bare ``str`` as markup in many places (DataTable cells, Static, Label,
notifications, exit messages), and ``Content``/Rich ``Text`` stop that but still pass ESC, C1 and
bidi characters to the terminal. Client or file text reaches a widget through these helpers,
which do both (or, where a widget assembles styled parts, through ``store.text`` directly).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from reviewroom.store.text import clean_line, clean_text, one_line

# The longest text a one-line cell keeps: the column is narrower, and a 100 kB request must not
# be measured and cropped on every redraw.
CELL_LIMIT = 200


def line(text: object) -> Content:
    """One line of user text (a title, a name, a criterion): line breaks show as ``^J``."""
    return Content(clean_line(text))


def block(text: object) -> Content:
    """Multi-line user text (a detail pane field, a message): line breaks kept."""
    return Content(clean_text(text))


def cell(text: object, limit: int = CELL_LIMIT) -> Text:
    """A list cell: one sanitised line as Rich ``Text`` (a ``str`` cell would be markup)."""
    return Text(one_line(text, limit), no_wrap=True, overflow="ellipsis", end="")


def shown(text: object) -> str:
    """What a one-line Input shows for stored text (its value; see :func:`keep_stored`)."""
    return clean_line(text)


def keep_stored(typed: str, stored: str) -> str:
    """The stored text when the facilitator left its sanitised form as shown, else ``typed``.

    An editor shows stored text sanitised; saving it untouched must not replace the stored
    characters by their placeholders (the record keeps what the client said).
    """
    return stored if typed in (clean_line(stored), clean_text(stored)) else typed
