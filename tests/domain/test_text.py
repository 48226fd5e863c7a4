"""store/text.py: the one sanitiser for terminal-bound text, its shortening and blank test."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewroom.store import text as text_module
from reviewroom.store.text import (
    cell_width,
    clean_line,
    clean_text,
    is_blank,
    one_line,
    placeholder,
    safe_json,
    shorten,
)
from tests.hostile import CORPUS, raw_characters


def test_c0_and_del_show_in_caret_notation() -> None:
    assert clean_line("a\x1b]0;title\x07b") == "a^[]0;title^Gb"
    assert clean_line("\x00\x7f") == "^@^?"
    assert placeholder("\x1b") == "^[" and placeholder("\x1f") == "^_"


def test_c1_bidi_and_zero_width_show_as_code_points() -> None:
    assert clean_line("\x9b2J") == "<U+009B>2J"
    assert clean_line("safe \u202etxt.exe") == "safe <U+202E>txt.exe"
    assert clean_line("a\u200bb\u2066c\u2069") == "a<U+200B>b<U+2066>c<U+2069>"
    assert clean_line("\ufeffx\u00ad") == "<U+FEFF>x<U+00AD>"
    assert clean_line("\ud800") == "<U+D800>"


def test_placeholders_are_ascii() -> None:
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x202E, 0x200B, 0xE0041]:
        assert placeholder(chr(code)).isascii()


def test_line_breaks_are_kept_in_text_and_marked_in_a_line() -> None:
    assert clean_text("a\nb\r\nc\rd\x85e\u2028f") == "a\nb\nc\nd\ne\nf"
    assert clean_line("a\nb\r\nc") == "a^Jb^Jc"


def test_tabs_become_spaces() -> None:
    assert clean_line("a\tb") == "a b"
    assert clean_text("a\tb\n\tc") == "a   b\n    c"
    assert clean_line("a\x0bb\x0cc") == "a b c"


def test_emoji_sequences_keep_their_joiner_but_a_lone_joiner_shows() -> None:
    assert clean_line("👩\u200d💻 🏳️\u200d🌈") == "👩\u200d💻 🏳️\u200d🌈"
    assert clean_line("a\u200db") == "a<U+200D>b"


def test_decomposed_accents_are_composed() -> None:
    assert clean_line("za\u0328z\u0307o\u0301\u0142c\u0301") == "zążółć"


def test_plain_text_is_returned_as_is() -> None:
    text = "Make the logo bigger [TBD], 20% (see R1) — Zażółć 🎉"
    assert clean_line(text) is text or clean_line(text) == text


def test_every_ascii_character_is_kept_or_replaced_as_before() -> None:
    """ASCII text that is printable skips the sanitiser (``str.isprintable``); every other ASCII
    character still goes through it: the fast path leaves out nothing it would change."""
    for code in range(0x80):
        char = chr(code)
        if 0x20 <= code < 0x7F:
            expected = char
        elif char in "\t\x0b\x0c":
            expected = " "
        elif char in "\n\r":
            expected = "^J"
        else:
            expected = placeholder(char)
        assert clean_line(f"a{char}b") == f"a{expected}b", hex(code)
        assert clean_text(f"a{char}b") == ("a\nb" if char in "\n\r" else
                                          "a   b" if char == "\t" else f"a{expected}b")


def test_the_format_characters_are_exactly_unicode_category_cf() -> None:
    """The hard-coded list of invisible format characters matches this Python's Unicode data."""
    cf = {chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}
    listed = {chr(code) for code in range(0x110000)
              if re.match(text_module._UNSAFE, chr(code))
              and unicodedata.category(chr(code)) == "Cf"}
    assert listed == cf


@pytest.mark.parametrize("text", CORPUS)
def test_nothing_raw_survives(text: str) -> None:
    assert raw_characters(clean_line(text)) == []
    assert raw_characters(clean_text(text).replace("\n", "")) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_cleaning_is_idempotent_and_complete(text: str) -> None:
    line = clean_line(text)
    assert clean_line(line) == line and "\n" not in line
    assert raw_characters(line) == []
    block = clean_text(text)
    assert clean_text(block) == block


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")),
                 st.text(alphabet="ąćęłńóśźżĄĆĘŁŃÓŚŹŻ e\u0301\u115f\u3164\ufeff\u200d\t\r\n\x85")))
def test_text_left_as_it_is_is_what_the_full_cleaning_gives(text: str) -> None:
    """The check that skips the full cleaning (store/text.py ``_settled``) never skips text the
    cleaning would change: Polish letters, decomposed accents, fillers, format characters."""
    for multiline in (False, True):
        if text_module._settled(text):
            assert text_module._sanitised(text, multiline=multiline) == text


def test_settled_text_includes_polish_and_excludes_what_cleaning_changes() -> None:
    assert text_module._settled("Zażółć gęślą jaźń, proszę.")
    for changed in ("e\u0301", "a\u115fb", "a\u200bb", "a\tb", "a\nb", "\x1b[31m"):
        assert not text_module._settled(changed), repr(changed)
        assert clean_line(changed) != changed or changed == "e\u0301"


def test_cell_width_counts_wide_characters_and_not_accents() -> None:
    assert cell_width("abc") == 3
    assert cell_width("会議") == 4
    assert cell_width("e\u0301") == 1
    assert cell_width("👩\u200d💻") == 2


def test_shorten_cuts_by_cells_with_an_ellipsis() -> None:
    assert shorten("abcdef", 4) == "abc…"
    assert shorten("abcdef", 6) == "abcdef"
    assert shorten("会議の議事録", 5) == "会議…"
    assert shorten("abc", 0) == "abc"


@pytest.mark.parametrize("text", ["ab\x1bcd", "ab\u202ecd", "a\x9bcdef", "ab\x00\x00\x00"])
@pytest.mark.parametrize("width", range(1, 12))
def test_shorten_never_splits_a_placeholder(text: str, width: int) -> None:
    cut = shorten(clean_line(text), width)
    assert cell_width(cut) <= width
    body = cut.removesuffix("…")
    assert clean_line(text).startswith(body)
    # What is left is whole: no half of ``<U+202E>`` or ``^[``.
    assert body.count("<") == body.count(">") and not body.endswith("^")


def test_shorten_keeps_accents_and_emoji_sequences_whole() -> None:
    assert shorten("e\u0301e\u0301e\u0301e\u0301", 3) == "e\u0301e\u0301…"
    assert shorten("👩\u200d💻👩\u200d💻👩\u200d💻", 5) == "👩\u200d💻👩\u200d💻…"


def test_one_line_cleans_then_shortens() -> None:
    assert one_line("\x1b[2J" + "x" * 50, 10) == "^[[2Jxxxx…"


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\u200b", "\u202e", "\ufeff\u200b\u2060",
                                  " \u3164 ", "\u0301", "\x00", "\u2800", "\x1b"])
def test_blank_means_nothing_visible(text: str) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["x", " a ", "[", "\x1b[2J", "🎉", "ż", "\u200bx"])
def test_visible_text_is_not_blank(text: str) -> None:
    assert not is_blank(text)


@pytest.mark.parametrize("text", CORPUS)
def test_safe_json_round_trips_and_carries_nothing_raw(text: str) -> None:
    data = {"text": text, "list": [text, 1, None], "ż": "ż"}
    dumped = safe_json(data)
    assert json.loads(dumped) == data
    assert raw_characters(dumped.replace("\n", "")) == []
    assert "ż" in dumped  # letters stay readable


def test_safe_json_escapes_astral_format_characters_as_surrogate_pairs() -> None:
    dumped = safe_json("\U000e0041")
    assert dumped == '"\\udb40\\udc41"' and json.loads(dumped) == "\U000e0041"
