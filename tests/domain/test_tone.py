"""Rule 6's tone check measured on a corpus (issue 10): whole words, Polish inflection, phrases.

The corpus (tests/tone_corpus.py) holds sentences written for these tests; the check must reach
a precision and a recall of at least 0.9 in each language.
"""

from __future__ import annotations

import pytest

from reviewroom.store.rules import find_phrases
from reviewroom.store.tone import compile_pattern, matcher
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
    assert matcher(lang).pattern


@pytest.mark.parametrize("line", ["..", ".. word", "word ..", "a||b", "st*em"])
def test_a_malformed_pattern_is_refused(line: str) -> None:
    with pytest.raises(ValueError):
        compile_pattern(line)
