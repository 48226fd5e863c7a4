"""The list shows every request ID whole: from CR-1000 on the ID column widens (found in tmux by
the hostile pass: a 2,000-request project listed ``CR-19…``)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Region

from reviewroom.store.model import ChangeRequest
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets.requests_table import RequestsTable, RowState
from tests.support import make_app, make_project

STAMP = "2026-11-27T09:00:00+00:00"


def request(number: int) -> ChangeRequest:
    """A request with this number and nothing else of note."""
    return ChangeRequest(id=f"CR-{number}", meeting="M-1", request=f"Change {number}",
                         created_at=STAMP, updated_at=STAMP, by="Dana")


class TableApp(App[None]):
    """A RequestsTable alone on the screen."""

    def compose(self) -> ComposeResult:
        yield RequestsTable("en", id="requests")


def shown_ids(app: App[None]) -> list[str]:
    """The ID cells as the screen draws them."""
    table = app.query_one(RequestsTable)
    lines = ["".join(seg.text for seg in strip) for strip in table.render_lines(table.region)]
    return [word for line in lines for word in line.split() if word.startswith("CR-")]


async def test_ids_from_cr_1000_show_whole_when_listed_or_added() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(RequestsTable)
        table.set_rows([request(n) for n in (997, 998, 999)], lambda _req: RowState())
        await pilot.pause()
        narrow = table.columns["request"].width
        table.put(request(1000), RowState())  # the writer's 1,000th request
        table.select("CR-1000")
        await pilot.pause()
        assert "CR-1000" in shown_ids(app)
        assert table.columns["request"].width == narrow - 1  # the request column gave a cell
        table.set_rows([request(n) for n in (1, 10000)], lambda _req: RowState())
        await pilot.pause()
        assert {"CR-1", "CR-10000"} <= set(shown_ids(app))



async def test_redrawing_the_meeting_list_keeps_the_request_column_as_wide(tmp_path: Path) -> None:
    """Redrawn (a filter, a criteria revision, a watcher following one), the meeting's list gave
    its request column two cells less and left a blank strip at the right until a resize (the
    hostile pass, on 0ec6623 too): the column was fitted to the table's outer width when laid
    out, and to its inner width (inside its border) when redrawn."""
    folder = make_project(tmp_path, meeting="Review", requests=[f"Change {n}" for n in range(40)])
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        table = screen.query_one(RequestsTable)
        wide = table.columns["request"].width
        screen.reload()
        await pilot.pause()
        assert table.columns["request"].width == wide
    app.project.close()


async def test_a_resize_that_keeps_the_look_fits_the_request_column_without_new_cells(
        tmp_path: Path) -> None:
    """The list is built at mount for the width the screen expects (the first frame shows its
    rows); a resize that keeps the look only gives the request column the new width, and the
    rows end as a list built at that width from the start."""
    folder = make_project(tmp_path, meeting="Review", requests=[f"Change {n}" for n in range(40)])
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RequestsTable)
        table.move_cursor(row=0)
        look, cells = table._look, table.get_row("CR-3")
        await pilot.resize_terminal(106, 30)  # the same look: the cells stay
        await pilot.pause()
        assert table._look == look
        assert all(a is b for a, b in zip(table.get_row("CR-3"), cells, strict=True))
        for width in (80, 120, 140, 100):  # then other looks, and back
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            look, width_before = table._look, table._request_width
            assert not table._fit(table._laid_out_width)  # what a list built now would choose
            assert (table._look, table._request_width) == (look, width_before)
            assert table.columns["request"].width == table._request_width
            # The columns fill the room inside the border, beside the scrollbar, exactly: one
            # cell more showed a horizontal scrollbar that took a row of requests.
            assert table.virtual_size.width == table.scrollable_content_region.width
            assert not table.show_horizontal_scrollbar
            lines = ["".join(seg.text for seg in strip)
                     for strip in table.render_lines(Region(0, 0, *table.size))]
            assert any("Change 3" in line for line in lines), lines
    app.project.close()
