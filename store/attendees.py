"""The one grammar of an attendee, ``Name: side[: role]``, read by the CLI and the TUI alike.

The CLI's ``--attendee "Dana:client:Head of Ops"`` and a line of the attendees dialog are the same
thing, so they are parsed by the same function: the side may be given in any language
(``client``/``klient``, ``vendor``/``wykonawca``), spaces around the colons are optional, and the
role is everything after the second colon (a role may itself hold a colon).
"""

from __future__ import annotations

from collections.abc import Iterable

from store.errors import ReviewError
from store.i18n import t
from store.model import Attendee, Side
from store.words import parse_word


def parse_attendee(text: str, lang: str = "en", line: int | None = None) -> Attendee:
    """Parse one ``Name: side[: role]``.

    Args:
        text: the attendee as typed.
        lang: the language of the error message.
        line: the line number in a text area, named by the error; None for a CLI value.

    Raises:
        ReviewError: the name or the side is missing, or the side is not a known word
            (``attendees.bad_line`` with a line number, else ``meeting.bad_attendee``).
    """
    parts = text.split(":", 2)
    name = parts[0].strip()
    side = parse_word(Side, parts[1]) if len(parts) > 1 else None
    if not name or side is None:
        value = text.strip()
        if line is None:
            raise ReviewError("meeting.bad_attendee", lang=lang, field="attendees", value=value)
        raise ReviewError("attendees.bad_line", lang=lang, field="attendees", line=line,
                          value=value)
    role = parts[2].strip() if len(parts) > 2 else ""
    return Attendee(name, side, role)


def parse_attendees(text: str, lang: str = "en") -> tuple[Attendee, ...]:
    """Parse one attendee per line; blank lines are skipped.

    Raises:
        ReviewError: the first bad line, numbered from 1 as a text area shows it.
    """
    return tuple(
        parse_attendee(line, lang, number)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    )


def format_attendees(attendees: Iterable[Attendee], lang: str) -> str:
    """The text :func:`parse_attendees` reads back, with the side words of ``lang``."""
    lines = []
    for person in attendees:
        side = t(lang, f"attendees.side.{person.side.value}")
        lines.append(f"{person.name}: {side}" + (f": {person.role}" if person.role else ""))
    return "\n".join(lines)
