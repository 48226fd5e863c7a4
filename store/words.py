"""The words a facilitator may type for a side, a verdict or a decision, in any language.

Each enum accepts its stored value (``client``, ``consistent``, ``accepted``) and its label in
every catalog (``klient``, ``spójna``, ``przyjęta``), case-insensitively. Reading the words from
the catalogs keeps what the screens show and what the CLI, the forms and the parsers read in step.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import TypeVar

from reviewroom.store.i18n import LANGUAGES, t
from reviewroom.store.model import Decision, Side, Verdict

E = TypeVar("E", bound=StrEnum)

# The catalog key prefix of each enum's labels.
_LABELS: dict[type[StrEnum], str] = {
    Side: "attendees.side",
    Verdict: "verdict",
    Decision: "decision",
}


@cache
def words(kind: type[E]) -> dict[str, E]:
    """Every accepted word for ``kind`` (casefolded) → its member: values first, then labels."""
    accepted: dict[str, E] = {member.value: member for member in kind}
    prefix = _LABELS[kind]
    for lang in LANGUAGES:
        for member in kind:
            accepted.setdefault(t(lang, f"{prefix}.{member.value}").casefold(), member)
    return accepted


def parse_word(kind: type[E], text: object) -> E | None:
    """The member of ``kind`` that ``text`` names (spaces around it ignored), or None."""
    return words(kind).get(" ".join(str(text).split()).casefold())


def labels(kind: type[StrEnum], lang: str) -> list[str]:
    """The names of ``kind``'s members in ``lang``, in member order (for help and messages)."""
    return [t(lang, f"{_LABELS[kind]}.{member.value}") for member in kind]
