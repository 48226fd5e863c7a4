"""Rows whose cells are made when first drawn or read (``OneLineRows.add_lazy_rows``): opening a
meeting lists hundreds of requests and shows a screenful. A lazy table must draw, answer and
change exactly as a table given every row's cells at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets.data_table import RowKey

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import RequestsTable
from tests.app.test_one_line_rows import Highlights, Table, agrees, drawn, drawn_afresh
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, wait_until

ROWS = 200


class SideBySide(Highlights):
    """The two tables of ``Highlights`` beside each other, each a screen high (so both draw)."""

    CSS = "Table { width: 1fr; height: 100%; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield from super().compose()


def cells_of(key: str) -> list[str]:
    """The cells of row ``key`` (``r7``): its number and a text."""
    return [key[1:], f"row {key[1:]} text"]


async def two_tables(pilot: Any) -> tuple[Table, Table, list[str]]:
    """The same rows, given at once to ``#one`` and lazily to ``#all``; the keys made so far."""
    eager, lazy = pilot.app.query_one("#one", Table), pilot.app.query_one("#all", Table)
    for table in (eager, lazy):
        table.add_column("n", key="n", width=6)
        table.add_column("text", key="text", width=20)
    keys = [f"r{n}" for n in range(ROWS)]
    made: list[str] = []

    def make(key: str) -> list[str]:
        made.append(key)
        return cells_of(key)

    eager.add_keyed_rows((key, cells_of(key)) for key in keys)
    lazy.add_lazy_rows(keys, make)
    await pilot.pause()
    return eager, lazy, made


def every_row(table: Table) -> list[list[Any]]:
    """Each row's cells, through DataTable's getter (which makes a lazy row first)."""
    return [table.get_row_at(index) for index in range(table.row_count)]


async def test_only_the_rows_drawn_are_made_and_they_draw_as_rows_given_at_once() -> None:
    app = SideBySide()
    async with app.run_test(size=(60, 24)) as pilot:
        eager, lazy, made = await two_tables(pilot)
        assert 0 < len(made) <= lazy.size.height  # a screenful, not 200
        assert drawn(lazy) == drawn(eager) == drawn_afresh(lazy)
        assert app.highlights["all"] == app.highlights["one"] >= 1
        agrees(lazy)
        lazy.move_cursor(row=150)
        eager.move_cursor(row=150)
        await pilot.pause()
        assert drawn(lazy) == drawn(eager)
        assert len(made) == len(set(made)) < ROWS  # each row made once, when it came into view
        assert every_row(lazy) == every_row(eager)
        assert len(made) == ROWS


async def test_every_reader_and_change_sees_the_cells_of_rows_not_made_yet() -> None:
    app = SideBySide()
    async with app.run_test(size=(60, 24)) as pilot:
        eager, lazy, made = await two_tables(pilot)
        far = f"r{ROWS - 1}"
        assert far not in made
        assert lazy.get_cell(far, "text") == eager.get_cell(far, "text")
        assert lazy.get_row(RowKey("r150")) == eager.get_row("r150")
        for table in (eager, lazy):  # an update of a row not made is not undone by making it
            table.update_cell("r160", "text", "edited")
            table.remove_row("r170")  # a row removed before it was made is never made
        assert lazy.get_row("r160") == eager.get_row("r160") == ["160", "edited"]
        assert "r170" not in made
        assert list(lazy.get_column("n")) == list(eager.get_column("n"))
        for table in (eager, lazy):
            table.sort("text", reverse=True)
        await pilot.pause()
        assert [row.key for row in lazy.ordered_rows] == [row.key for row in eager.ordered_rows]
        assert drawn(lazy) == drawn(eager) == drawn_afresh(lazy)
        for table in (eager, lazy):
            table.add_column("new", key="new", default="-")
            table.remove_column("n")
        assert every_row(lazy) == every_row(eager)


async def test_rows_added_lazily_after_lazy_rows_make_the_earlier_ones_with_their_maker() -> None:
    app = SideBySide()
    async with app.run_test(size=(60, 24)) as pilot:
        _eager, lazy, made = await two_tables(pilot)
        lazy.add_lazy_rows(["x1", "x2"], lambda key: ["x", key])
        assert len(made) == ROWS  # the first batch's rows, by its own maker
        assert lazy.get_row("r199") == cells_of("r199")
        assert lazy.get_row("x2") == ["x", "x2"]
        lazy.clear()
        lazy.add_lazy_rows(["y"], lambda key: ["y", key])
        assert lazy.get_row("y") == ["y", "y"]


async def test_a_meeting_opens_with_the_rows_in_view_made_and_a_row_drawn_later_shows_its_marks(
    new_project: ProjectFactory,
) -> None:
    """A row's state (its tone check among it) is worked out when the row is first drawn, from
    the screen as it is then: the marks it shows are the ones a row made at once would show."""
    requests: list[Any] = [f"Change {n}" for n in range(1, 60)]
    requests.append({"request": "This stupid logo, again", "intent": "Brand"})
    folder: Path = new_project(meeting=PROTOTYPE_REVIEW, requests=requests)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 60)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        waiting = [rid for rid, (_req, state) in table._rows.items() if state is None]
        assert "CR-60" in waiting and len(waiting) >= 60 - table.size.height
        await pilot.press("end")
        await wait_until(pilot, lambda: table._rows["CR-60"][1] is not None)
        req, state = table._rows["CR-60"]
        assert state == screen._state(req) and state is not None and state.tone
        assert table.get_cell("CR-60", "flags").plain == "~"
    app.project.close()
