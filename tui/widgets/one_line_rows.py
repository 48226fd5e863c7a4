"""A DataTable of one-line rows whose bookkeeping costs what a change touches, not every row.

DataTable rebuilds two lists of all its rows after every change (an added row, an edited cell,
a resize): the rows in screen order, and one entry per line mapping a screen line to its row.
At 10,000 rows that is 25–40 ms per change, more on a loaded machine: a watcher following a
meeting of that size stalled its keys on every save of the writer. Rows of one line need neither
list rebuilt: the order only grows at the end (``add_row`` appends) until a row is removed or the
table sorted or cleared, and line ``y`` is row ``y``.

Nor does the table need to measure every new cell when its columns have fixed widths
(``_update_dimensions``).

This overrides private members of Textual's DataTable (``ordered_rows``' cache, ``_y_offsets``,
``_update_dimensions``); pyproject pins Textual's range, and tests/app/test_one_line_rows.py and
test_requests_table_private.py compare them with DataTable's own, so a Textual that changes them
fails a test instead of drawing the wrong rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, Self, overload

from rich.text import TextType
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, Row, RowKey

from reviewroom.tui.widgets.steady_scrollbars import SteadyScrollbars


class _Lines(Sequence[tuple[RowKey, int]]):
    """Line ``y`` of the table's body is row ``y``, at its line 0 (DataTable's ``_y_offsets``)."""

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, y: int) -> tuple[RowKey, int]: ...
    @overload
    def __getitem__(self, y: slice) -> Sequence[tuple[RowKey, int]]: ...
    def __getitem__(self, y: int | slice) -> Any:
        if isinstance(y, slice):
            return [(row.key, 0) for row in self._rows[y]]
        return self._rows[y].key, 0

    def clear(self) -> None:
        """DataTable.clear() empties the list it was given; the rows' own list is reset there."""


class OneLineRows(DataTable[CellType], SteadyScrollbars, Generic[CellType]):
    """A DataTable whose rows are all one line high (``add_row`` refuses any other height);
    its scrollbars are redrawn only when its sizes change (``SteadyScrollbars``)."""

    # The rows in screen order; None: to build again (also before the first row: DataTable's
    # own __init__ already asks for it).
    _order: list[Row] | None = None

    @property
    def ordered_rows(self) -> list[Row]:
        """The rows in screen order: extended by the rows added at the bottom since it was last
        asked, built again only after a removal, a sort or a clear."""
        order, count = self._order, self.row_count
        if order is None or len(order) > count:
            order = self._order = list(DataTable.ordered_rows.fget(self))  # type: ignore[attr-defined]
        elif len(order) < count:
            key_at = self._row_locations.get_key
            order.extend(self.rows[key_at(i)] for i in range(len(order), count))  # type: ignore[index]
        return order

    @property
    def _y_offsets(self) -> Sequence[tuple[RowKey, int]]:  # type: ignore[override]
        """Each line's row and line within it: for one-line rows, a view of the order."""
        return _Lines(self.ordered_rows)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The scrollable size, without measuring every cell of every new row.

        DataTable measures each new cell (on idle, after the rows are added) to widen columns
        that fit their content, and renders rows of automatic height. With fixed-width columns,
        one-line rows and no row labels measuring changes nothing: it was a fifth of opening a
        1,000-request meeting (tests/app/test_requests_table_private.py checks the size is the
        one DataTable works out). Any auto-width column or labelled row: DataTable's own way.
        """
        rows = self.rows
        new_rows = list(new_rows)
        if any(column.auto_width for column in self.columns.values()) or any(
            rows[key].label is not None for key in new_rows if key in rows
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width,
                                 self._total_row_height + header)

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label: TextType | None = None) -> RowKey:
        """Add a row at the bottom (the order takes it in when next asked)."""
        if height != 1:
            raise ValueError(f"{type(self).__name__} rows are one line high, not {height}")
        return super().add_row(*cells, height=1, key=key, label=label)

    def remove_row(self, row_key: RowKey | str) -> None:
        """Remove a row; the order is built again when next asked (already by DataTable itself,
        which moves the cursor back into the table)."""
        self._order = None
        super().remove_row(row_key)

    def clear(self, columns: bool = False) -> Self:
        """Remove every row (and the columns, if asked); the order starts empty."""
        super().clear(columns)
        self._order = []
        return self

    def sort(self, *columns: Any, key: Any = None, reverse: bool = False) -> Self:
        """Sort the rows; the order is built again when next asked."""
        super().sort(*columns, key=key, reverse=reverse)
        self._order = None
        return self

