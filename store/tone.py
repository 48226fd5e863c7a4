"""Rule 6's matcher: loaded or blaming wording, found as whole words with inflection and context.

The patterns live in ``locales/<lang>/tone.txt``, one per line, matched case-insensitively::

    word        the word itself, never part of a longer word ("always" is not in "hallways")
    stem*       any word starting with the stem: Polish inflection (głup* → głupi, głupia, głupie)
    *ending     any word ending so (*liście → zapomnieliście, przeczytaliście: "you did")
    a|b         either alternative, in this position
    ..          one word of any kind, or none

Several words make a phrase: its words in this order, with only spaces or punctuation between
them. A phrase decides where a word alone cannot: "never" is neutral in "never tip off the
customer" and loaded in "you never listen"; "znowu" in "pacjentka znowu dzwoni" and "znowu źle".

What is found is what one regular expression would find, every pattern of the list an
alternative of it in file order, between whole-word guards: the leftmost match; where several
patterns match at one place, the first in the file; then on from where the match ended. Compiling
that expression cost ~2.7 ms before the first frame of every start, though most texts hold none
of the words. So each pattern has its own expression, compiled the first time a text could match
it: an index of the patterns' first words, built from the lines without compiling anything, says
which patterns could start at a word, and a pattern is compiled once a text also holds its other
words (:class:`Patterns`). A text checked before is answered from memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from itertools import repeat

from reviewroom.store.i18n import phrases

# A word as the patterns see it: letters and digits, with inner apostrophes (can't, it's).
_WORD = r"\w+(?:'\w+)*"
# What may stand between two words of a phrase: spaces and punctuation, never a letter.
_BETWEEN = r"[^\w']+"
# The whole-word guards: nothing of a word just before a match, nor just after it.
_BEFORE, _AFTER = r"(?<![\w'])", r"(?![\w'])"
# A run of what the guards call a word: where a match may start, and what its first word spans.
_RUN = r"[\w']+"
# Every place a match could start if a first word may hold punctuation: each run, and each
# character between runs (the guard in each pattern's expression decides).
_EVERY_PLACE = r"[\w']+|[^\w']"
# Typographic apostrophes are read as the ASCII one, as patterns are written with it.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def find(text: str, lang: str) -> list[str]:
    """The loaded phrases in ``text``, as written there (casefolded), in order, each once."""
    return list(_find(text, lang)) if text.strip() else []


@lru_cache(maxsize=8192)
def _find(text: str, lang: str) -> tuple[str, ...]:
    """:func:`find`, remembered: a meeting screen asks again for every row it redraws."""
    folded = text.translate(_APOSTROPHES).casefold()
    found: list[str] = []
    for match in patterns(lang).finditer(folded):
        phrase = " ".join(match.group(0).split())
        if phrase not in found:
            found.append(phrase)
    return tuple(found)


@cache
def patterns(lang: str) -> Patterns:
    """``lang``'s tone list, indexed once per language; no expression is compiled yet.

    Raises:
        ValueError: a pattern the grammar above does not allow (caught by the tests).
    """
    return Patterns(phrases(lang))


class Patterns:
    """A tone list ready to search: which patterns could start at a word, and their expressions.

    A match starts where a run of word characters and apostrophes begins (the guard before it),
    and its first word is that whole run: what follows the first word in any pattern (the guard
    after a match, or the punctuation between words) is not part of a run. So a pattern can start
    at a run only if its first word allows the whole run: equal to a word, starting with a stem,
    ending with an ending. Only those patterns are tried there, in file order, as the one
    expression tries its alternatives. A first word that runs over punctuation (``e-mail``) or
    sits inside a word (``*mail*``) is indexed nowhere: its pattern is tried at every place
    (none of the shipped lists has one). A pattern's expression is compiled the first time it is
    tried on a text that holds its other words.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        """Index every line's first word, compiling nothing.

        Raises:
            ValueError: a line the grammar does not allow (every line is checked here, as the
                one expression checked them all).
        """
        self.lines = tuple(lines)
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._needs: dict[int, list[frozenset[str]]] = {}
        self._words: dict[str, list[int]] = {}
        self._stems: list[tuple[str, int]] = []
        self._endings: list[tuple[str, int]] = []
        self._anywhere: list[int] = []
        for number, line in enumerate(self.lines):
            for alternative in _slots(line)[0]:
                self._index(alternative, number)
        self._stem_keys = tuple(stem for stem, _ in self._stems)
        self._ending_keys = tuple(ending for ending, _ in self._endings)
        self._places = re.compile(_EVERY_PLACE if self._anywhere else _RUN)

    def _index(self, alternative: str, number: int) -> None:
        """File pattern ``number`` under one alternative of its first word."""
        core, kind = alternative.strip("*"), _kind(alternative)
        if kind == "any":
            self._anywhere.append(number)
        elif kind == "stem":
            self._stems.append((core, number))
        elif kind == "ending":
            self._endings.append((core, number))
        else:
            numbers = self._words.setdefault(core, [])
            if number not in numbers:  # "lazy|lazy" is tried once
                numbers.append(number)

    def finditer(self, folded: str) -> Iterator[re.Match[str]]:
        """The matches the one expression's ``finditer`` gives in ``folded``, in order.

        At each place a match could start, from where the last match ended, the patterns that
        could start there are tried in file order; the first that matches is the match. A
        pattern not compiled yet is compiled only if the text holds its other plain words too.
        """
        runs = frozenset(self._places.findall(folded))
        if not self._could_start(runs):
            return
        resume = 0
        for place in self._places.finditer(folded):
            if place.start() < resume:
                continue
            for number in self._candidates(place.group()):
                expression = self._compiled.get(number)
                if expression is None:
                    if not self._could_match(number, runs):
                        continue
                    expression = self.expression(number)
                match = expression.match(folded, place.start())
                if match:
                    resume = match.end()
                    yield match
                    break

    def _could_start(self, runs: frozenset[str]) -> bool:
        """Whether any pattern could start at one of the text's ``runs``: most texts are done
        with this, in C, without a step in Python for each of their words."""
        return bool(
            self._anywhere
            or not self._words.keys().isdisjoint(runs)
            or any(map(str.startswith, runs, repeat(self._stem_keys)))
            or any(map(str.endswith, runs, repeat(self._ending_keys)))
        )

    def _candidates(self, run: str) -> Sequence[int]:
        """The patterns whose first word allows ``run``, in file order.

        Most runs allow none, or only patterns listed under the word itself: two calls in C and
        a look-up decide those.
        """
        words = self._words.get(run, ())
        affixed = run.startswith(self._stem_keys) or run.endswith(self._ending_keys)
        if not (affixed or self._anywhere):
            return words
        numbers = {*self._anywhere, *words}
        numbers.update(number for stem, number in self._stems if run.startswith(stem))
        numbers.update(number for end, number in self._endings if run.endswith(end))
        return sorted(numbers)

    def _could_match(self, number: int, runs: frozenset[str]) -> bool:
        """Whether the text's ``runs`` hold a word for each later position of pattern ``number``
        that allows plain words only (a stem, an ending or ``..`` is left to the expression).

        Each word of a match is a whole run, as its first is (punctuation or a space before it,
        and after it): without one of those words the pattern cannot match anywhere in the text.
        """
        needs = self._needs.get(number)
        if needs is None:
            slots = _slots(self.lines[number])[1:]
            needs = [frozenset(alts) for alts in slots if all(_kind(alt) == "word" for alt in alts)]
            self._needs[number] = needs
        return all(not words.isdisjoint(runs) for words in needs)

    def expression(self, number: int) -> re.Pattern[str]:
        """Pattern ``number``'s own expression, guarded as the one expression is (compiled once).

        With the guards outside it, it backtracks as its alternative of the one expression did.
        """
        compiled = self._compiled.get(number)
        if compiled is None:
            source = compile_pattern(self.lines[number])
            compiled = self._compiled[number] = re.compile(f"{_BEFORE}(?:{source}){_AFTER}")
        return compiled


def _kind(alternative: str) -> str:
    """How one alternative of a pattern's word allows a run: as its ``word``, its ``stem``, its
    ``ending``; or ``any``: a word inside a run (``*mail*``) or over punctuation (``e-mail``),
    left to the pattern's expression."""
    stem, ending = alternative.endswith("*"), alternative.startswith("*")
    core = alternative.strip("*")
    if (stem and ending) or not (core.isalpha() or re.fullmatch(_RUN, core)):  # letters: quicker
        return "any"
    return "stem" if stem else "ending" if ending else "word"


def compile_pattern(line: str) -> str:
    """The regular expression of one pattern line (without the whole-word guards).

    Raises:
        ValueError: a line the grammar does not allow.
    """
    slots = _slots(line)
    parts = [_slot(slots[0])]
    for alternatives in slots[1:]:
        if alternatives == [".."]:
            parts.append(f"(?:{_BETWEEN}{_WORD})?")
        else:
            parts.append(_BETWEEN + _slot(alternatives))
    return "".join(parts)


def _slots(line: str) -> list[list[str]]:
    """The line's positions, each as its alternatives (``..`` as ``[".."]``), checked.

    Raises:
        ValueError: a line the grammar does not allow.
    """
    tokens = line.split()
    if not tokens or tokens[0] == ".." or tokens[-1] == "..":
        raise ValueError(f"tone pattern must start and end with a word: {line!r}")
    slots = [token.split("|") for token in tokens]
    for token, alternatives in zip(tokens, slots, strict=True):
        if "*" not in token:  # the most of them, quickly
            bad = "" in alternatives
        else:
            bad = any(not alt.strip("*") or "*" in alt.strip("*") for alt in alternatives)
        if token != ".." and bad:
            raise ValueError(f"bad tone pattern word: {token!r}")
    return slots


def _slot(alternatives: list[str]) -> str:
    """One position: its alternatives, each a word, a ``stem*`` or an ``*ending``."""
    return "(?:" + "|".join(_alternative(alt) for alt in alternatives) + ")"


def _alternative(word: str) -> str:
    """``stem*`` → the stem and any word characters; ``*ending`` → any word characters first."""
    core = re.escape(word.strip("*"))
    if word.endswith("*"):
        core += r"\w*"
    if word.startswith("*"):
        core = r"\w*" + core
    return core
