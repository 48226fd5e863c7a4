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

All patterns of a language are compiled into one regular expression, so a field is checked in
one scan however long the list grows, and a text checked before is answered from memory.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from reviewroom.store.i18n import phrases

# A word as the patterns see it: letters and digits, with inner apostrophes (can't, it's).
_WORD = r"\w+(?:'\w+)*"
# What may stand between two words of a phrase: spaces and punctuation, never a letter.
_BETWEEN = r"[^\w']+"
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
    for match in matcher(lang).finditer(folded):
        phrase = " ".join(match.group(0).split())
        if phrase not in found:
            found.append(phrase)
    return tuple(found)


@cache
def matcher(lang: str) -> re.Pattern[str]:
    """One expression for every pattern of ``lang``'s tone list (built once per language).

    Raises:
        ValueError: a pattern the grammar above does not allow (caught by the tests).
    """
    branches = [compile_pattern(line) for line in phrases(lang)]
    return re.compile(r"(?<![\w'])(?:" + "|".join(branches) + r")(?![\w'])")


def compile_pattern(line: str) -> str:
    """The regular expression of one pattern line (without the whole-word guards)."""
    tokens = line.split()
    if not tokens or tokens[0] == ".." or tokens[-1] == "..":
        raise ValueError(f"tone pattern must start and end with a word: {line!r}")
    parts = [_slot(tokens[0])]
    for token in tokens[1:]:
        if token == "..":
            parts.append(f"(?:{_BETWEEN}{_WORD})?")
        else:
            parts.append(_BETWEEN + _slot(token))
    return "".join(parts)


def _slot(token: str) -> str:
    """One position: its alternatives, each a word, a ``stem*`` or an ``*ending``."""
    alternatives = token.split("|")
    if any(not alt.strip("*") or "*" in alt.strip("*") for alt in alternatives):
        raise ValueError(f"bad tone pattern word: {token!r}")
    return "(?:" + "|".join(_alternative(alt) for alt in alternatives) + ")"


def _alternative(word: str) -> str:
    """``stem*`` → the stem and any word characters; ``*ending`` → any word characters first."""
    core = re.escape(word.strip("*"))
    if word.endswith("*"):
        core += r"\w*"
    if word.startswith("*"):
        core = r"\w*" + core
    return core
