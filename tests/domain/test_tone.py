"""Rule 6's tone check measured on a corpus (issue 10): whole words, Polish inflection, phrases.

The corpus (tests/tone_corpus.py) holds sentences written for these tests; the check must reach
a precision and a recall of at least 0.9 in each language. Since session 20 each pattern has its
own expression, tried only where a text could match it: the tests below hold it to what the one
expression of every pattern found before, on the corpus, on texts made from every line of the
lists, and on generated texts and lists.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewroom.store.i18n import phrases
from reviewroom.store.rules import find_phrases
from reviewroom.store.tone import Patterns, compile_pattern, find, patterns
from tests.tone_corpus import CORPUS

TARGET = 0.9


def precision_recall(lang: str) -> tuple[float, float]:
    """Sentence-level precision and recall of the check on ``lang``'s corpus."""
    neutral, loaded = CORPUS[lang]
    flagged_neutral = sum(1 for text in neutral if find_phrases(text, lang))
    flagged_loaded = sum(1 for text in loaded if find_phrases(text, lang))
    flagged = flagged_neutral + flagged_loaded
    precision = flagged_loaded / flagged if flagged else 0.0
    return precision, flagged_loaded / len(loaded)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_corpus_is_large_enough(lang: str) -> None:
    neutral, loaded = CORPUS[lang]
    assert len(set(neutral)) >= 40 and len(set(loaded)) >= 40
    assert not set(neutral) & set(loaded)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_precision_and_recall_reach_the_target(lang: str) -> None:
    precision, recall = precision_recall(lang)
    assert precision >= TARGET, f"{lang} precision {precision:.2f}"
    assert recall >= TARGET, f"{lang} recall {recall:.2f}"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The logo should be clearly visible on every screen.", "en"),
        ("Staff must never tip off the customer.", "en"),
        ("In the simulation you never tip off the customer.", "en"),
        ("The hallways are always busy.", "en"),
        ("Nigdy nie podawaj danych przez telefon.", "pl"),
        ("Pracownik nigdy nie zostawia dokumentów na ladzie.", "pl"),
        ("W drugiej scenie pacjent znowu dzwoni.", "pl"),
        ("To niegłupi pomysł.", "pl"),
    ],
)
def test_neutral_uses_are_not_flagged(text: str, lang: str) -> None:
    assert find_phrases(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "phrase"),
    [
        ("You got this wrong again.", "en", "you got this wrong"),
        ("Wrong again: the number is missing.", "en", "wrong again"),
        ("You never listen to us.", "en", "you never listen"),
        ("Clearly you did not read it.", "en", "clearly you"),
        ("It’s obviously too long.", "en", "obviously"),
        ("Znowu to samo.", "pl", "znowu to"),
        ("To głupi pomysł.", "pl", "głupi"),
        ("Te kolory są głupie.", "pl", "głupie"),
        ("Ta animacja jest GŁUPIA.", "pl", "głupia"),
        ("Nigdy nas nie słuchacie.", "pl", "nigdy nas nie słuchacie"),
        ("To wasza wina.", "pl", "wasza wina"),
    ],
)
def test_loaded_uses_are_flagged_as_written(text: str, lang: str, phrase: str) -> None:
    assert find_phrases(text, lang) == [phrase]


def test_each_phrase_is_reported_once_in_text_order() -> None:
    text = "As usual the quiz is useless, as usual."
    assert find_phrases(text, "en") == ["as usual", "useless"]


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_pattern_of_the_lists_compiles(lang: str) -> None:
    tone_list = patterns(lang)
    assert all(tone_list.expression(number).pattern for number in range(len(tone_list.lines)))


@pytest.mark.parametrize("line", ["..", ".. word", "word ..", "a||b", "st*em"])
def test_a_malformed_pattern_is_refused(line: str) -> None:
    with pytest.raises(ValueError):
        compile_pattern(line)


def test_a_malformed_line_fails_the_whole_list_before_any_text_is_read() -> None:
    """As the one expression did: a bad line anywhere is found when the list is first used."""
    with pytest.raises(ValueError):
        Patterns(["obviously", "never again", "st*em"])


# --- The same matches as the one expression of every pattern (before session 20) ---------------

def one_expression(lines: Sequence[str]) -> re.Pattern[str]:
    """The oracle: the expression ``tone.matcher`` built before session 20, for ``lines`` (every
    line an alternative of it, in file order)."""
    branches = [compile_pattern(line) for line in lines]
    return re.compile(r"(?<![\w'])(?:" + "|".join(branches) + r")(?![\w'])")


ONE_EXPRESSION = {lang: one_expression(phrases(lang)) for lang in ("en", "pl")}
FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def reference_find(text: str, lang: str) -> list[str]:
    """``tone.find`` before session 20: the one expression's matches, folded, each once."""
    found: list[str] = []
    if text.strip():
        for match in ONE_EXPRESSION[lang].finditer(text.translate(FOLD).casefold()):
            phrase = " ".join(match.group(0).split())
            if phrase not in found:
                found.append(phrase)
    return found


def spans(matches: Iterator[re.Match[str]]) -> list[tuple[int, int]]:
    """Where each match starts and ends: the same spans, the same phrases, the same order."""
    return [match.span() for match in matches]


def differing(texts: Sequence[str], lang: str) -> list[str]:
    """The texts on which ``find``, or the matches under it, differ from the oracle's.

    The matches are also taken from a list of which nothing is compiled yet, as in the first
    check of a process: a pattern is compiled only if the text holds its other plain words.
    """
    lines = phrases(lang)
    return [
        text for text in texts
        if find(text, lang) != reference_find(text, lang)
        or spans(Patterns(lines).finditer(folded := text.translate(FOLD).casefold()))
        != spans(ONE_EXPRESSION[lang].finditer(folded))
    ]


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_corpus_finds_what_the_one_expression_found(lang: str) -> None:
    texts = [text for group in CORPUS[lang] for text in group]
    texts += [" ".join(texts), "\n".join(texts).upper()]  # many matches, one scan
    assert differing(texts, lang) == []


def realisations(line: str) -> Iterator[str]:
    """Texts one line matches: every alternative of every position appears in one of them.

    A ``stem*`` gets endings (and an apostrophe, which it does not take), an ``*ending``
    beginnings, ``..`` no word or one.
    """
    slots = [token.split("|") for token in line.split()]
    for turn in range(max(len(alternatives) for alternatives in slots)):
        words = []
        for alternatives in slots:
            if alternatives == [".."]:
                words.append(["", "ten"][turn % 2])
                continue
            word = alternatives[turn % len(alternatives)]
            if word.endswith("*"):
                word += ["", "a", "ami", "'s", "ing"][turn % 5]
            if word.startswith("*"):
                word = ["", "prze", "za", "x'"][turn % 4] + word
            words.append(word.strip("*"))
        yield " ".join(word for word in words if word)


def guises(text: str) -> list[str]:
    """``text`` as it matches and as it nearly does: glued, split, cut, cased, quoted."""
    words = text.split()
    near = [
        "x" + text, text + "x", "'" + text, text + "'", text + "'s", "\u2019" + text, "1" + text,
        text + "2", "_" + text, "ż" + text, text + "ą", text.replace(" ", "_"),
        text.replace(" ", "'"), text.replace(" ", ""), text.replace(" ten ", " ten ten "),
        " ".join(words[1:]), " ".join(words[:-1]), text.replace("'", "\u2019"),
        text.replace("'", "\u02bc"), text.replace("'", "\u2018"), text.replace("'", ""),
    ]
    spaced = [text.replace(" ", gap) for gap in (", ", " — ", "-", " \n ", "... ", "  ")]
    cased = [text.upper(), text.title(), text.capitalize()]
    return [*near, *spaced, *cased, f"({text})", f"Note: {text}, and {text} again."]


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_line_of_the_lists_finds_what_the_one_expression_found(lang: str) -> None:
    texts = [
        framed
        for line in phrases(lang)
        for text in realisations(line)
        for guise in [text, *guises(text)]
        for framed in (guise, f"The {guise} here.")
    ]
    assert len(texts) > 2000
    assert differing(texts, lang) == []


def vocabulary(lang: str) -> list[str]:
    """The words, stems and endings of ``lang``'s list, as they stand in its lines."""
    return sorted({
        alternative.strip("*")
        for line in phrases(lang)
        for token in line.split() if token != ".."
        for alternative in token.split("|")
    })


# What stands around and between the lists' words in the generated texts.
AFFIXES = ["", "", "", "a", "ie", "ami", "ing", "'s", "\u2019t", "2", "_", "nie", "prze", "x'", "ż"]
GAPS = [" ", " ", " ", ", ", ". ", " - ", "-", "'", "\u2019", "\u02bc", "", "\n", "_", "…", "0 "]


def made_texts(lang: str) -> st.SearchStrategy[str]:
    """Texts of the list's words, inflected, glued, cased and spaced at random."""
    word = st.tuples(
        st.sampled_from(AFFIXES), st.sampled_from(vocabulary(lang)), st.sampled_from(AFFIXES),
        st.sampled_from([str.lower, str.lower, str.upper, str.title]),
    ).map(lambda parts: parts[3](parts[0] + parts[1] + parts[2]))
    piece = st.tuples(word, st.sampled_from(GAPS)).map("".join)
    odd = st.sampled_from(["ą", "ęł", "Óś", "42", "?", "\u2018"])
    return st.lists(piece | odd, max_size=16).map("".join)


@settings(max_examples=400)
@given(text=made_texts("en"))
def test_made_english_texts_find_what_the_one_expression_found(text: str) -> None:
    assert differing([text], "en") == []


@settings(max_examples=400)
@given(text=made_texts("pl"))
def test_made_polish_texts_find_what_the_one_expression_found(text: str) -> None:
    assert differing([text], "pl") == []


# Lines of the grammar over a few letters, with what the shipped lists lack: an *ending first, an
# *inner*, punctuation inside a word; and texts of their words, affixed, glued and spaced.
CORE = st.text(alphabet="aab'-", min_size=1, max_size=2) | st.sampled_from(["a", "b", "ab", "ą"])
ALTERNATIVE = st.tuples(st.sampled_from(["", "*"]), CORE, st.sampled_from(["", "*"])).map("".join)
TOKEN = st.lists(ALTERNATIVE, min_size=1, max_size=3).map("|".join)
LINE = st.tuples(TOKEN, st.lists(TOKEN | st.just(".."), max_size=2), st.lists(TOKEN, max_size=1))
LINES = st.lists(LINE.map(lambda parts: " ".join([parts[0], *parts[1], *parts[2]])), min_size=1,
                 max_size=8).filter(lambda lines: all(not line.endswith(" ..") for line in lines))
MADE_AFFIXES = ["", "", "", "", "", "a", "b", "'a", "ą", "-"]
MADE_GAPS = [" ", " ", " ", ", ", "-", "'", "\u2019", "", "_", ".", " 1 "]


@st.composite
def lists_and_texts(draw: st.DrawFn) -> tuple[list[str], str]:
    """A made list, and a text of its words: loose, and as its lines put them (nearly)."""
    lines = draw(LINES)
    affix, gap = st.sampled_from(MADE_AFFIXES), st.sampled_from(MADE_GAPS)

    def said(token: str, plain: bool = False) -> st.SearchStrategy[str]:
        """One word as a text could hold it: affixed, or ``plain``."""
        alternatives = ["", "x"] if token == ".." else [alt.strip("*") for alt in token.split("|")]
        edge = st.just("") if plain else affix
        return st.tuples(edge, st.sampled_from(alternatives), edge).map("".join)

    loose = st.sampled_from([token for line in lines for token in line.split()]).flatmap(said)
    line = st.sampled_from(lines).flatmap(
        lambda line: st.tuples(*(st.tuples(said(word, plain=True), gap) for word in line.split()))
    ).map(lambda words: "".join(word + after for word, after in words))
    pieces = st.lists(st.tuples(loose | line | st.sampled_from(["a", "ab", "x"]), gap), max_size=6)
    return lines, draw(pieces.map(lambda pieces: "".join(word + after for word, after in pieces)))


@settings(max_examples=300)
@given(made=lists_and_texts())
def test_made_lists_find_what_their_one_expression_finds(made: tuple[list[str], str]) -> None:
    lines, text = made
    folded = text.translate(FOLD).casefold()
    assert spans(Patterns(lines).finditer(folded)) == spans(one_expression(lines).finditer(folded))


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["a*", "a* b"], "ab b"),  # two patterns at one place: the first in the file wins
        (["a* b", "a*"], "ab b ab"),
        (["*ing", "keep *ing"], "keeping going"),  # an *ending first
        (["*ai*"], "email, mail, ai, x'ai"),  # an *inner*: inside a run
        (["e-mail", "mail"], "e-mail and -mail, e-mails"),  # punctuation inside a first word
        (["-", "--x"], "a - b -- c --x -"),  # a first word with no letter at all
        (["'tis", "'"], "'tis ' it's 'tis'"),  # apostrophes at the edges
        (["lazy|lazy", "lazy a"], "lazy a lazy"),  # an alternative twice
        (["you|your fault"], "your fault, you fault"),  # backtracking in the first position
        (["a b* c", "a *b"], "a bb c, a xb c"),  # later words: a stem, an ending
        (["a e-mail", "a *ai*"], "a e-mail, a email"),  # later words over punctuation, inside
    ],
)
def test_odd_lists_find_what_their_one_expression_finds(lines: list[str], text: str) -> None:
    matched = spans(Patterns(lines).finditer(text))
    assert matched == spans(one_expression(lines).finditer(text)) and matched


# --- The first check in a process compiles only what its text could match -----------------------

# A fresh process, as `reviewroom open` is one: every re.compile recorded during the first check.
FIRST_FIND = """
import json, re, sys
from reviewroom.store import rules
compiled = []
def recording(pattern, flags=0, compile=re.compile):
    compiled.append(pattern)
    return compile(pattern, flags)
re.compile = recording
print(json.dumps([rules.find_phrases(sys.argv[1], "en"), compiled]))
"""


def first_find(text: str) -> tuple[list[str], list[list[str]]]:
    """What the first check of ``text`` in a fresh process found, and for each tone expression it
    compiled (one holding any line of the list), the lines it holds."""
    out = subprocess.run([sys.executable, "-c", FIRST_FIND, text], capture_output=True, text=True,
                         check=True, cwd="/")
    found, compiled = json.loads(out.stdout)
    held = [[line for line in phrases("en") if compile_pattern(line) in expression]
            for expression in compiled]
    return found, [lines for lines in held if lines]


def test_the_first_check_compiles_only_the_pattern_of_its_one_loaded_word() -> None:
    found, compiled = first_find("The intro video looks obviously too long.")
    assert (found, compiled) == (["obviously"], [["obviously"]])


def test_the_first_check_compiles_no_pattern_whose_other_words_the_text_lacks() -> None:
    """Its "is" and "for" begin patterns, but it has no "a" for "is|was|what a .. joke|mess", no
    "last" or "hundredth" for "for the last time" and "for the hundredth time"."""
    found, compiled = first_find("The quiz is obviously too long for new staff.")
    assert (found, compiled) == (["obviously"], [["obviously"]])


@pytest.mark.parametrize(
    ("text", "found", "compiled"),
    [
        ("The menu is a mess, obviously.", ["is a mess", "obviously"],
         [["is|was|what a .. joke|mess"], ["obviously"]]),  # "mess|messed|messing up": no "up"
        ("The last time, for the record, it was fine.", [], [["for the last time"]]),
    ],
)
def test_the_first_check_compiles_the_patterns_whose_words_are_all_in_the_text(
    text: str, found: list[str], compiled: list[list[str]]
) -> None:
    assert first_find(text) == (found, compiled)


def test_the_first_check_of_a_neutral_text_compiles_no_pattern() -> None:
    assert first_find("The summary card needs the branch name and a larger font.") == ([], [])
