"""The requests list's base (tui/widgets/one_line_rows.py): its rows after every kind of change,
its cells made only when read or drawn, its lines drawn once until something about them changes,
and its look, line by line, the one Textual's DataTable draws for the same rows (the list was a
DataTable until session 20: the screen must look the same)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.strip import Strip
from textual.widgets import DataTable

from reviewroom.tui.widgets.one_line_rows import Column, OneLineRows, laid_out, one_line


class Rows(OneLineRows):
    """The base alone, without the requests list's columns and markers."""

    DEFAULT_CSS = "Rows { width: 1fr; height: 100%; }"


def cells_of(key: str) -> list[Text]:
    """Row ``key``'s cells: its number and a text."""
    return [Text(key[1:]), Text(f"row {key[1:]} text")]


COLUMNS = [Column("n", Text("n"), 6), Column("text", Text("text"), 20)]


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Rows()


def held(table: OneLineRows) -> set[tuple[object, ...]]:
    """The keys of the lines the list holds drawn."""
    cache = table._drawn
    return set(cache.keys())


def drawn_strips(table: OneLineRows) -> list[Strip]:
    """Every line of the list's view as it draws it now."""
    return [table.render_line(y) for y in range(table.size.height)]


async def test_the_rows_follow_every_kind_of_change_as_a_plain_list_does() -> None:
    """Random adds, edits, removals and replacements against a list of keys kept beside."""
    rng = random.Random(20)
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Rows)
        table.set_columns(COLUMNS)
        model: list[str] = []
        serial = 0
        for _step in range(400):
            choice = rng.random()
            if choice < 0.45 or not model:
                serial += 1
                key = f"r{serial}"
                table.add_row(*cells_of(key), key=key)
                model.append(key)
            elif choice < 0.65:
                key = rng.choice(model)
                table.update_row(key, [Text("edited"), Text(key)])
                assert table.get_row(key) == [Text("edited"), Text(key)]
            elif choice < 0.9:
                key = rng.choice(model)
                table.remove_row(key)
                model.remove(key)
            else:
                model = rng.sample(model, k=len(model) // 2)
                table.replace_rows(model, cells_of)
            assert list(table.keys) == model
            assert table.row_count == len(model) == len(table.rows)
            assert all(table.get_row_index(key) == n for n, key in enumerate(model))
            assert 0 <= table.cursor_row <= max(len(model) - 1, 0)
            assert table.virtual_size.height == len(model) + 1  # the header and a line a row
        await pilot.pause()


async def test_a_key_twice_or_too_many_cells_is_refused_and_nothing_changes() -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Rows)
        table.set_columns(COLUMNS)
        table.add_row(*cells_of("r1"), key="r1")
        with pytest.raises(KeyError):
            table.add_row(*cells_of("r1"), key="r1")
        with pytest.raises(ValueError, match="More values"):
            table.add_row(Text("1"), Text("2"), Text("3"), key="r2")
        assert list(table.keys) == ["r1"]
        table.add_row(Text("only one"), key="r3")  # fewer: the rest blank
        assert table.get_row("r3") == [Text("only one"), Text()]


async def test_only_the_rows_drawn_or_read_are_made() -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Rows)
        table.set_columns(COLUMNS)
        made: list[str] = []

        def make(key: str) -> list[Text]:
            made.append(key)
            return cells_of(key)

        keys = [f"r{n}" for n in range(500)]
        table.replace_rows(keys, make)
        await pilot.pause()
        shown = table.size.height - 1
        assert made == keys[:shown]  # the rows in view, each once
        assert table.get_cell("r400", "text") == Text("row 400 text")
        assert made[-1] == "r400"
        table.focus()
        await pilot.press("pagedown")
        await pilot.pause()
        assert set(keys[shown:2 * shown]) <= set(made)
        assert len(made) == len(set(made))


async def test_an_edit_draws_its_row_again_and_an_add_keeps_the_rows_drawn() -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Rows)
        table.set_columns(COLUMNS)
        table.replace_rows([f"r{n}" for n in range(5)], cells_of)
        await pilot.pause()
        before = drawn_strips(table)
        drawn = held(table)
        table.update_row("r3", [Text("3"), Text("edited")])
        assert [k for k in held(table) if k[0] == "r3"] == []
        assert held(table) <= drawn
        after = drawn_strips(table)
        assert "edited" in after[4].text and after[:4] == before[:4] and after[5:] == before[5:]
        table.add_row(*cells_of("r5"), key="r5")
        assert {k for k in drawn if k[0] != "r3"} <= held(table)
        assert "row 5 text" in drawn_strips(table)[6].text


async def test_the_cursor_keys_move_and_say_who_moved() -> None:
    heard: list[tuple[str, bool]] = []

    class Heard(Host):
        def on_one_line_rows_highlighted(self, event: OneLineRows.Highlighted) -> None:
            heard.append((event.key, event.by_user))

    async with Heard().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Rows)
        table.set_columns(COLUMNS)
        table.replace_rows([f"r{n}" for n in range(40)], cells_of)
        table.focus()
        await pilot.pause()
        await pilot.press("down", "down", "up")
        table.select("r30")
        await pilot.press("pagedown")
        await pilot.pause()
        body = table.body_height()
        assert heard == [("r0", False), ("r1", True), ("r2", True), ("r1", True),
                         ("r30", False), ("r39", True)]
        assert table.current_key == "r39" and 30 + body > 39
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 39 - body
        assert int(table.scroll_y) <= table.cursor_row < int(table.scroll_y) + body


async def test_enter_and_a_click_on_the_highlighted_row_select_it() -> None:
    selected: list[str] = []

    class Picking(Host):
        def on_one_line_rows_selected(self, event: OneLineRows.Selected) -> None:
            selected.append(event.key)

    async with Picking().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Rows)
        table.set_columns(COLUMNS)
        table.replace_rows([f"r{n}" for n in range(10)], cells_of)
        table.focus()
        await pilot.pause()
        await pilot.click(Rows, offset=(3, 4))  # row 3 (below the header): highlighted
        await pilot.pause()
        assert table.current_key == "r3" and selected == []
        await pilot.click(Rows, offset=(3, 4))  # again: selected
        await pilot.press("down", "enter")
        await pilot.pause()
        assert selected == ["r3", "r4"]
        await pilot.click(Rows, offset=(3, 0))  # the header: nothing
        await pilot.pause()
        assert table.current_key == "r4" and selected == ["r3", "r4"]


CELLS = [
    Text("plain"),
    Text("a rather long request that the column cuts", overflow="ellipsis", no_wrap=True),
    Text("verdict", style="bold green"),
    Text.assemble(("!", "red"), "~>^"),
    Text(""),
    Text("żółć – Ünïcödé 漢字 wide"),
    Text("crop me please, I am long", overflow="crop", end=""),
]
WIDTHS = (3, 6, 14, 10, 12)


class SideBySide(App[None]):
    """A DataTable and the list beside each other, with the same rows and columns."""

    CSS = "DataTable, Rows { width: 1fr; height: 100%; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Rows()


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_each_line_is_the_one_datatable_draws(theme: str) -> None:
    """Header, zebra stripes, the cursor (focused and not), the hover: segment for segment."""
    app = SideBySide()
    app.theme = theme
    async with app.run_test(size=(180, 20)) as pilot:
        theirs, ours = app.query_one(DataTable), app.query_one(Rows)
        ours.set_columns(Column(f"c{n}", Text(f"col {n}"), w) for n, w in enumerate(WIDTHS))
        for n, width in enumerate(WIDTHS):
            theirs.add_column(Text(f"col {n}"), key=f"c{n}", width=width)
        keys = [f"r{r}" for r in range(12)]
        rows = {key: [CELLS[(r + c) % len(CELLS)] for c in range(len(WIDTHS))]
                for r, key in enumerate(keys)}
        for key in keys:
            theirs.add_row(*rows[key], key=key)
        ours.replace_rows(keys, lambda key: rows[key])
        await pilot.pause()
        compared = 0
        for focus in (True, False):
            for row in (0, 5):
                lines = []
                for table in (theirs, ours):  # one list focused at a time
                    app.set_focus(table if focus else None)
                    table.move_cursor(row=row)
                    await pilot.pause()
                    lines.append([list(table.render_line(y)) for y in range(ours.size.height)])
                for y, (other, mine) in enumerate(zip(*lines, strict=True)):
                    assert mine == other, (focus, row, y)
                    compared += 1
        hovered = []
        for table in (theirs, ours):  # the hover on row 2, one list at a time
            await pilot.hover(type(table), offset=(2, 3))
            await pilot.pause()
            hovered.append([list(table.render_line(y)) for y in range(6)])
        assert ours.hover_row == 2
        assert hovered[0] == hovered[1]
        assert compared == 2 * 2 * ours.size.height


# Random cells for the fast path of one_line (a Text without spans cut and styled at once) against
# Rich's own layout of every cell (laid_out): plain, wide and tab characters, styles by name and
# by value, spans, each overflow, too long and empty.
CHARS = st.sampled_from(["a", "b", " ", "é", "漢", "字", "\t", "…", "-"])
STYLES = st.sampled_from(["", "bold", "red on blue", "none", "no such style", Style(),
                          Style(italic=True), Style(color="green", bgcolor="black")])


@st.composite
def texts(draw: st.DrawFn) -> Text:
    """A Text as a cell may hold one: some characters, a style, an overflow, maybe spans."""
    text = Text(draw(st.text(CHARS, max_size=14)), style=draw(STYLES),
                overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis", "ignore"])))
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text)))
        text.stylize(draw(STYLES), start, draw(st.integers(start, len(text) + 1)))
    return text


@settings(max_examples=400)
@given(text=texts(), width=st.integers(0, 16), padding=st.integers(0, 2),
       under=st.sampled_from([Style(), Style(bgcolor="grey23"), Style(bold=True, color="red")]),
       over=st.sampled_from([Style(), Style(color="white"), Style(bgcolor="blue")]),
       row=st.integers(-1, 3))
def test_a_cell_is_drawn_as_richs_layout_draws_it(text: Text, width: int, padding: int,
                                                  under: Style, over: Style, row: int) -> None:
    """Segment for segment once simplified (as the list's lines are), whatever the cell."""
    console = Console()
    pre = under + Style.from_meta({"row": row, "column": 0})
    fast = one_line(console, text, width, padding, pre, over)
    rich = laid_out(console, text, width, padding, pre, over)
    assert list(Strip(fast).simplify()) == list(Strip(rich).simplify())
