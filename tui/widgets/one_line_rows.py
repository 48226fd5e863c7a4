"""A DataTable of one-line rows whose bookkeeping costs what a change touches, not every row.

DataTable rebuilds two lists of all its rows after every change (an added row, an edited cell,
a resize): the rows in screen order, and one entry per line mapping a screen line to its row.
At 10,000 rows that is 25–40 ms per change, more on a loaded machine: a watcher following a
meeting of that size stalled its keys on every save of the writer. Rows of one line need neither
list rebuilt: the order only grows at the end (``add_row`` appends) until a row is removed or the
table sorted or cleared, and line ``y`` is row ``y``.

Nor does the table need to measure every new cell when its columns have fixed widths
(``_update_dimensions``).

Nor need a cell of one line of text go through Rich's layout of a padded, styled renderable to be
drawn (``_render_cell``: the same segments, a third of the time).

Nor need the rows already drawn be drawn again when a row is added below them (``add_row`` keeps
DataTable's render-cache counter ``_update_count``), another row is edited (``update_cells``
drops only the edited row's cached lines), the list is only made shorter or taller
(``_on_resize``) or the focus moves in or out of it (``notify_style_update``).

This overrides private members of Textual's DataTable (``ordered_rows``' cache, ``_y_offsets``,
``_update_dimensions``, ``_update_count`` and the render caches on an add, an edit, a resize or
a restyle, the cell drawing); pyproject pins Textual's range, and tests/app/test_one_line_rows.py
and test_requests_table_private.py compare them with DataTable's own, so a Textual that changes
them fails a test instead of drawing the wrong rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import zip_longest
from typing import Any, Generic, Self, overload

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text, TextType
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, DuplicateKey, Row, RowKey

from reviewroom.tui.widgets.steady_scrollbars import SteadyScrollbars

JOIN = Text("\n")  # how Rich lays out a Text: its lines joined, its own style a span


def one_line(console: Console, text: Text, width: int, padding: int, pre_style: Style,
             post_style: Style) -> list[Segment]:
    """A one-line ``text`` drawn in a cell ``width`` wide, ``padding`` blanks each side, as
    DataTable draws it through Rich (``Styled(Padding(text))`` rendered to lines, no wrapping):
    the text cut to the width (the text's ``overflow``), padded with unstyled blanks, then
    ``pre_style`` under and ``post_style`` over everything."""
    inner = max(width - 2 * padding, 0)
    line = text.copy()
    line.truncate(inner, overflow=text.overflow or "fold")
    segments = [Segment(" " * padding), *JOIN.join([line]).render(console, end="")]
    if (missing := inner - line.cell_len) > 0:
        segments.append(Segment(" " * missing))
    segments.append(Segment(" " * padding))
    return list(Segment.apply_style(segments, pre_style, post_style))


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
    _resized_width: int | None = None  # the width of the last resize (None: none yet)
    _drawn_under: list[Any] | None = None  # the stylesheet's rules the caches were drawn under
    # What makes the cells of rows added by add_lazy_rows (see _make).
    _maker: Callable[[str], Sequence[CellType]] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rows added by add_lazy_rows whose cells are not made yet: their entry in DataTable's
        # ``_data`` is empty until something reads it.
        self._unmade: set[RowKey] = set()

    def _on_resize(self, event: events.Resize) -> None:
        """A resize that keeps the width keeps the lines drawn.

        DataTable's own handler (run after this one unless stopped here) drops every cached
        line at any resize. A list that is only shorter or taller (the form opening below it,
        and closing) draws the same lines: ``n`` and ``ctrl+s`` drew every row in view again.
        Another width can change the columns, so it still drops them all.
        """
        if event.size.width == self._resized_width:
            event.prevent_default()
        self._resized_width = event.size.width

    def notify_style_update(self) -> None:
        """Restyled: DataTable drops every cached cell and line here. They are kept while the
        stylesheet is the one they were drawn under: then only the table's pseudo-classes
        changed (the focus moving in or out, the mouse), and DataTable keys every cache on
        those and on the table's own style already. The form opening and closing moves the
        focus, and each drew every row in view again. Another stylesheet (a theme, CSS loaded
        for a widget mounted since) drops them all. (No class of this app's restyles the
        table's cells: a class that did would need the caches dropped too.)"""
        rules = self.app.stylesheet.rules
        if rules is not self._drawn_under:
            self._drawn_under = rules
            super().notify_style_update()
            return
        Widget.notify_style_update(self)  # the table's own style, looked up again
        self._get_styles_to_render_cell.cache_clear()  # cell styles: not keyed on the focus
        self._styles_cache.clear()
        self.refresh()

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
        new_rows = list(new_rows)
        if not self._measured_by_size(new_rows):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.set_virtual_size(Size(width + self._row_label_column_width,
                                   self._total_row_height + header))

    def _measured_by_size(self, new_rows: Iterable[RowKey]) -> bool:
        """Whether adding ``new_rows`` changes only the table's size, not its columns: fixed-width
        columns and no row labels (``_update_dimensions``'s fast way)."""
        rows = self.rows
        return not any(column.auto_width for column in self.columns.values()) and not any(
            rows[key].label is not None for key in new_rows if key in rows)

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label: TextType | None = None) -> RowKey:
        """Add a row at the bottom (the order takes it in when next asked).

        The rows already there keep their lines, so their drawn lines stay cached: DataTable
        keys its render caches on a counter that every change bumps, and an add dropped them all,
        so each row added to a watcher's list drew every row in view again. Lines past the last
        row are drawn blank uncached, and no cache holds the new row, so nothing shown is stale.
        """
        if height != 1:
            raise ValueError(f"{type(self).__name__} rows are one line high, not {height}")
        count = self._update_count
        row_key = super().add_row(*cells, height=1, key=key, label=label)
        if label is None:  # a first label widens the label column: every line changes
            self._update_count = count
        self._measure_now()
        return row_key

    def _measure_now(self) -> None:
        """Take the new rows into the scrollable size now, when that is cheap (fixed-width
        columns, no labels: see ``_update_dimensions``), not when the table is next idle.

        Until then DataTable scrolls the cursor to a new row only after the next frame: a save
        drew the list, then scrolled to the saved row and drew the whole list again (ctrl+s
        took two frames). Measured now, the cursor moves and the list scrolls in one frame.
        """
        if not self._require_update_dimensions or not self._measured_by_size(self._new_rows):
            return
        self._require_update_dimensions = False
        new_rows = set(self._new_rows)
        self._new_rows.clear()
        self._update_dimensions(new_rows)

    def add_keyed_rows(self, rows: Iterable[tuple[str, Sequence[CellType]]]) -> None:
        """Add rows at the bottom, each under its key, in one go: what DataTable's ``add_row``
        does for each row, with the per-table work done once.

        ``add_row`` lists the columns in order twice and sets the cursor again (a reactive with
        its validator and watchers) for every row: at a 1,000-request meeting's opening that was
        two thirds of building its 373 rows. Nothing is added when a key is already there.
        """
        rows = list(rows)
        self._add_rows([key for key, _cells in rows], [cells for _key, cells in rows])

    def add_lazy_rows(self, keys: Iterable[str], make: Callable[[str], Sequence[CellType]]) -> None:
        """Add rows at the bottom whose cells ``make(key)`` makes only when something reads
        them: drawing the row, or DataTable's getters, ``sort``, ``update_cell``.

        Opening a meeting listed every row and made every row's cells (and the screen the state
        behind them: tone checks of each field) while a screenful is shown: 373 rows at 1,000
        requests, 16 drawn. A table whose columns are measured from their cells (an auto width,
        a row label) makes them all now, as DataTable needs them to size itself.
        """
        keys = list(keys)
        self._make_all()  # an earlier batch's rows, by the maker they were added with
        if not self._measured_by_size(()):
            self.add_keyed_rows((key, make(key)) for key in keys)
            return
        self._unmade, self._maker = set(self._add_rows(keys, None)), make

    def _add_rows(self, keys: list[str], cells: list[Sequence[CellType]] | None) -> list[RowKey]:
        """The rows of :meth:`add_keyed_rows` (``cells`` per key), or of :meth:`add_lazy_rows`
        (None: an empty entry, made when read); their keys."""
        self._check_new_keys(keys)
        columns = [column.key for column in self.ordered_columns]
        first = self.row_count == 0
        added = []
        for index, key in enumerate(keys):
            row_key = RowKey(key)
            self._row_locations[row_key] = self.row_count
            self._data[row_key] = {} if cells is None else self._row_data(columns, cells[index])
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
            added.append(row_key)
        if not keys:
            return added
        self._require_update_dimensions = True
        self._measure_now()
        self.cursor_coordinate = self.cursor_coordinate
        if first and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # a cursor can show now: DataTable says so at its first row
        self.check_idle()
        return added

    @staticmethod
    def _row_data(columns: list[Any], cells: Sequence[CellType]) -> dict[Any, CellType]:
        """One row's entry in DataTable's ``_data``: its cells by column key."""
        if len(cells) > len(columns):
            raise ValueError("More values provided than there are columns.")
        return dict(zip_longest(columns, cells))

    def _make(self, row_key: RowKey) -> None:
        """Make the cells of a row added by :meth:`add_lazy_rows`, if not made yet."""
        if row_key in self._unmade and self._maker is not None:
            self._unmade.discard(row_key)
            columns = [column.key for column in self.ordered_columns]
            self._data[row_key] = self._row_data(columns, self._maker(row_key.value or ""))

    def _make_all(self) -> None:
        """Make every row still waiting (before what reads or reorders all rows)."""
        for row_key in list(self._unmade):
            self._make(row_key)

    def get_cell(self, row_key: RowKey | str, column_key: ColumnKey | str) -> CellType:
        """DataTable's, the row made first."""
        self._make(RowKey(row_key) if isinstance(row_key, str) else row_key)
        return super().get_cell(row_key, column_key)

    def get_row(self, row_key: RowKey | str) -> list[CellType]:
        """DataTable's, the row made first (``get_row_at`` and DataTable's drawing ask it)."""
        self._make(RowKey(row_key) if isinstance(row_key, str) else row_key)
        return super().get_row(row_key)

    def get_column(self, column_key: ColumnKey | str) -> Iterable[CellType]:
        """DataTable's, every row made first."""
        self._make_all()
        return super().get_column(column_key)

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *,
                    update_width: bool = False) -> None:
        """DataTable's, the row made first (else making it would undo the update)."""
        self._make(RowKey(row_key) if isinstance(row_key, str) else row_key)
        super().update_cell(row_key, column_key, value, update_width=update_width)

    def add_column(self, label: TextType, *, width: int | None = None, key: str | None = None,
                   default: CellType | None = None) -> ColumnKey:
        """DataTable's, every row made first (it gives each row the new column's default)."""
        self._make_all()
        return super().add_column(label, width=width, key=key, default=default)

    def remove_column(self, column_key: ColumnKey | str) -> None:
        """DataTable's, every row made first (it deletes the column from each row's cells)."""
        self._make_all()
        super().remove_column(column_key)

    def _check_new_keys(self, keys: list[str]) -> None:
        """Refuse keys already in the table or given twice, before any row is added."""
        seen: set[RowKey] = set()
        for key in keys:
            row_key = RowKey(key)
            if row_key in seen or row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            seen.add(row_key)

    def update_cells(self, row_key: str, values: Mapping[str, CellType]) -> None:
        """Replace cells of one row (column key to value); only that row is drawn again.

        DataTable's ``update_cell`` drops every cached line, so an edit saved by the writer
        drew every row in a watcher's view again, once per cell. Here the edited row's cached
        cells, lines and renderables are dropped and the others kept.
        """
        count = self._update_count
        for column_key, value in values.items():
            self.update_cell(row_key, column_key, value)
        self._update_count = count
        self._forget_row(RowKey(row_key))

    def _forget_row(self, key: RowKey) -> None:
        """Drop what DataTable's render caches hold for one row (keyed by its key, its index,
        or its line: row ``index`` is line ``index`` below the header)."""
        index = self._row_locations.get(key)
        line = None if index is None else index + (self.header_height if self.show_header else 0)
        caches: list[tuple[LRUCache[Any, Any], int, object]] = [
            (self._cell_render_cache, 0, key),
            (self._row_render_cache, 0, key),
            (self._row_renderable_cache, 1, index),
            (self._line_cache, 0, line),
        ]
        for cache, at, value in caches:
            held = cache.keys()  # an LRUCache is not iterable itself
            for cache_key in [k for k in held if k[at] == value]:
                cache.discard(cache_key)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """A body cell holding one line of ``Text``, drawn by :func:`one_line` rather than
        through Rich's layout of padded, styled renderables: the same segments (less empty
        ones) in a third of the time. Every line of the list drawn anew (opening, moving the
        focus in or out, a resize) draws each cell in view; headers, labels, fixed cells and
        other values are DataTable's own. Cached as DataTable caches them."""
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is not None:
            self._make(row_key)
        if (row_index < self.fixed_rows or column_index < self.fixed_columns  # header, labels
                or row_key is None or column_key is None):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        lines: list[list[Segment]] | None = self._cell_render_cache.get(cache_key)
        if lines is not None:
            return lines
        value = self._data.get(row_key, {}).get(column_key)
        if not isinstance(value, Text) or "\t" in value.plain or "\n" in value.plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        pre, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        base = base_style + Style.from_meta({"row": row_index, "column": column_index})
        lines = [one_line(self.app.console, value, width, self.cell_padding, base + pre, post)]
        self._cell_render_cache[cache_key] = lines
        return lines

    def remove_row(self, row_key: RowKey | str) -> None:
        """Remove a row; the order is built again when next asked (already by DataTable itself,
        which moves the cursor back into the table)."""
        self._order = None
        self._unmade.discard(RowKey(row_key) if isinstance(row_key, str) else row_key)
        super().remove_row(row_key)

    def clear(self, columns: bool = False) -> Self:
        """Remove every row (and the columns, if asked); the order starts empty."""
        super().clear(columns)
        self._order, self._unmade, self._maker = [], set(), None
        return self

    def sort(self, *columns: Any, key: Any = None, reverse: bool = False) -> Self:
        """Sort the rows (every row made first); the order is built again when next asked."""
        self._make_all()
        super().sort(*columns, key=key, reverse=reverse)
        self._order = None
        return self

