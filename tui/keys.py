"""Key bindings in the meeting's language: one class-level source, translated per language.

Bindings carry ids; their descriptions are catalog keys (``key.<id>``). ``localised`` makes a
subclass whose BINDINGS carry the translated descriptions, so the footer, the help screen and the
command palette all read one translated list.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

from reviewroom.store.i18n import t
from reviewroom.store.model import Decision, Verdict

N = TypeVar("N", bound=type[DOMNode])


def translate(binding: Binding, lang: str) -> Binding:
    """The binding with its description (and tooltip) in ``lang``; ``id`` names the catalog key."""
    if not binding.id:
        return binding
    return replace(binding, description=t(lang, f"key.{binding.id}"))


@cache
def _localised(cls: type[DOMNode], lang: str) -> type[DOMNode]:
    """Build (once per class and language) the translated subclass."""
    bindings = [translate(b, lang) for b in cls.BINDINGS if isinstance(b, Binding)]
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__})


def localised(cls: N, lang: str) -> N:
    """``cls`` with its bindings' descriptions translated into ``lang``."""
    return _localised(cls, lang)  # type: ignore[return-value]


# The one-key choosers of the meeting screen (``v`` then a key, ``d`` then a key): key, value.
VERDICT_KEYS = (
    ("c", Verdict.CONSISTENT),
    ("x", Verdict.INCONSISTENT),
    ("u", Verdict.UNCLEAR),
    ("p", Verdict.PENDING),
)
DECISION_KEYS = (
    ("a", Decision.ACCEPTED),
    ("r", Decision.REJECTED),
    ("f", Decision.DEFERRED),
    ("l", Decision.ALTERNATIVE),
    ("o", Decision.OPEN),
)


def choices(field: str, lang: str) -> tuple[tuple[tuple[str, ...], Verdict | Decision], ...]:
    """The keys that pick each value of ``field`` (verdict or decision) in ``lang``: the
    mnemonic letter first (the one shown), then the value's language-neutral digit."""
    table: tuple[tuple[str, Verdict | Decision], ...] = (
        VERDICT_KEYS if field == "verdict" else DECISION_KEYS)
    return tuple(((key, str(number)), value) for number, (key, value) in enumerate(table, 1))
