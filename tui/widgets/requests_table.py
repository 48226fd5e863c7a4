"""The running list of change requests: one row each, updated in place as the meeting goes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest
from reviewroom.tui.plain import cell

# Markers stay ASCII so they read the same on TERM=linux, in tmux and in 16 colours.
STALE, TONE, CARRIED, EARLIER = "!", "~", ">", "^"
# Fixed widths; the request column takes what is left, so nothing scrolls sideways.
WIDTHS = {"flags": 3, "id": 6, "by": 10, "verdict": 12, "decision": 11}
COLUMNS = ("flags", "id", "request", "by", "verdict", "decision")
MIN_REQUEST_WIDTH = 10
# Below this table width the "By" column gives its room to the request (the detail pane has it).
BY_COLUMN_FROM = 84


@dataclass(frozen=True)
class RowState:
    """What one row shows beyond the request itself."""

    stale: bool = False
    tone: bool = False
    carried: bool = False
    earlier: bool = False

    def flags(self) -> str:
        """The markers: ! stale, ~ tone warning, > carried over, ^ from an earlier meeting."""
        marks = (
            (STALE, self.stale),
            (TONE, self.tone),
            (CARRIED, self.carried),
            (EARLIER, self.earlier),
        )
        return "".join(mark for mark, on in marks if on)


class RequestsTable(DataTable[Text]):
    """A DataTable keyed by request ID so an add or an edit touches one row only.

    ``home``/``end`` go to the first/last request (DataTable binds them to scrolling sideways,
    which this table never needs: its columns always fit).
    """

    DEFAULT_CSS = """
    RequestsTable { height: 1fr; border: round $primary; scrollbar-size-vertical: 1; }
    RequestsTable:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("home,ctrl+home", "first_row", "First request", show=False, id="table-first"),
        Binding("end,ctrl+end", "last_row", "Last request", show=False, id="table-last"),
    ]

    class Highlighted(Message):
        """The highlighted request changed: the screen shows it in the detail pane."""

        def __init__(self, table: RequestsTable, request_id: str) -> None:
            super().__init__()
            self.table = table
            self.request_id = request_id

        @property
        def control(self) -> RequestsTable:
            """The table the message came from (for ``@on`` selectors)."""
            return self.table

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._request_width = 0
        self._columns: tuple[str, ...] = COLUMNS
        self._rows: dict[str, tuple[ChangeRequest, RowState]] = {}

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Name the request rather than the row: the screen deals in requests, not rows."""
        event.stop()
        self.post_message(self.Highlighted(self, str(event.row_key.value)))

    def on_resize(self, event: events.Resize) -> None:
        """Give the request column the width that is left; rebuild only when it changes."""
        if self._fit(event.size.width):
            self._rebuild()

    def _fit(self, total: int) -> bool:
        """Choose the columns and the request width for ``total``; True when they changed."""
        columns = COLUMNS if total >= BY_COLUMN_FROM else tuple(c for c in COLUMNS if c != "by")
        fixed = sum(WIDTHS[c] for c in columns if c in WIDTHS)
        padding = 2 * self.cell_padding * len(columns)
        width = max(MIN_REQUEST_WIDTH, total - fixed - padding - 2)
        changed = (columns, width) != (self._columns, self._request_width)
        self._columns, self._request_width = columns, width
        return changed

    def _rebuild(self) -> None:
        """Columns (translated) and every row, keeping the cursor on the same request."""
        current = self.current_id
        self.clear(columns=True)
        for key in self._columns:
            width = self._request_width if key == "request" else WIDTHS[key]
            self.add_column(t(self.lang, f"tui.col.{key}"), key=key, width=width)
        for req, state in self._rows.values():
            self.add_row(*self.cells(req, state), key=req.id)
        if current is not None:
            self.select(current)

    def cells(self, req: ChangeRequest, state: RowState) -> list[Text]:
        """The row's cells, in the order of the columns shown, as Rich ``Text``.

        A ``str`` cell would be parsed as markup ("[/about]" crashes it, "[red]" vanishes), so
        every cell is Text; user text is one sanitised line (a line break shows as ``^J``).
        """
        values = {
            "flags": state.flags(),
            "id": req.id,
            "request": req.request,
            "by": req.by,
            "verdict": t(self.lang, f"verdict.{req.verdict.value}"),
            "decision": t(self.lang, f"decision.{req.decision.value}"),
        }
        return [cell(values[key]) for key in self._columns]

    def set_rows(self, rows: list[tuple[ChangeRequest, RowState]]) -> None:
        """Replace every row (opening, filtering, a criteria revision)."""
        self._rows = {req.id: (req, state) for req, state in rows}
        if self.size.width:  # before the first layout, on_resize builds the table once
            self._rebuild()

    def put(self, req: ChangeRequest, state: RowState) -> None:
        """Add or update one row in place: an add or an edit never redraws the whole table."""
        self._rows[req.id] = (req, state)
        cells = self.cells(req, state)
        if req.id in self.rows:
            for key, value in zip(self._columns, cells, strict=True):
                self.update_cell(req.id, key, value)
        else:
            self.add_row(*cells, key=req.id)

    def drop(self, rid: str) -> None:
        """Remove a row that no longer passes the filter."""
        self._rows.pop(rid, None)
        if rid in self.rows:
            self.remove_row(rid)

    def action_first_row(self) -> None:
        """``home``: the first request."""
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """``end``: the last request."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def select(self, rid: str) -> None:
        """Move the cursor to a request's row, if it is shown."""
        if rid in self.rows:
            self.move_cursor(row=self.get_row_index(rid))

    @property
    def current_id(self) -> str | None:
        """The highlighted request's ID, or None for an empty table."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value)

