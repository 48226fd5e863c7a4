"""The one grammar of an attendee, ``Name: side[: role]``, read by the CLI and the TUI alike.

The CLI's ``--attendee "Dana:client:Head of Ops"`` and a line of the attendees dialog are the same
thing, so they are parsed by the same function: the side may be given in any language
(``client``/``klient``, ``vendor``/``wykonawca``), spaces around the colons are optional. The side
is the first colon-separated part after the name that is a side word, so a name may hold a colon
(``Dana (Ops: Retail): client``, a web address) and the role is everything after the side (a role
may hold colons too).
"""

from __future__ import annotations

from collections.abc import Iterable

from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import Attendee, Side
from reviewroom.store.words import parse_word


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
    parts = text.split(":")
    found = _side_at(parts)
    name = ":".join(parts[:found[0]]).strip() if found else ""
    if found is None or not name:
        value = text.strip()
        if line is None:
            raise ReviewError("meeting.bad_attendee", lang=lang, field="attendees", value=value)
        raise ReviewError("attendees.bad_line", lang=lang, field="attendees", line=line,
                          value=value)
    at, side = found
    role = ":".join(parts[at + 1:]).strip()
    return Attendee(name, side, role)


def _side_at(parts: list[str]) -> tuple[int, Side] | None:
    """The first part after the name that is a side word, and that side (None: there is none).

    The first part is always the name (or its start), so a side word is looked for from the second.
    """
    for at in range(1, len(parts)):
        side = parse_word(Side, parts[at])
        if side is not None:
            return at, side
    return None


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
