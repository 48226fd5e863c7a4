"""A list of one-line rows under a header line, drawn with Textual's public line API.

Why not Textual's DataTable: it is a general grid (cell cursors, rows of any height, row labels,
fixed rows and columns, sorting, columns measured from their cells), and the requests list uses
none of that. Its generality cost the first screen ~12 ms on a 2-core machine (importing it, its
nine component classes styled, a line drawn through four render caches), and keeping a
10,000-request list cheap meant overriding a dozen of its private members (the row order, the
line map, the measuring, the render caches' counter), pinned to one Textual release.

Here a row is one line, so line ``y`` below the header is row ``y``: nothing to map or measure.
Each row is drawn once into a cached :class:`~textual.strip.Strip` until it, the cursor on it,
the hover on it, the columns or the styles change. Rows may be added with their cells made later
(:meth:`replace_rows` with a ``make``): opening a meeting lists hundreds of requests and shows one
screenful. The look is DataTable's (the same component styles under this widget's names, but
for its odd rows' class, which has no rules; the same cell padding, zebra stripes, cursor and
hover) so the screen looks the same as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip

from reviewroom.tui.widgets.looks import Looks
from reviewroom.tui.widgets.steady_scrollbars import SteadyScrollbars

JOIN = Text("\n")  # how Rich lays out a Text: its lines joined, its own style a span
PADDING = 1  # blanks each side of a cell (DataTable's cell_padding)


def one_line(console: Console, text: Text, width: int, padding: int, pre_style: Style,
             post_style: Style) -> list[Segment]:
    """A one-line ``text`` drawn in a cell ``width`` wide, ``padding`` blanks each side, as Rich
    lays out a padded, styled renderable without wrapping (``Styled(Padding(text))``): the text
    cut to the width (the text's ``overflow``), padded with unstyled blanks, then ``pre_style``
    under and ``post_style`` over everything.

    A Text without spans (nearly every cell) is cut and styled here, as at most three segments
    that :meth:`Strip.simplify` turns into what Rich's layout gives (:func:`laid_out` keeps
    that layout for the rest): laying out and styling every segment was most of a line's time.
    """
    if text.spans or text.overflow == "ignore":
        return laid_out(console, text, width, padding, pre_style, post_style)
    inner = max(width - 2 * padding, 0)
    plain = text.plain
    if cell_len(plain) > inner:  # cut as Text.truncate cuts
        cut = inner - 1 if text.overflow == "ellipsis" else inner
        plain = set_cell_size(plain, cut) + ("…" if cut < inner else "")
    blank = _styled(None, pre_style, post_style)
    pad, missing = " " * padding, " " * max(inner - cell_len(plain), 0)
    if not (plain and text.style):
        return [Segment(f"{pad}{plain}{missing}{pad}", blank)]
    style = text.style
    if isinstance(style, str):  # as Text.render looks a style name up
        style = console.get_style(style, default=Style.null())
    return [Segment(pad, blank), Segment(plain, _styled(style, pre_style, post_style)),
            Segment(missing + pad, blank)]


def _styled(style: Style | None, pre_style: Style, post_style: Style) -> Style | None:
    """``style`` with ``pre_style`` under and ``post_style`` over it, as
    :meth:`Segment.apply_style` gives it."""
    if pre_style:
        style = pre_style + style
    if post_style:
        style = style + post_style if style else post_style
    return style


def laid_out(console: Console, text: Text, width: int, padding: int, pre_style: Style,
             post_style: Style) -> list[Segment]:
    """:func:`one_line` through Rich's own layout of a Text (its spans resolved and joined),
    every segment styled: what a cell with spans needs."""
    inner = max(width - 2 * padding, 0)
    if not text.spans and not text.style and (length := cell_len(text.plain)) <= inner:
        # what Rich gives a Text of no style that fits: one unstyled segment
        segments = [Segment(" " * padding), Segment(text.plain)]
    else:
        line = text.copy()
        line.truncate(inner, overflow=text.overflow or "fold")
        segments = [Segment(" " * padding), *JOIN.join([line]).render(console, end="")]
        length = line.cell_len
    if (missing := inner - length) > 0:
        segments.append(Segment(" " * missing))
    segments.append(Segment(" " * padding))
    return list(Segment.apply_style(segments, pre_style, post_style))


def flat(text: Text) -> Text:
    """``text`` as one line a cell can show: a tab or line break would be laid out over several
    lines (the requests list's cells are one sanitised line already: tui/plain.py)."""
    if "\t" in text.plain or "\n" in text.plain:
        text = text.copy()
        text.plain = text.plain.replace("\t", " ").replace("\n", " ")
    return text


class Column(NamedTuple):
    """One column: its key, its heading, and the width of its cells (padding not counted)."""

    key: str
    label: Text
    width: int


class OneLineRows(SteadyScrollbars, can_focus=True):
    """Rows of ``Text`` cells, one line each, under a header, with a row cursor.

    Keys move the cursor (up, down, page up, page down); enter or a click on the highlighted
    row selects it. Every move of the highlight posts :class:`Highlighted`, saying whether the
    person at the keyboard or mouse made it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rows--header", "rows--cursor", "rows--hover", "rows--even-row",
    }  # no odd-row: see _row_style
    # DataTable's look for a row cursor, under this widget's names. Written one rule a line,
    # without blanks or nesting, as our widgets' DEFAULT_CSS is: Textual parses it as the screen
    # is first styled, at a cost per token (a blank is one; a nested rule costs more than its
    # selector spelt out): 0.57 -> 0.38 ms here, the same rules parsed.
    DEFAULT_CSS = """
    OneLineRows{background:$surface;color:$foreground;}
    OneLineRows:focus{background-tint:$foreground 5%;}
    OneLineRows:focus>.rows--cursor{background:$block-cursor-background;
        color:$block-cursor-foreground;text-style:$block-cursor-text-style;}
    OneLineRows:focus>.rows--header{background-tint:$foreground 5%;}
    OneLineRows:dark>.rows--even-row{background:$surface-darken-1 40%;}
    OneLineRows>.rows--header{text-style:bold;background:$panel;color:$foreground;}
    OneLineRows:ansi>.rows--header{background:ansi_bright_blue;color:ansi_default;}
    OneLineRows>.rows--even-row{background:$surface-lighten-1 50%;}
    OneLineRows>.rows--cursor{background:$block-cursor-blurred-background;
        color:$block-cursor-blurred-foreground;text-style:$block-cursor-blurred-text-style;}
    OneLineRows>.rows--hover{background:$block-hover-background;}
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False, id="rows-select"),
        Binding("up", "cursor_up", "Cursor up", show=False, id="rows-up"),
        Binding("down", "cursor_down", "Cursor down", show=False, id="rows-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="rows-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="rows-page-down"),
    ]

    # The highlighted row (a var: the writer's cursor publisher watches it).
    cursor_row: var[int] = var(0, init=False)

    class _RowMessage(Message):
        """What the list says about one of its rows (a base of its messages, not sent itself)."""

        def __init__(self, table: OneLineRows, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> OneLineRows:
            """The list the message came from (for ``@on`` selectors)."""
            return self.table

    class Highlighted(_RowMessage):
        """The highlighted row changed."""

        def __init__(self, table: OneLineRows, key: str, by_user: bool) -> None:
            super().__init__(table, key)
            self.by_user = by_user  # a key or a click on the list, not the program

        @property
        def request_id(self) -> str:
            """The highlighted row's key (the requests list keys its rows by request ID)."""
            return self.key

    class Selected(_RowMessage):
        """``enter`` on the highlighted row, or a click on it."""

    def __init__(self, *, zebra_stripes: bool = True, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(name=name, id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self.columns: dict[str, Column] = {}
        self._keys: list[str] = []  # the rows in screen order
        self._index: dict[str, int] | None = {}  # key → row; None: to build again
        # Each row's cells by key; None until made (rows given with a maker: see replace_rows).
        self._cells: dict[str, Sequence[Text] | None] = {}
        self._maker: Callable[[str], Sequence[Text]] | None = None
        self.hover_row = -1  # the row under the mouse (-1: the header; shown only on a move)
        self._show_hover = False
        self._highlighted: str | None = None  # the key the last Highlighted named
        self._by_user = False  # the next highlight comes from a key or a click
        # Drawn lines: by (row key, "" for the header and blank lines; row; cursor; hover; width)
        self._drawn: LRUCache[tuple[Any, ...], Strip] = LRUCache(1024)
        self._looks = Looks(self)  # the styles they were drawn in (see _style_of)
        # Called as a key moves the cursor, before the frame that shows the move (the
        # Highlighted message comes after that frame).
        self.on_cursor_moved: Callable[[], None] | None = None

    # ------------------------------------------------------------------ rows

    @property
    def rows(self) -> Mapping[str, Sequence[Text] | None]:
        """The rows by key (``key in rows``; a row's cells: :meth:`get_row`)."""
        return self._cells

    @property
    def row_count(self) -> int:
        """How many rows the list has."""
        return len(self._keys)

    @property
    def keys(self) -> Sequence[str]:
        """The rows' keys in screen order."""
        return self._keys

    def get_row_index(self, key: str) -> int:
        """The row of ``key`` (KeyError when the list has none)."""
        if self._index is None:
            self._index = {k: row for row, k in enumerate(self._keys)}
        return self._index[key]

    def get_row(self, key: str) -> list[Text]:
        """The cells of ``key``'s row, in column order (made now if they were not yet)."""
        cells = self._cells[key]
        if cells is None:
            cells = self._cells[key] = self._make(key)
        return list(cells)

    def get_cell(self, key: str, column: str) -> Text:
        """One cell of ``key``'s row."""
        return self.get_row(key)[list(self.columns).index(column)]

    def _make(self, key: str) -> Sequence[Text]:
        """The cells of a row given without them (checked against the columns)."""
        assert self._maker is not None, f"row {key!r} has no cells and no maker"
        return self._checked(self._maker(key))

    def _checked(self, cells: Sequence[Text]) -> Sequence[Text]:
        """``cells`` if there is one per column (fewer: the rest blank), else ValueError."""
        if len(cells) > len(self.columns):
            raise ValueError("More values provided than there are columns.")
        return [*cells, *[Text()] * (len(self.columns) - len(cells))]

    def set_columns(self, columns: Iterable[Column]) -> None:
        """Replace the columns (every row is drawn again; rows already made keep their cells
        only if the caller gives them again: see :meth:`replace_rows`)."""
        self.columns = {column.key: column for column in columns}
        self._resized()

    def set_width(self, key: str, width: int) -> None:
        """Give one column another width (its cells cut themselves to it)."""
        self.columns[key] = self.columns[key]._replace(width=width)
        self._resized()

    def replace_rows(self, keys: Iterable[str], make: Callable[[str], Sequence[Text]],
                 keep: str | None = None) -> None:
        """Replace every row: ``make(key)`` gives a row's cells when the row is first drawn or
        read, so a list of hundreds of rows costs a screenful of rows to show. The cursor goes
        to ``keep``'s row if the list has it, else stays on its row number (clamped)."""
        self._keys = list(dict.fromkeys(keys))
        self._cells = dict.fromkeys(self._keys)
        self._index, self._maker = None, make
        self._drawn.clear()
        if keep is not None and keep in self._cells:
            self.cursor_row = self.get_row_index(keep)
        self._rows_changed()
        self._scroll_cursor_into_view()

    def add_row(self, *cells: Text, key: str) -> None:
        """Add a row at the bottom (the rows drawn above it stay drawn)."""
        if key in self._cells:
            raise KeyError(f"row {key!r} is in the list already")
        self._cells[key] = self._checked(cells)
        self._keys.append(key)
        if self._index is not None:
            self._index[key] = len(self._keys) - 1
        self._rows_changed()

    def update_row(self, key: str, cells: Sequence[Text]) -> None:
        """Replace one row's cells; only that row is drawn again."""
        self._cells[key] = self._checked(cells)
        self._forget(key)
        self.refresh_row(self.get_row_index(key))

    def remove_row(self, key: str) -> None:
        """Remove one row; the rows below move up."""
        row = self.get_row_index(key)
        del self._cells[key]
        self._keys.pop(row)
        self._index = None
        self._drawn.clear()
        self._rows_changed()

    def _rows_changed(self) -> None:
        """After rows came or went: the size, the cursor kept in the list, the highlight."""
        self._sized_to_rows()
        self.cursor_row = max(0, min(self.cursor_row, self.row_count - 1))
        self._announce()
        self.refresh()

    def _sized_to_rows(self) -> None:
        """The scrollable size: the columns' width, the header and one line per row."""
        self.set_virtual_size(Size(self._columns_width(), self.row_count + 1))

    def _columns_width(self) -> int:
        """The cells the columns take side by side, their padding included."""
        return sum(column.width + 2 * PADDING for column in self.columns.values())

    def _resized(self) -> None:
        """The columns changed: every line is drawn again."""
        self._drawn.clear()
        self._sized_to_rows()
        self.refresh()

    def _forget(self, key: str) -> None:
        """Drop the drawn lines of one row (every cursor and hover state of it)."""
        held = self._drawn.keys()  # an LRUCache is not iterable itself
        for drawn in [k for k in held if k[0] == key]:
            self._drawn.discard(drawn)

    # ------------------------------------------------------------------ the cursor

    @property
    def current_key(self) -> str | None:
        """The highlighted row's key, or None for an empty list."""
        return self._keys[self.cursor_row] if self._keys else None

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Highlight row ``row`` (clamped to the list). A row that changes is scrolled into
        view, as DataTable does; ``scroll`` scrolls it into view even when it stays."""
        old, self.cursor_row = self.cursor_row, max(0, min(row, self.row_count - 1))
        if old != self.cursor_row:
            self.refresh_row(old)
            self.refresh_row(self.cursor_row)
        if scroll or old != self.cursor_row:
            self._scroll_cursor_into_view()
        self._announce()

    def select(self, key: str) -> None:
        """Highlight ``key``'s row, if the list has it."""
        if key in self._cells:
            self.move_cursor(row=self.get_row_index(key))

    def _announce(self) -> None:
        """Post :class:`Highlighted` when the highlighted row is another than last said."""
        key = self.current_key
        if key is not None and key != self._highlighted:
            self._highlighted = key
            by_user, self._by_user = self._by_user, False
            self.post_message(self.Highlighted(self, key, by_user))

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        """Scroll so the highlighted row shows below the header."""
        self.scroll_to_region(self._cursor_region(), animate=animate, spacing=Spacing(1, 0, 0, 0),
                              force=True)

    def _cursor_region(self) -> Region:
        """The highlighted row's place in the scrollable area (below the header line)."""
        return Region(int(self.scroll_x), self.cursor_row + 1, self.virtual_size.width, 1)

    def _user_move(self, action: Callable[[], None]) -> None:
        """Run a cursor move of the keyboard: its highlight says so, the hover goes, and the
        screen hears of it before the frame (``on_cursor_moved``)."""
        self._set_hover(False)
        self._by_user = True
        row = self.cursor_row
        action()
        self._by_user = False
        if self.cursor_row != row and self.on_cursor_moved is not None:
            self.on_cursor_moved()

    def action_cursor_up(self) -> None:
        """``up``: the row above."""
        self._user_move(lambda: self.move_cursor(row=self.cursor_row - 1))

    def action_cursor_down(self) -> None:
        """``down``: the row below."""
        self._user_move(lambda: self.move_cursor(row=self.cursor_row + 1))

    def action_page_up(self) -> None:
        """``pageup``: a list's height up, the list scrolled by as much."""
        height = self.body_height()
        self._user_move(lambda: self._page(-height))

    def action_page_down(self) -> None:
        """``pagedown``: a list's height down, the list scrolled by as much."""
        height = self.body_height()
        self._user_move(lambda: self._page(height))

    def _page(self, lines: int) -> None:
        """Scroll by ``lines`` and move the cursor as far (DataTable's paging)."""
        self.scroll_relative(y=lines, animate=False, force=True)
        self.move_cursor(row=self.cursor_row + lines, scroll=False)

    def body_height(self) -> int:
        """The lines the rows get: the visible height less the header."""
        return max(self.scrollable_content_region.height - 1, 0)

    def action_first_row(self) -> None:
        """The first row."""
        self._user_move(lambda: self.move_cursor(row=0))

    def action_last_row(self) -> None:
        """The last row."""
        self._user_move(lambda: self.move_cursor(row=self.row_count - 1))

    def action_select_cursor(self) -> None:
        """``enter``: select the highlighted row."""
        self._set_hover(False)
        if (key := self.current_key) is not None:
            self._scroll_cursor_into_view()
            self.post_message(self.Selected(self, key))

    # ------------------------------------------------------------------ the mouse

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse (-1: the header), from the drawn line's meta."""
        row = event.style.meta.get("row")
        return row if isinstance(row, int) else None

    async def _on_click(self, event: events.Click) -> None:
        """A click on a row highlights it; on the highlighted row, selects it."""
        self._set_hover(True)
        row = self._row_at(event)
        if row is None or row < 0:
            return
        event.stop()
        event.prevent_default()
        again = row == self.cursor_row
        self._by_user = True
        self.move_cursor(row=row, scroll=False)
        self._by_user = False
        if again and (key := self.current_key) is not None:
            self.post_message(self.Selected(self, key))
        self._scroll_cursor_into_view(animate=True)

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        """The row under the mouse is shown hovered."""
        row = self._row_at(event)
        self._set_hover(row is not None)
        if row is not None and row != self.hover_row:
            old, self.hover_row = self.hover_row, row
            self.refresh_row(old)
            self.refresh_row(row)

    def _on_leave(self, _event: events.Leave) -> None:
        """The mouse left: no row is hovered."""
        self._set_hover(False)

    def _set_hover(self, shown: bool) -> None:
        """Show or hide the hover (the keyboard hides it; the mouse moving shows it)."""
        if shown != self._show_hover:
            self._show_hover = shown
            self.refresh_row(self.hover_row)

    # ------------------------------------------------------------------ drawing

    def refresh_row(self, row: int) -> None:
        """Draw one row's line again (-1: the header, which stays on the top line whatever
        the scroll)."""
        y = 0 if row < 0 else row + 1 - int(self.scroll_y)
        self.refresh(Region(0, y, self.size.width, 1))

    def notify_style_update(self) -> None:
        """Restyled (the focus in or out, the mouse over it, a class, a theme: Textual restyles
        a node, and with it this call, whenever its or an ancestor's styles are worked out
        again): every line is drawn again, in styles looked up again."""
        super().notify_style_update()
        self._drawn.clear()
        self._looks.clear()
        self.refresh()

    def _style_of(self, name: str) -> Style:
        """A component class's style (``""``: the list's own), looked up once per restyle
        (tui/widgets/looks.py)."""
        return self._looks.kept(name, lambda: self.rich_style if not name
                                else self.get_component_styles(name).rich_style)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the view: the header, else a row (scrolled), else blank."""
        if self._looks.stylesheet_replaced():  # a theme, CSS loaded since
            self._drawn.clear()
        width = self.size.width
        row = -1 if y == 0 else y - 1 + int(self.scroll_y)
        if row >= self.row_count:
            key, row = "", self.row_count  # below the last row: blank, one line for all
        else:
            key = "" if row < 0 else self._keys[row]
        cursor = row >= 0 and row == self.cursor_row
        hover = self._show_hover and row == self.hover_row >= 0
        cache_key = (key, row, cursor, hover, width)
        strip = self._drawn.get(cache_key)
        if strip is None:
            strip = self._drawn[cache_key] = self._draw(key, row, cursor, hover, width)
        return strip

    def _draw(self, key: str, row: int, cursor: bool, hover: bool, width: int) -> Strip:
        """One line as DataTable draws a row of a row-cursor table: each cell padded and cut
        to its column, the row's style under it and the cursor's or hover's over it, the rest
        of the width in the row's style; meta says which row a click or a hover is on."""
        base = self._style_of("")
        if row >= self.row_count:
            return Strip.blank(width, base)
        if row < 0:
            cells = [column.label for column in self.columns.values()]
            row_style = self._style_of("rows--header")
        else:
            cells = self.get_row(key)
            row_style = self._row_style(row, base)
        over = Style()
        if hover:
            over += self._style_of("rows--hover")
        if cursor:
            over += self._style_of("rows--cursor")
        post = Style.from_color(over.color) + Style.from_color(bgcolor=over.bgcolor)
        console = self.app.console
        segments: list[Segment] = []
        for index, (cell, column) in enumerate(zip(cells, self.columns.values(), strict=False)):
            meta = row_style + Style.from_meta({"row": row, "column": index})
            segments += one_line(console, flat(cell), column.width + 2 * PADDING, PADDING,
                                 meta + over, post)
        used = self._columns_width()
        rest = row_style + over + Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, width - used), rest))
        return Strip(segments).crop(0, width).adjust_cell_length(width, base).simplify()

    def _row_style(self, row: int, base: Style) -> Style:
        """A row's style under its cells: an even row's stripe, else the list's own.

        DataTable's odd rows have a component class with no rules, which gives the table's own
        style; here they take that style at once: Textual styles every component class of a
        widget at each of its stylings (the list is styled twice before its first frame: one
        class fewer, 0.77 -> 0.66 ms).
        """
        if not self.zebra_stripes or row % 2:
            return base
        return self._style_of("rows--even-row")
