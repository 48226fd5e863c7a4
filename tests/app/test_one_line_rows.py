"""The requests table's own bookkeeping of its rows (tui/widgets/one_line_rows.py) agrees with
Textual's DataTable after every kind of change, and an added row extends it instead of rebuilding
it: a watcher of a 10,000-request meeting no longer pays for every row on every save.

These compare against DataTable's own private members: when a Textual release renames or changes
them, this file fails rather than the table drawing the wrong rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input
from textual.widgets.data_table import DuplicateKey

from reviewroom.tui.widgets.one_line_rows import OneLineRows


class Table(OneLineRows[Any]):
    """The bookkeeping alone, without the requests table's columns and markers."""


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Table()


def textual_rows(table: Table) -> list[Any]:
    """DataTable's own answers for the same table, worked out afresh (DataTable caches them on
    ``_update_count``, which an add no longer bumps)."""
    table._update_count += 1
    return DataTable.ordered_rows.fget(table)  # type: ignore[attr-defined,no-any-return]


def textual_lines(table: Table) -> list[Any]:
    """DataTable's own line map for the same table, worked out afresh."""
    table._update_count += 1
    return DataTable._y_offsets.fget(table)  # type: ignore[attr-defined,no-any-return]


def agrees(table: Table) -> None:
    """Ours and Textual's say the same rows, in the same order, line by line."""
    assert [row.key for row in table.ordered_rows] == [row.key for row in textual_rows(table)]
    assert list(table._y_offsets) == textual_lines(table)
    assert len(table._y_offsets) == table._total_row_height == table.row_count


async def test_the_rows_agree_with_datatables_after_every_kind_of_change() -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Table)
        table.add_column("n", key="n", width=6)
        table.add_column("text", key="text", width=20)
        agrees(table)
        for n in range(30):
            table.add_row(str(n), f"row {n}", key=f"r{n}")
        agrees(table)
        table.update_cell("r3", "text", "edited")
        agrees(table)
        table.remove_row("r5")
        table.remove_row("r0")
        agrees(table)
        table.add_row("30", "after a removal", key="r30")
        agrees(table)
        table.sort("text", reverse=True)
        agrees(table)
        table.add_row("31", "after a sort", key="r31")
        agrees(table)
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        agrees(table)
        table.clear()
        agrees(table)
        table.add_row("32", "after a clear", key="r32")
        agrees(table)
        table.clear(columns=True)
        agrees(table)


async def test_an_added_or_edited_row_does_not_rebuild_the_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Table)
        table.add_column("text", key="text", width=20)
        for n in range(50):
            table.add_row(f"row {n}", key=f"r{n}")
        assert len(table.ordered_rows) == 50
        built: list[int] = []
        real = DataTable.ordered_rows.fget  # type: ignore[attr-defined]
        monkeypatch.setattr(DataTable, "ordered_rows",
                            property(lambda self: built.append(1) or real(self)))
        table.add_row("one more", key="r50")
        table.update_cell("r7", "text", "edited")
        await pilot.pause()
        assert table.ordered_rows[-1].key.value == "r50"
        assert table._y_offsets[50] == (table.ordered_rows[50].key, 0)
        assert built == [], "the order was rebuilt from every row"
        table.remove_row("r1")
        assert [row.key.value for row in table.ordered_rows][:2] == ["r0", "r2"]
        assert built == [1], "a removal builds it again, once"


async def test_a_row_of_more_than_one_line_is_refused() -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(Table)
        table.add_column("text", key="text")
        with pytest.raises(ValueError, match="one line"):
            table.add_row("two\nlines", height=2)
        with pytest.raises(ValueError, match="one line"):
            table.add_row("auto", height=None)
        assert table.row_count == 0


def drawn(table: Table) -> list[list[Any]]:
    """The lines the table draws in view, through its own render caches."""
    return [list(DataTable.render_line(table, y)) for y in range(table.size.height)]


def drawn_afresh(table: Table) -> list[list[Any]]:
    """The same lines with every render cache missed (DataTable keys them on ``_update_count``),
    so a line that a cache kept stale differs."""
    table._update_count += 1
    return drawn(table)


async def numbered(pilot: Any, rows: int) -> Table:
    """The host's table with a number and a text column and ``rows`` rows, drawn once."""
    table = pilot.app.query_one(Table)
    table.add_column("n", key="n", width=6)
    table.add_column("text", key="text", width=20)
    for n in range(rows):
        table.add_row(str(n), f"row {n}", key=f"r{n}")
    await pilot.pause()
    return table


async def test_a_row_added_at_the_bottom_keeps_the_rows_drawn_and_draws_right() -> None:
    """A watcher's table gains a row at the bottom on every save of a growing meeting: the rows in
    view are the same, so their cached lines stay (DataTable dropped every cache on each add, and
    drew the rows in view again); what is drawn is what a table without caches draws."""
    async with Host().run_test(size=(60, 12)) as pilot:
        table = await numbered(pilot, 5)
        assert drawn(table) == drawn_afresh(table)
        count = table._update_count
        table.add_row("5", "in view", key="r5")  # the new row is drawn, the others kept
        assert table._update_count == count
        await pilot.pause()
        assert drawn(table) == drawn_afresh(table)
        for n in range(6, 40):  # past the bottom of the view
            table.add_row(str(n), f"row {n}", key=f"r{n}")
        await pilot.pause()
        assert drawn(table) == drawn_afresh(table)
        table.move_cursor(row=39)  # scrolled to the bottom, then one more row there
        await pilot.pause()
        table.add_row("40", "below the cursor", key="r40")
        table.move_cursor(row=40)
        await pilot.pause()
        assert drawn(table) == drawn_afresh(table)
        for change in (lambda: table.remove_row("r39"), lambda: table.sort("n"),
                       lambda: table.update_cell("r40", "text", "edited"),
                       lambda: table.add_row("41", "after the changes", key="r41"),
                       lambda: table.clear(),
                       lambda: table.add_row("42", "after a clear", key="r42")):
            change()
            await pilot.pause()
            assert drawn(table) == drawn_afresh(table)


async def test_an_edited_row_is_drawn_again_and_the_others_stay_cached() -> None:
    """An edit the writer saved touches one row of a watcher's list: that row is drawn anew and
    the other rows in view keep their cached lines (``update_cell`` dropped them all, per cell)."""
    async with Host().run_test(size=(60, 12)) as pilot:
        table = await numbered(pilot, 40)
        before = drawn(table)
        count = table._update_count
        held = table._line_cache.keys()  # an LRUCache is not iterable itself
        kept = [k for k in held if k[0] != 3 + table.header_height]
        table.update_cells("r3", {"n": "3*", "text": "edited in view"})
        assert table._update_count == count
        assert all(k in table._line_cache for k in kept), "a row not edited was dropped"
        await pilot.pause()
        after = drawn(table)
        assert after == drawn_afresh(table)
        assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
            3 + table.header_height]
        table.move_cursor(row=3)  # the edited row under the cursor, edited again
        await pilot.pause()
        table.update_cells("r3", {"text": "edited under the cursor"})
        await pilot.pause()
        assert drawn(table) == drawn_afresh(table)
        table.update_cells("r35", {"text": "edited out of view"})
        table.move_cursor(row=35)
        await pilot.pause()
        assert drawn(table) == drawn_afresh(table)
        table.sort("text")
        table.update_cells("r20", {"text": "edited after a sort"})
        await pilot.pause()
        assert drawn(table) == drawn_afresh(table)


async def test_a_shorter_or_taller_list_keeps_its_lines_and_another_width_draws_anew() -> None:
    """The form opening below the list makes it shorter, closing makes it taller: the same rows,
    the same lines (DataTable dropped every cached line at any resize, so ``n`` and ``ctrl+s``
    drew every row in view again). A new width can change the columns: all drawn anew."""
    async with Host().run_test(size=(60, 20)) as pilot:
        table = await numbered(pilot, 40)
        table.move_cursor(row=2)
        await pilot.pause()
        count, kept = table._update_count, list(table._line_cache.keys())
        for height in (8, 20, 5):
            await pilot.resize_terminal(60, height)
            await pilot.pause()
            assert table._update_count == count
            assert drawn(table) == drawn_afresh(table)
            count = table._update_count
        assert any(key in table._line_cache for key in kept), "every drawn line was dropped"
        await pilot.resize_terminal(50, 5)
        await pilot.pause()
        assert table._update_count > count
        assert drawn(table) == drawn_afresh(table)


class Focusing(App[None]):
    """The table and a field to move the focus to."""

    def compose(self) -> ComposeResult:
        yield Table()
        yield Input()


async def test_the_focus_moving_keeps_the_drawn_cells_and_a_theme_draws_anew() -> None:
    """The form opening and closing moves the focus out of the list and back: DataTable dropped
    every cached cell and line at each restyle, so both drew every row in view again. Its
    caches are keyed on the focus, so they are kept; what is drawn is what a table without
    caches draws, focused and not. Another theme drops them all."""
    async with Focusing().run_test(size=(60, 12)) as pilot:
        table = await numbered(pilot, 20)
        table.focus()
        await pilot.pause()
        focused = list(table._cell_render_cache.keys())
        assert focused
        for target in (pilot.app.query_one(Input), table, pilot.app.query_one(Input)):
            target.focus()
            await pilot.pause()
            assert all(key in table._cell_render_cache for key in focused), target
            assert drawn(table) == drawn_afresh(table)
        pilot.app.theme = "nord" if pilot.app.theme != "nord" else "gruvbox"
        await pilot.pause()
        assert not any(key in table._cell_render_cache for key in focused)
        assert drawn(table) == drawn_afresh(table)


def kept_state(table: Table) -> tuple[Any, ...]:
    """What DataTable keeps about its rows: keys to index, cells by column, rows, the cursor."""
    return (
        {key.value: index for key, index in table._row_locations._forward.items()},
        {key.value: {c.value: v for c, v in cells.items()} for key, cells in table._data.items()},
        [(r.key.value, r.height, r.label, r.auto_height) for r in table.rows.values()],
        {key.value for key in table._new_rows},
        table.cursor_coordinate,
    )


class Highlights(App[None]):
    """Two tables, one filled row by row, one at once; counts each table's highlight messages."""

    def __init__(self) -> None:
        super().__init__()
        self.highlights: dict[str, int] = {"one": 0, "all": 0}

    def compose(self) -> ComposeResult:
        for name in ("one", "all"):
            table = Table(id=name, cursor_type="row")  # as the requests table
            table.can_focus = False  # both drawn alike
            yield table

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlights[str(event.data_table.id)] += 1


@pytest.mark.parametrize("before", [0, 3], ids=["into an empty table", "below rows"])
async def test_rows_added_at_once_are_the_rows_added_one_by_one(before: int) -> None:
    """Opening a meeting fills the table at once (``add_keyed_rows``): it must end as a table
    filled row by row does, the first highlight included, and draw the same lines."""
    app = Highlights()
    async with app.run_test(size=(60, 20)) as pilot:
        one, every = app.query_one("#one", Table), app.query_one("#all", Table)
        rows = [(f"r{n}", [str(n), f"row {n}"]) for n in range(12)]
        for table in (one, every):
            table.add_column("n", key="n", width=6)
            table.add_column("text", key="text", width=20)
            for key, cells in rows[:before]:
                table.add_row(*cells, key=key)
        await pilot.pause()
        for key, cells in rows[before:]:
            one.add_row(*cells, key=key)
        every.add_keyed_rows(rows[before:] + [("short", ["only the first cell"])])
        one.add_row("only the first cell", key="short")
        await pilot.pause()
        assert kept_state(every) == kept_state(one)
        assert app.highlights["all"] == app.highlights["one"] >= 1
        assert drawn(every) == drawn(one) == drawn_afresh(one)
        agrees(every)


async def test_rows_added_at_once_refuse_a_known_or_repeated_key_and_add_none() -> None:
    async with Host().run_test(size=(60, 12)) as pilot:
        table = await numbered(pilot, 3)
        for rows in ([("new", ["a"]), ("r1", ["b"])], [("x", ["a"]), ("x", ["b"])]):
            with pytest.raises(DuplicateKey):
                table.add_keyed_rows(rows)
            assert table.row_count == 3
        with pytest.raises(ValueError, match="More values"):
            table.add_keyed_rows([("wide", ["1", "2", "3"])])


CELLS = [
    Text("Logo bigger", no_wrap=True, overflow="ellipsis", end=""),
    Text("Zażółć gęślą jaźń, a request far longer than its column " * 2, style="italic",
         no_wrap=True, overflow="ellipsis", end=""),
    Text("日本語のテキストも切れる", style="bold", no_wrap=True, overflow="ellipsis", end=""),
    Text("", no_wrap=True, overflow="ellipsis", end=""),
    Text("trailing blanks      ", no_wrap=True, end=""),
    Text("ends in blanks      ", no_wrap=True, overflow="ellipsis", end=""),  # 14 wide
    Text.assemble(("✔", "green"), " consistent", no_wrap=True, overflow="ellipsis", end=""),
    Text("crop me please, I am long", overflow="crop", end=""),
    Text("a\ttab goes DataTable's way", end=""),
    "[b]markup[/b] goes DataTable's way",
    None,
]


def plain_lines(lines: list[list[Any]]) -> list[list[Any]]:
    """Segments with text (Rich leaves an empty one here and there; they draw nothing)."""
    return [[segment for segment in line if segment.text] for line in lines]


async def test_a_cell_is_drawn_as_datatable_draws_it() -> None:
    """OneLineRows draws one-line Text cells itself (a third of the time of Rich's layout of
    a padded, styled renderable): every cell, under the cursor, hovered, zebra-striped, focused
    or not, must come out as the segments DataTable's own ``_render_cell`` gives."""
    async with Host().run_test(size=(80, 24)) as pilot:
        table = pilot.app.query_one(Table)
        table.zebra_stripes = True
        widths = (1, 4, 9, 14, 30)
        for n, width in enumerate(widths):
            table.add_column(f"c{n}", key=f"c{n}", width=width)
        for r, _ in enumerate(CELLS):
            table.add_row(*[CELLS[(r + c) % len(CELLS)] for c in range(len(widths))],
                          key=f"r{r}")
        await pilot.pause()
        compared = 0
        for focused in (True, False):
            table.can_focus = focused
            if not focused:
                table.blur()
            await pilot.pause()
            for row in range(len(CELLS)):
                for column, width in enumerate(widths):
                    for cursor, hover in ((False, False), (True, False), (False, True)):
                        for base in (Style(), Style(bgcolor="grey11"), Style(bold=True)):
                            table._update_count += 1  # both drawn afresh
                            ours = table._render_cell(row, column, base, width + 2, cursor, hover)
                            table._update_count += 1
                            theirs = DataTable._render_cell(table, row, column, base,
                                                            width + 2, cursor, hover)
                            assert plain_lines(ours) == plain_lines(theirs), (row, column)
                            compared += 1
        assert compared == 2 * len(CELLS) * len(widths) * 9
