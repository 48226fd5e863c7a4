"""The private DataTable internals RequestsTable relies on to open and follow a long list fast.

Its base OneLineRows (tui/widgets/one_line_rows.py) overrides ``DataTable._update_dimensions``
(with fixed column widths and one-line rows, measuring every cell changes nothing) and keeps the
row order and line map itself (tests/app/test_one_line_rows.py compares them with DataTable's).
These tests fail when Textual changes what the overrides assume: first the behaviour (the size
it computes is the size DataTable computes), then the source of the members it uses, so an
upgrade of Textual is read before it is trusted (pyproject.toml pins the minor version for the
same reason).
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

import textual.widgets._data_table as data_table_module
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.app import App, ComposeResult
from textual.widgets import DataTable
from textual.widgets._data_table import Column

from reviewroom.store.model import ChangeRequest
from reviewroom.tui.widgets.requests_table import RequestsTable, RowState

ROWS = 300
STAMP = "2026-11-27T09:00:00+00:00"

# sha256 of each member's source in the Textual version read (8.2.8). When Textual changes one,
# read the new source against tui/widgets/one_line_rows.py, then update the hash here.
PRIVATE_SOURCES = {
    "DataTable._update_dimensions":
        "c62ef3216f7c354b1dbed357f6caa4182d1f7d43af470388cc93e71de724abe7",
    "DataTable._row_label_column_width":
        "572ef2c440d4aa8dc8895956f4354f26f3171f60396a5a2714f3b1234cbbb687",
    "DataTable._total_row_height":
        "a10f8b499f9a599978fed7c75abbdec0980d5624cf8215394727aecfb854c8bd",
    "Column.get_render_width":
        "7fc0cad54eb7e7ef49f0cdaf041836d84f762694c835751d57228d0624ce8ea7",
    "DataTable.ordered_rows":
        "0f61794016a3227bec3663dff14cdbd585c6a62dfcacdf5aa4ccfe7ba4fa7fc1",
    "DataTable._y_offsets":
        "fa5c0f8cda9f6cbdf7af26c67cac6abf4b1083319de597f73a039ae4d1b81755",
    "DataTable.add_row":
        "9404928b4fdd9dab9f73588eefbd9cd4fc9e91d518e8bd34b217daf89a7990f9",
    "DataTable.remove_row":
        "41ab3aae864f435de8dd8cdca2180c391968c88de22842f967be787e4d6a9880",
    "TwoWayDict.get_key":
        "47f9fb47e896cbe95f97ad8b54cc2a12e9d348599a4977091a4fe64cc9a482bf",
    # An add keeps the render caches (OneLineRows.add_row): these key them on _update_count, by
    # row key or line; every other change bumps it.
    "DataTable._render_line":
        "a32c6991165cea906b91d015ed72d88e88aadc3071cda9d3a8d91523c99481b4",
    "DataTable._render_line_in_row":
        "669cc46a7ca119d238da176246e93c91096c0c55cdc5c3996a8f7d6fbd3b5f95",
    "DataTable._render_cell":
        "56c87899a3bfc4da286b16d6a4dfcd953d8779b509acb6d99edab891fe6df48c",
    "DataTable._get_row_renderables":
        "4766e26ce80d09dd901e12763cc9673bb55f74398ff3abb69c68969772acaf70",
    "DataTable.clear":
        "6af902cb1b84743dd1c74b63f6f315d0618f40c03fa45f4c820c757ab8d319a2",
    "DataTable.sort":
        "b63fd081626fec6f0ed4072eb3a66104931d7ebf8e120386b2faad079c5851d3",
    "DataTable.update_cell":
        "117f6ee504bc006be5dca9c3caffcb3d0283c1ed9462a1951c6d3300fab05f54",
    # OneLineRows._render_cell draws one-line Text cells itself, with DataTable's cell styles
    # and cache (tests/app/test_one_line_rows.py compares the segments with DataTable's).
    "DataTable._get_styles_to_render_cell":
        "058dea3ae068f1378d7585277215001e57f00d80cd60af45e6a8ef0379c17517",
    # OneLineRows._on_resize stops this handler (it only bumps _update_count) unless the width
    # changed: a handler that does more must be read again.
    "DataTable._on_resize":
        "0d4b34aa4ac44e93a695f313b22438aa095bfa51eb937957d2a6b837c85ca8a0",
    # OneLineRows.notify_style_update does what this does but drop the render caches, when the
    # stylesheet is the same (the focus moved): a handler that does more must be read again.
    "DataTable.notify_style_update":
        "4b8c636917ee4b022d46aedf295131ec97a0e53f31b38513830fe63b76889d3c",
    # RequestsTable.on_resize brings the highlighted row back into view with it, and
    # RequestsTable._size_updated copies its row branch (the region it scrolls to) to scroll
    # in the layout (``immediate``, which this method does not pass).
    "DataTable._scroll_cursor_into_view":
        "9e4419fb40c5be82e936d6a6a1984ad5f0031dd732f9ef9f0962e8e40c8c2bd9",
}


def source_hash(obj: Any) -> str:
    """The sha256 of a function's (or a property's getter's) source."""
    target = obj.fget if isinstance(obj, property) else obj
    return hashlib.sha256(inspect.getsource(target).encode()).hexdigest()


class TableApp(App[None]):
    """A RequestsTable of ROWS requests, alone on the screen."""

    def compose(self) -> ComposeResult:
        yield RequestsTable("en", id="requests")

    def on_mount(self) -> None:
        rows = [ChangeRequest(id=f"CR-{n}", meeting="M-1", request=f"Change {n} " * (n % 7 + 1),
                              created_at=STAMP, updated_at=STAMP, by="Dana")
                for n in range(1, ROWS + 1)]
        self.query_one(RequestsTable).set_rows(
            rows, lambda req: RowState(stale=int(req.id[3:]) % 5 == 0))


def test_the_private_members_are_the_ones_read() -> None:
    members = {
        "DataTable._update_dimensions": DataTable._update_dimensions,
        "DataTable._row_label_column_width": inspect.getattr_static(
            DataTable, "_row_label_column_width"),
        "DataTable._total_row_height": inspect.getattr_static(DataTable, "_total_row_height"),
        "Column.get_render_width": Column.get_render_width,
        "DataTable.ordered_rows": inspect.getattr_static(DataTable, "ordered_rows"),
        "DataTable._y_offsets": inspect.getattr_static(DataTable, "_y_offsets"),
        "DataTable.add_row": DataTable.add_row,
        "DataTable.remove_row": DataTable.remove_row,
        "TwoWayDict.get_key": TwoWayDict.get_key,
        **{f"DataTable.{name}": getattr(DataTable, name) for name in (
            "_render_line", "_render_line_in_row", "_render_cell", "_get_row_renderables",
            "clear", "sort", "update_cell", "_get_styles_to_render_cell",
            "_scroll_cursor_into_view", "_on_resize", "notify_style_update")},
    }
    assert {name: source_hash(member) for name, member in members.items()} == PRIVATE_SOURCES


async def test_opening_measures_no_cell_and_sizes_the_table_as_datatable_does(
    monkeypatch: Any,
) -> None:
    measured: list[object] = []
    measure = data_table_module.measure

    def counting(console: Any, renderable: Any, *args: Any) -> int:
        measured.append(renderable)
        return measure(console, renderable, *args)

    monkeypatch.setattr(data_table_module, "measure", counting)
    app = TableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(RequestsTable)
        await pilot.pause()
        await pilot.pause()
        assert table.row_count == ROWS
        cells = [c for c in measured if isinstance(c, Text) and c.plain.startswith("Change")]
        assert cells == []
        ours = table.virtual_size
        DataTable._update_dimensions(table, list(table.rows))
        assert table.virtual_size == ours
        assert ours.height == ROWS + 1  # the header and one line a row
