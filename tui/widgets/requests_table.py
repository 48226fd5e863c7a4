"""The running list of change requests: one row each, updated in place as the meeting goes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size, Spacing
from textual.message import Message

from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest, Decision, Verdict
from reviewroom.tui import marks
from reviewroom.tui.plain import cell
from reviewroom.tui.widgets.one_line_rows import PADDING, Column, OneLineRows

# Markers stay ASCII so they read the same on TERM=linux, in tmux and in 16 colours.
STALE, TONE, CARRIED, EARLIER = "!", "~", ">", "^"
# The request column takes what the fixed columns leave, so nothing scrolls sideways. The table
# gives up, in this order, what keeps the request column from MIN_REQUEST_WIDTH: first the "By"
# column (the detail pane has it), then the verdict and decision words (their glyph and colour
# stay, under a one-letter heading). At 80 columns that leaves the request ≥ 30 characters.
COLUMNS = ("flags", "id", "request", "by", "verdict", "decision")
WIDTHS = {"flags": 3, "id": 6, "by": 10, "verdict": 14, "decision": 13}
SHORT_WIDTHS = {**WIDTHS, "verdict": 1, "decision": 1}
MIN_REQUEST_WIDTH = 30


class Look(NamedTuple):
    """Which columns the table shows, and whether verdict and decision are glyphs only."""

    columns: tuple[str, ...]
    short: bool

    def width(self, key: str) -> int:
        """A fixed column's width in this look."""
        return (SHORT_WIDTHS if self.short else WIDTHS)[key]


NO_BY = tuple(c for c in COLUMNS if c != "by")
LOOKS = (Look(COLUMNS, False), Look(NO_BY, False), Look(NO_BY, True))
MARKED = ("verdict", "decision")  # glyph and colour columns


class RowState(NamedTuple):
    """What one row shows beyond the request itself."""

    stale: bool = False
    tone: bool = False
    carried: bool = False
    earlier: bool = False
    agenda: bool = False  # an imported comment no meeting has discussed yet (drawn in colour)

    def flags(self) -> str:
        """The markers: ! stale, ~ tone warning, > carried over, ^ from an earlier meeting
        (the agenda's coloured glyph goes before them: see :meth:`RequestsTable.cells`)."""
        marks = (
            (STALE, self.stale),
            (TONE, self.tone),
            (CARRIED, self.carried),
            (EARLIER, self.earlier),
        )
        return "".join(mark for mark, on in marks if on)


class RequestsTable(OneLineRows):
    """The list of the meeting's requests, one row each keyed by request ID, so an add or an
    edit touches one row only. ``home``/``end`` go to the first/last request."""

    # One rule a line, without blanks: see OneLineRows.DEFAULT_CSS.
    DEFAULT_CSS = """
    RequestsTable{height:1fr;border:round $primary;scrollbar-size-vertical:1;
        scrollbar-gutter:stable;}
    RequestsTable:focus{border:round $accent;}
    """
    BINDINGS = [
        Binding("home,ctrl+home", "first_row", "First request", show=False, id="table-first"),
        Binding("end,ctrl+end", "last_row", "Last request", show=False, id="table-last"),
    ]

    class Wheeled(Message):
        """The person at the mouse scrolled the list with the wheel (a watcher then stops
        following: the writer's scroll would take the list back from under them)."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._request_width = 0
        # The width the last layout gave (with the border): what the columns are fitted to. The
        # table's own ``size`` is inside its border; fitting a redraw to it lost two cells.
        self._laid_out_width = 0
        self._expected_width = 0  # before the first layout: see expect_width
        self._id_width = WIDTHS["id"]  # wider once an ID is longer (CR-1000 on)
        self._look = LOOKS[0]
        self._marks: dict[Verdict | Decision, tuple[str, Style]] = {}  # filled once mounted
        self._agenda = (marks.AGENDA.glyph, Style())  # the agenda glyph, once mounted
        # The marker, verdict and decision cells made so far, shared by the rows that show the
        # same (a handful of different ones in a meeting): see _flags and _marked.
        self._shared: dict[tuple[object, ...], Text] = {}
        # The rows listed: each request and its state (None until the row is first drawn or
        # read: see set_rows), and what gives a request's state.
        self._rows: dict[str, tuple[ChangeRequest, RowState | None]] = {}
        self._state_of: Callable[[ChangeRequest], RowState] = lambda _req: RowState()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """The wheel scrolls the list (Textual's own handling runs too): say so."""
        self.post_message(self.Wheeled())

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """The wheel scrolls the list up: say so."""
        self.post_message(self.Wheeled())

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Laid out at another size: the highlighted row is scrolled back into view now, in the
        layout, so the frame that draws the list at its new size shows it. From the resize
        event, which comes after that frame, a list made shorter (the form opening while the
        cursor was low in it) was drawn a second time, scrolled, in a frame of its own."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized and self.row_count:
            self.scroll_to_region(self._cursor_region(), animate=False,
                                  spacing=Spacing(1, 0, 0, 0), force=True, immediate=True)
        return resized

    def on_resize(self, event: events.Resize) -> None:
        """Give the request column the width that is left: the rows are built again only when
        the look changes (the cells differ), else the column just takes its new width."""
        self._laid_out_width = event.size.width
        # A taller or wider list clamps its scroll; back at the old size the highlighted row
        # was left out of view (the detail pane still on it) until a key moved the cursor
        self.call_after_refresh(self._scroll_cursor_into_view)
        look = self._look
        if not self._fit(event.size.width):
            return
        if self._look == look and self.columns:
            self._widen_request_column()
        else:
            self._rebuild()

    def expect_width(self, width: int) -> None:
        """Before the first layout, the width the screen expects to give the table: the rows
        are built for it, so the first frame shows them (built on the first resize instead,
        they came a frame later, after a frame of an empty list). A wrong guess costs a
        rebuild at that resize, as before."""
        if not self._laid_out_width:
            self._expected_width = width

    def _widen_request_column(self) -> None:
        """The request column takes the width :meth:`_fit` chose; its cells stay (they cut
        themselves to the column), the lines are drawn again."""
        self.set_width("request", self._request_width)

    def on_mount(self) -> None:
        """Recolour the verdicts and decisions when the theme changes (their colours are its)."""
        self._marks = self._resolve_marks()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        """Redraw the rows in the new theme's colours."""
        self._marks = self._resolve_marks()
        if self._laid_out_width:
            self._rebuild()

    def _resolve_marks(self) -> dict[Verdict | Decision, tuple[str, Style]]:
        """Each value's glyph (in the app's look) and style (from its current theme), once per
        theme rather than once per cell."""
        # the variables the app's stylesheet was built with (worked out again, they cost
        # 0.4 ms at every opening): Textual sets them before it announces a new theme
        ascii_look, variables = marks.is_ascii(self.app), self.app.theme_variables
        self._shared.clear()  # made in the old colours
        self._agenda = (marks.glyph(marks.AGENDA, ascii_look), marks.style(marks.AGENDA, variables))
        return {value: (marks.glyph(value, ascii_look), marks.style(value, variables))
                for value in marks.MARKS}

    def _fit(self, total: int) -> bool:
        """Choose the richest look that leaves the request column MIN_REQUEST_WIDTH in ``total``
        (else the plainest) and the request width; True when either changed."""
        for look in LOOKS:
            width = self._request_room(look, total)
            if width >= MIN_REQUEST_WIDTH:
                break
        width = max(width, 10)
        changed = (look, width) != (self._look, self._request_width)
        self._look, self._request_width = look, width
        return changed

    def _request_room(self, look: Look, total: int) -> int:
        """What ``look`` leaves the request column in ``total`` cells (the table's outer width:
        less its border and its scrollbar's column, always kept: ``room_inside``).

        Fitted to ``total`` less 2, the columns were one cell wider than the room inside the
        border and beside the scrollbar: the list showed a horizontal scrollbar that scrolled by
        one cell, and gave it a row of requests."""
        fixed = sum(self._width(look, c) for c in look.columns if c != "request")
        return self.room_inside(total) - fixed - 2 * PADDING * len(look.columns)

    def _width(self, look: Look, key: str) -> int:
        """A fixed column's width: the look's, the ID column as wide as the longest ID."""
        return self._id_width if key == "id" else look.width(key)

    def _rebuild(self) -> None:
        """Columns (translated) and every row, keeping the cursor on the same request."""
        look = self._look
        self.set_columns(self._column(look, key) for key in look.columns)
        self.replace_rows(self._rows, self._row_cells, keep=self.current_id)

    def _column(self, look: Look, key: str) -> Column:
        """One column of ``look``: its translated heading and its width."""
        width = self._request_width if key == "request" else self._width(look, key)
        heading = f"tui.col.{key}_short" if look.short and key in MARKED else f"tui.col.{key}"
        return Column(key, Text(t(self.lang, heading)), width)

    def _row_cells(self, rid: str) -> list[Text]:
        """A listed row's cells, made when the row is first drawn or read (its state too)."""
        req, state = self._rows[rid]
        if state is None:
            state = self._state_of(req)
            self._rows[rid] = (req, state)
        return self.cells(req, state)

    def cells(self, req: ChangeRequest, state: RowState) -> list[Text]:
        """The row's cells, in the order of the columns shown, as Rich ``Text``.

        A ``str`` cell would be parsed as markup ("[/about]" crashes it, "[red]" vanishes), so
        every cell is Text; user text is one sanitised line (a line break shows as ``^J``).
        """
        return [self._flags(state) if key == "flags"
                else self._marked(key, req.verdict if key == "verdict" else req.decision)
                if key in MARKED else cell(getattr(req, key))
                for key in self._look.columns]

    def _flags(self, state: RowState) -> Text:
        """The markers, the agenda's first in its theme colour (the others are plain ASCII);
        made once per state and shared (no one changes a cell's Text once made)."""
        shown = self._shared.get(state)
        if shown is None:
            shown = self._shared[state] = Text(no_wrap=True, overflow="ellipsis", end="")
            if state.agenda:
                shown.append(*self._agenda)
            shown.append(state.flags())
        return shown

    def _marked(self, key: str, value: Verdict | Decision) -> Text:
        """A verdict or decision: its glyph, and its word when the look has room, coloured;
        made once per value and look, and shared."""
        made = (key, value, self._look.short)
        cell = self._shared.get(made)
        if cell is None:
            shown, style = self._marks.get(value, (marks.glyph(value, False), Style()))
            if not self._look.short:
                shown += " " + t(self.lang, f"{key}.{value.value}")
            cell = Text(shown, style=style, no_wrap=True, overflow="ellipsis", end="")
            self._shared[made] = cell
        return cell

    def set_rows(self, requests: Iterable[ChangeRequest],
                 state: Callable[[ChangeRequest], RowState]) -> None:
        """Replace every row (opening, filtering, a criteria revision); ``state`` gives a row's
        markers when the row is first drawn or read: opening a meeting lists hundreds of
        requests and shows a screenful, and a row's state checks the tone of its every field."""
        self._rows, self._state_of = {req.id: (req, None) for req in requests}, state
        self._id_width = max([WIDTHS["id"], *map(len, self._rows)])
        self._refit()

    def put(self, req: ChangeRequest, state: RowState) -> None:
        """Add or update one row in place: an add or an edit never redraws the whole table."""
        self._rows[req.id] = (req, state)
        if len(req.id) > self._id_width:  # CR-1000: the ID column widens, the rows drawn again
            self._id_width = len(req.id)
            self._refit()
            return
        cells = self.cells(req, state)
        if req.id in self.rows:
            self.update_row(req.id, cells)
        else:
            self.add_row(*cells, key=req.id)

    def _refit(self) -> None:
        """Fit the columns to the width the last layout gave (before the first layout, the
        width expected: :meth:`expect_width`) and draw every row again; with neither, nothing
        (``on_resize`` builds the table once)."""
        width = self._laid_out_width or self._expected_width
        if width:
            self._fit(width)
            self._rebuild()

    def drop(self, rid: str) -> None:
        """Remove a row that no longer passes the filter."""
        self._rows.pop(rid, None)
        if rid in self.rows:
            self.remove_row(rid)

    def jump_to(self, rid: str) -> None:
        """Move to a request's row as a move of the person at the keyboard (a watcher that
        jumps on its own stops following, as with an arrow key)."""
        if rid in self.rows:
            self._user_move(lambda: self.select(rid))

    @property
    def last_id(self) -> str | None:
        """The last row's request ID, or None for an empty table."""
        return self.keys[-1] if self.keys else None

    @property
    def current_id(self) -> str | None:
        """The highlighted request's ID, or None for an empty table."""
        return self.current_key

