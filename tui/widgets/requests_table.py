"""The running list of change requests: one row each, updated in place as the meeting goes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import DataTable

from store.i18n import t
from store.model import ChangeRequest

COLUMNS = ("id", "request", "by", "verdict", "decision", "flags")
# Markers stay ASCII so they read the same on TERM=linux, in tmux and in 16 colours.
STALE, TONE, CARRIED = "!", "~", ">"


@dataclass(frozen=True)
class RowState:
    """What one row shows beyond the request itself."""

    stale: bool = False
    tone: bool = False
    carried: bool = False

    def flags(self) -> str:
        """The markers column: ! stale verdict, ~ tone warning, > carried over."""
        return "".join(m for m, on in ((STALE, self.stale), (TONE, self.tone),
                                       (CARRIED, self.carried)) if on)


class RequestsTable(DataTable[str]):
    """A DataTable keyed by request ID so an add or an edit touches one row only."""

    DEFAULT_CSS = """
    RequestsTable { height: 1fr; border: round $primary; }
    RequestsTable:focus { border: round $accent; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def on_mount(self) -> None:
        """Add the translated columns once."""
        widths = {"id": 6, "request": 34, "by": 12, "verdict": 12, "decision": 12, "flags": 3}
        for key in COLUMNS:
            self.add_column(t(self.lang, f"tui.col.{key}"), key=key, width=widths[key])

    def cells(self, req: ChangeRequest, state: RowState) -> list[str]:
        """The row's cells, in column order; long text is cut to one line."""
        return [
            req.id,
            _one_line(req.request),
            _one_line(req.by),
            t(self.lang, f"verdict.{req.verdict.value}"),
            t(self.lang, f"decision.{req.decision.value}"),
            state.flags(),
        ]

    def set_rows(self, rows: list[tuple[ChangeRequest, RowState]]) -> None:
        """Replace every row (opening, filtering, a criteria revision), keeping the cursor's row."""
        current = self.current_id
        self.clear()
        for req, state in rows:
            self.add_row(*self.cells(req, state), key=req.id)
        if current is not None:
            self.select(current)

    def put(self, req: ChangeRequest, state: RowState) -> None:
        """Add or update one row in place: an add or an edit never redraws the whole table."""
        cells = self.cells(req, state)
        if req.id in self.rows:
            for key, value in zip(COLUMNS, cells, strict=True):
                self.update_cell(req.id, key, value)
        else:
            self.add_row(*cells, key=req.id)

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


def _one_line(text: str, width: int = 80) -> str:
    """The first line of ``text``, cut with an ellipsis: the detail pane shows all of it."""
    line = " ".join(text.split("\n", 1)[0].split())
    return line if len(line) <= width else line[: width - 1] + "…"
