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
    """Build (once per class and language) the translated subclass; ``cls`` itself when the
    translation changes nothing (the bindings are written in English): creating a Textual
    class costs ~0.3-0.6 ms, and the meeting screen and its panel are built as it opens."""
    own = [b for b in cls.BINDINGS if isinstance(b, Binding)]
    bindings = [translate(b, lang) for b in own]
    if bindings == own:
        return cls
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__})


def localised(cls: N, lang: str) -> N:
    """``cls`` with its bindings' descriptions translated into ``lang``."""
    return _localised(cls, lang)  # type: ignore[return-value]


# The one-key choosers of the meeting screen (``v`` then a key, ``d`` then a key), in the order
# they list their options. Digits work in every language (1-4 verdicts, 1-5 decisions); English
# adds a mnemonic letter. Polish has no letters: its words collide on their first letters
# (spójna / niespójna / niejasna share n; odrzucona / odłożona / otwarta share o), and letters
# from the middle of a word teach nothing, so a Polish chooser is the digit scheme alone.
VERDICTS = (Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.UNCLEAR, Verdict.PENDING)
DECISIONS = (Decision.ACCEPTED, Decision.REJECTED, Decision.DEFERRED, Decision.ALTERNATIVE,
             Decision.OPEN)
MNEMONICS: dict[str, dict[Verdict | Decision, str]] = {
    "en": {
        Verdict.CONSISTENT: "c", Verdict.INCONSISTENT: "x", Verdict.UNCLEAR: "u",
        Verdict.PENDING: "p",
        Decision.ACCEPTED: "a", Decision.REJECTED: "r", Decision.DEFERRED: "f",
        Decision.ALTERNATIVE: "l", Decision.OPEN: "o",
    },
    "pl": {},
}

V = TypeVar("V", Verdict, Decision)
ChooserKeys = tuple[tuple[tuple[str, ...], V], ...]


def _chooser(values: tuple[V, ...], lang: str) -> ChooserKeys[V]:
    """``((keys, value), …)``: the language's letter first (if it has one), then the digit."""
    letters = MNEMONICS.get(lang, {})
    return tuple(
        ((letters[value], str(number)) if value in letters else (str(number),), value)
        for number, value in enumerate(values, 1)
    )


def verdict_keys(lang: str) -> ChooserKeys[Verdict]:
    """The verdict chooser's keys in ``lang``: ``((("c", "1"), Verdict.CONSISTENT), …)``."""
    return _chooser(VERDICTS, lang)


def decision_keys(lang: str) -> ChooserKeys[Decision]:
    """The decision chooser's keys in ``lang``: ``((("a", "1"), Decision.ACCEPTED), …)``."""
    return _chooser(DECISIONS, lang)


def keys_text(keys: ChooserKeys[V]) -> str:
    """The keys as help and hints name them, e.g. ``c/1, x/2, u/3, p/4`` or ``1, 2, 3, 4``."""
    return ", ".join("/".join(option) for option, _ in keys)


def chooser_hints(lang: str) -> dict[str, str]:
    """The choosers' keys as parameters of the ``help.*`` texts (``{verdict_keys}``)."""
    return {"verdict_keys": keys_text(verdict_keys(lang)),
            "decision_keys": keys_text(decision_keys(lang))}


def choices(field: str, lang: str) -> tuple[tuple[tuple[str, ...], Verdict | Decision], ...]:
    """The keys of ``field``'s chooser (verdict or decision) in ``lang``, as the request form's
    one-key fields take them."""
    return verdict_keys(lang) if field == "verdict" else decision_keys(lang)
