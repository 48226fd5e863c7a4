"""The criteria panel's own line wrapper: the lines Textual would draw, for plain ASCII prose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from reviewroom.tui.widgets.criteria_lines import wrap

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-,.%()/", min_size=1, max_size=12)


@settings(max_examples=300)
@given(words=st.lists(WORD, max_size=40), width=st.integers(min_value=12, max_value=80))
def test_prose_wraps_as_textual_wraps_it(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert wrap(text, width) == ([part.plain for part in Content(text).wrap(width)] or [""])


def test_a_word_longer_than_the_line_is_cut_on_a_line_of_its_own() -> None:
    assert wrap("See https://example.com/a/very/long/path now", 12) == [
        "See", "https://exam", "ple.com/a/ve", "ry/long/path", "now"]


def test_wide_characters_take_two_cells() -> None:
    """Text that is not plain ASCII is wrapped by Textual, which counts cells."""
    lines = wrap("日本語のテキスト です", 8)
    assert all(Content(line).cell_length <= 8 for line in lines)
    assert "".join(lines).replace(" ", "") == "日本語のテキストです"


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 10) == [""]
