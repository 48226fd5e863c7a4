"""The criteria panel: problem, goals by level, concept — the items a request names stand out.

While the request form is open the panel is its checklist: each item shows a box, ticked for
the IDs typed in the Criteria field, and ``tab`` from that field walks in (arrows move,
``space`` ticks, ``tab`` leaves), so criteria are picked with the whole text in sight.

One widget draws every line (Textual's line API) rather than a widget per item: a widget per
item (a row, its ID and its text: four widgets) made the panel most of the meeting screen's
widgets, and each one is laid out and styled again whenever the form opens or closes. A brief
of 10,000 items was 40,000 widgets. Lines are wrapped once per width and drawn as they scroll
into view; marking items or moving the checklist's cursor restyles nothing. A writer's panel
lays out its checklist (the items beside their boxes) a moment after it is first drawn, so the
form's first open does not wrap a long brief again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip

from reviewroom.store.i18n import t
from reviewroom.store.model import Criteria, Section
from reviewroom.store.text import clean_line
from reviewroom.tui.plain import line
from reviewroom.tui.widgets.criteria_lines import BOX, ID_WIDTH, Entry, Layout, Row, id_width, wrap
from reviewroom.tui.widgets.steady_scrollbars import SteadyScrollbars

# Lines kept above the first marked item when the panel scrolls to it (its heading, usually).
CONTEXT_LINES = 1
# Seconds after a layout before a writer's panel lays out its checklist ahead (a 10,000-item brief
# takes some 70 ms): late enough not to delay the first paint, early enough for the first ``n``.
PREPARE_DELAY = 0.5
# Lines kept drawn (a few screens of the list's panel and of the checklist).
DRAWN_LINES = 2000
# Entries laid out ahead between two looks at the keys (some 7 ms), so a key pressed meanwhile is
# handled at once rather than after the whole brief.
PREPARE_STEP = 1000


class TickOwner(Protocol):
    """What the checklist hands its ticks and its keys to: the open request form."""

    def set_criteria(self, ids: list[str]) -> None:
        """The ticked IDs, in brief order."""

    def leave_checklist(self, forward: bool) -> None:
        """``tab`` (forward) or ``shift+tab`` out of the checklist."""

    def action_save(self) -> None:
        """``enter``/``ctrl+s`` in the checklist."""

    def action_cancel(self) -> None:
        """``escape`` in the checklist."""


class CriteriaPanel(SteadyScrollbars, can_focus=False):
    """The current criteria with IDs; ``highlight`` marks what the highlighted request uses.

    It takes the cursor only as the form's checklist; otherwise the list keeps it.
    """

    COMPONENT_CLASSES = {
        "criteria-panel--heading", "criteria-panel--level", "criteria-panel--empty",
        "criteria-panel--id", "criteria-panel--referenced", "criteria-panel--referenced-id",
        "criteria-panel--cursor",
    }
    # One rule a line, without blanks (parsed at a cost per token): 0.45 -> 0.34 ms.
    DEFAULT_CSS = """
    CriteriaPanel{border:round $primary;border-title-color:$text;padding:0 1;
        scrollbar-size-vertical:1;scrollbar-gutter:stable;}
    CriteriaPanel:focus{border:round $accent;}
    CriteriaPanel>.criteria-panel--heading{text-style:bold;color:$accent;}
    CriteriaPanel>.criteria-panel--level{text-style:bold italic;color:$accent;}
    CriteriaPanel>.criteria-panel--empty{color:$text-muted;}
    CriteriaPanel>.criteria-panel--id{text-style:bold;}
    CriteriaPanel>.criteria-panel--referenced{background:$accent 30%;}
    CriteriaPanel>.criteria-panel--referenced-id{color:$accent;text-style:bold;}
    CriteriaPanel>.criteria-panel--cursor{background:$accent 60%;}
    """
    # The checklist's keys (only while it has the cursor). Priority: they run as the key is
    # dispatched, before the scroll bindings of the container and before the next key.
    BINDINGS = [
        Binding("up", "move(-1)", "Previous", show=False, id="check-up", priority=True),
        Binding("down", "move(1)", "Next", show=False, id="check-down", priority=True),
        Binding("space", "tick", "Tick", id="check-toggle", priority=True),
        Binding("tab", "leave(True)", "Next field", show=False, id="check-next", priority=True),
        Binding("shift+tab", "leave(False)", "Criteria", show=False, id="check-previous",
                priority=True),
        Binding("enter,ctrl+s", "finish(True)", "Save", id="check-save", priority=True),
        Binding("escape", "finish(False)", "Cancel", id="check-cancel", priority=True),
    ]

    def __init__(self, lang: str, *, checklist: bool = False, **kwargs: object) -> None:
        """``checklist``: the panel will serve the request form (a writer's): lay its checklist
        out ahead."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._checklist = checklist
        self._highlight: frozenset[str] = frozenset()
        self._shown: tuple[Criteria, int] | None = None
        self._entries: list[Entry] = []
        self._items: list[str] = []  # item IDs in brief order (the checklist's rows)
        self._rows: list[Row] = []  # drawn lines, for ``_wrapped_for``
        self._spans: dict[str, tuple[int, int]] = {}  # item ID → its first line, past its last
        self._wrapped_for: tuple[int, bool] | None = None  # (width, ticking) of ``_rows``
        self._layouts: dict[tuple[int, bool], Layout] = {}
        self._owner: TickOwner | None = None
        self._ticking = False
        self._cursor = 0
        self._expected_room = 0  # before the first layout: see expect_width
        self._view_pending = False  # bring the marked items into view at the first layout
        self._base = Style()  # the panel's own style, looked up as a drawing starts
        self._line_width = 0  # the panel's width (_width) while it draws (render_lines)
        # Lines drawn, by (width, boxes), line, marked, cursor and style: see ``_strip``.
        self._drawn: LRUCache[tuple[object, ...], Strip] = LRUCache(DRAWN_LINES)

    # ------------------------------------------------------------------ what is shown

    def show(self, criteria: Criteria, version: int) -> None:
        """Show a new criteria version (after opening or a revision)."""
        if self._shown == (criteria, version):
            return
        self._shown = (criteria, version)
        self.border_title = t(self.lang, "tui.criteria.title", version=version)
        self._entries = self._list(criteria)
        self._items = [entry.item_id for entry in self._entries if entry.kind == "item"]
        self._layouts.clear()
        self._drawn.clear()
        self._cursor = min(self._cursor, max(0, len(self._items) - 1))
        self._rewrap()

    def _list(self, criteria: Criteria) -> list[Entry]:
        """Headings and one entry per item, in brief order."""
        entries: list[Entry] = []
        for section in Section:
            if section is Section.RESULT:
                entries += self._heading("tui.criteria.goals", "heading")
            entries += self._heading(f"section.{section.value}",
                                     "level" if section.is_goal else "heading")
            items = criteria.section(section)
            if not items:
                entries.append(Entry("empty", " " * ID_WIDTH + "—"))
            entries += [Entry("item", clean_line(item.text), item.id) for item in items]
        return entries

    def _heading(self, key: str, kind: str) -> list[Entry]:
        """A translated heading line; a section heading has a blank line above it."""
        heading = Entry(kind, clean_line(t(self.lang, key)))
        return [Entry("blank", ""), heading] if kind == "heading" else [heading]

    @property
    def referenced(self) -> frozenset[str]:
        """The IDs that stand out: the highlighted request's (or the form's ticked) criteria."""
        return self._highlight

    @property
    def ticked(self) -> frozenset[str]:
        """The IDs ticked in the checklist (none while the form is closed)."""
        return self._highlight if self._ticking else frozenset()

    @property
    def item_ids(self) -> list[str]:
        """The items' IDs in the order shown."""
        return list(self._items)

    def span(self, item_id: str) -> tuple[int, int]:
        """The item's first line and the line past its last, in the panel's virtual lines."""
        self._ensure_wrapped()
        return self._spans.get(item_id, (0, 0))  # (0, 0) until laid out, or for another ID

    def in_view(self, item_id: str) -> bool:
        """Whether all of the item's lines are inside the panel's visible part."""
        start, end = self.span(item_id)
        top = round(self.scroll_y)
        return start >= top and end <= top + self.scrollable_content_region.height

    def item_strips(self, item_id: str) -> list[Strip]:
        """The item's lines as drawn, scrolled into view or not (what a reader gets)."""
        start, end = self.span(item_id)
        self._base, width = self.rich_style, self._width()
        return [self._strip(index, width) for index in range(start, end)]

    # ------------------------------------------------------------------ drawing

    def _width(self) -> int:
        """Cells for text: the panel less its border, padding and scrollbar (always kept)."""
        return max(ID_WIDTH + 8, self._text_room())

    def _text_room(self) -> int:
        """The width inside the panel: laid out, its own; before that, the expected one."""
        return self.scrollable_content_region.width or self._expected_room

    def expect_width(self, width: int) -> None:
        """Before the first layout, the width the screen expects to give the panel: its items
        are wrapped for it, so the first layout sizes the scroll area and the first frame draws
        them (wrapped when first drawn, the new size asked for a second layout and frame). A
        wrong guess is wrapped again at the first resize, as before."""
        if self.scrollable_content_region.width:
            return
        self._expected_room = max(0, self.room_inside(width))
        if self._entries:  # else show() wraps them: wrapping none scheduled a second checklist
            self._rewrap()

    def _rewrap(self) -> None:
        """Lay the entries out for the current width (and boxes) and size the scroll area.

        Each layout is kept until the criteria change: opening and closing the form switches
        between the two (with and without boxes) without wrapping anything again.
        """
        if not self._text_room():
            return  # not laid out yet, nor expected: the first resize wraps, at the real width
        key = (self._width(), self._ticking)
        if key not in self._layouts:
            self._layouts[key] = self._layout(*key)
        self._rows, self._spans = self._layouts[key]
        self._wrapped_for = key
        self.set_virtual_size(Size(key[0], len(self._rows)))
        self.refresh()
        if self._checklist and not self._ticking and (key[0], True) not in self._layouts:
            self.set_timer(PREPARE_DELAY, self._prepare_checklist)

    async def _prepare_checklist(self) -> None:
        """Lay the checklist out for the current width before the form asks for it: the form's
        first open would otherwise wrap every item again (70 ms for 10,000 items). In steps,
        so keys pressed meanwhile are not held up; new criteria drop what was begun."""
        key, entries = (self._width(), True), self._entries
        if not self._text_room() or key in self._layouts:
            return
        layout: Layout = ([], {})
        for _ in self._lay_out(*key, layout):
            await asyncio.sleep(0)
            if self._entries is not entries:
                return
        self._layouts.setdefault(key, layout)  # unless the form's open made it meanwhile

    @property
    def checklist_ready(self) -> bool:
        """Whether the checklist is laid out for the current width (the form opens on it)."""
        return (self._width(), True) in self._layouts

    def _layout(self, width: int, ticking: bool) -> Layout:
        """Every entry wrapped to ``width``: its lines, and each item's span of lines."""
        layout: Layout = ([], {})
        for _ in self._lay_out(width, ticking, layout):
            pass
        return layout

    def _lay_out(self, width: int, ticking: bool, layout: Layout) -> Iterator[None]:
        """Wrap the entries into ``layout``, pausing after every :data:`PREPARE_STEP` of them
        (``_prepare_checklist`` lets keys through there)."""
        rows, spans = layout
        for count, entry in enumerate(self._entries, 1):
            start = len(rows)
            indent = (len(BOX[False]) if ticking else 0) + id_width(entry.item_id)
            room = width - indent if entry.kind == "item" else width
            wrapped = wrap(entry.text, max(1, room))  # cleaned once, by ``_list``
            rows += [Row(entry, part, index == 0) for index, part in enumerate(wrapped)]
            if entry.kind == "item":
                spans[entry.item_id] = (start, len(rows))
            if count % PREPARE_STEP == 0:
                yield

    def _ensure_wrapped(self) -> int:
        """Wrap again when the width (or the boxes) changed since the last wrap; the width."""
        width = self._width()
        if self._wrapped_for != (width, self._ticking):
            self._rewrap()
        return width

    def on_resize(self, event: events.Resize) -> None:
        """Another width wraps the items over other lines."""
        self._ensure_wrapped()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw, with the panel's own style and its width looked up once rather than per line
        (the style walks every ancestor, the width asks the screen for the panel's region)."""
        self._base = self.rich_style
        self._line_width = self._ensure_wrapped()
        try:
            return super().render_lines(crop)
        finally:
            self._line_width = 0

    def notify_style_update(self) -> None:
        """Another style or theme: the lines drawn in the old one are forgotten."""
        super().notify_style_update()
        self._drawn.clear()

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the panel's visible part."""
        width = self._line_width or self._ensure_wrapped()
        return self._strip(y + round(self.scroll_y), width)

    def _strip(self, index: int, width: int | None = None) -> Strip:
        """Virtual line ``index``, ``width`` cells wide (:meth:`_width`, looked up if not given),
        as drawn before when nothing it shows changed since: the form opening and closing redrew
        the whole panel, a tenth of a ``n``'s time."""
        width = width or self._width()
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self._base)
        row = self._rows[index]
        item = row.entry.item_id
        marked = bool(item) and item in self._highlight
        cursor = bool(item) and self.has_focus and self._items[self._cursor] == item
        key = (self._wrapped_for, index, marked, cursor, self._base)
        strip = self._drawn.get(key)
        if strip is None:
            strip = self._draw(row, self._ticking, marked, cursor, width)
            self._drawn[key] = strip
        return strip

    def _draw(self, row: Row, ticking: bool, marked: bool, cursor: bool, width: int) -> Strip:
        """One line: headings in the accent colour, items with their ID (and box, ``ticking``)
        in a column and their text hanging beside it, marked items and the cursor shaded."""
        entry = row.entry
        if entry.kind != "item":
            style = {"heading": "criteria-panel--heading", "level": "criteria-panel--level",
                     "empty": "criteria-panel--empty"}.get(entry.kind)
            base = self._ink(style) if style else Style()
            return self._finish(Content(row.text).render_segments(), base, width)
        id_style = self._ink("criteria-panel--referenced-id" if marked else "criteria-panel--id")
        indent = id_width(entry.item_id)
        box = BOX[marked] if ticking else ""
        if row.first:
            lead = [Segment(box), Segment(line(entry.item_id).plain.ljust(indent), id_style)]
        else:
            lead = [Segment(" " * (len(box) + indent))]
        shade = Style()
        if cursor:
            shade = self.get_component_rich_style("criteria-panel--cursor")
        elif marked:
            shade = self.get_component_rich_style("criteria-panel--referenced")
        return self._finish(lead + Content(row.text).render_segments(), shade, width)

    def _ink(self, name: str) -> Style:
        """A component's colour and text style without its background, so the line's shade
        (a marked item, the cursor) shows under it."""
        style = self.get_component_rich_style(name)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def _finish(self, segments: list[Segment], style: Style, width: int) -> Strip:
        """A full-width line: ``style`` under the text and the rest of the line.

        Styled as :meth:`Strip.apply_style` styles it, in one pass: a strip extended, cropped and
        styled made three strips (and their caches) a line.
        """
        length = sum(cell_len(segment.text) for segment in segments)
        if length > width:  # wider than the panel (an ID wider than the text's room): cropped
            strip = Strip(segments).extend_cell_length(width).crop(0, width)
            return strip.apply_style(self._base + style)
        if length < width:
            segments.append(Segment(" " * (width - length)))
        if under := self._base + style:
            segments = [Segment(text, under + own) for text, own, _control in segments]
        return Strip(segments, width)

    # ------------------------------------------------------------------ marking and scrolling

    def highlight(self, ids: tuple[str, ...] | frozenset[str]) -> None:
        """Stand out the items the highlighted request references, and bring them into view."""
        ids = frozenset(ids)
        if ids != self._highlight:
            self._highlight = ids
            self.refresh()
            self._bring_into_view_now()

    def _bring_into_view_now(self) -> None:
        """Bring the marked items into view in the frame that marks them (a frame later, the
        panel was first drawn where it was, then scrolled: at opening, and at every ``9`` in the
        Criteria field); before the panel's first layout, during that layout, before it is
        drawn. The checklist still holding the cursor (the form closing from it) decides what
        is in view only until it gives the cursor back: then the marked items come into view."""
        if self.has_focus:
            self.call_after_refresh(self._bring_into_view)
        elif self.scrollable_content_region.height:
            self._bring_into_view()
        else:
            self._view_pending = True

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Laid out: a bring-into-view asked for before the first layout is done now."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if self._view_pending and self.scrollable_content_region.height:
            self._view_pending = False
            self._bring_into_view()
        return resized

    def _bring_into_view(self) -> None:
        """Scroll the first marked item (in brief order) near the top, under the line before it
        (its heading, usually), when the marked items are not all in view already: a long brief
        hides most items, and moving through the list must show what each request names without
        scrolling by hand. No animation, so the panel is where it goes at once (and tests can
        check it)."""
        if self.has_focus:
            return  # the form's checklist: its cursor decides what is in view
        marked = [item for item in self._items if item in self._highlight]
        if not marked or all(self.in_view(item) for item in marked):
            return
        top = max(0, self.span(marked[0])[0] - CONTEXT_LINES)
        self.scroll_to(y=top, animate=False, immediate=True)

    # ------------------------------------------------------------------ the form's checklist

    def start_ticking(self, ids: list[str], owner: TickOwner) -> None:
        """The form opened: boxes on every item, ticked for ``ids``; the keys go to ``owner``
        (called directly, not by message, so a key typed right after sees the effect)."""
        self._owner = owner
        self._ticking = True
        self.tick(ids)
        self._ensure_wrapped()
        # The panel opens on what the form names: the first ticked item, or the top of the
        # criteria for a new request (not wherever the list's last highlight had scrolled it).
        if ids:
            self._bring_into_view_now()
        else:
            self.scroll_home(animate=False, immediate=True)

    def stop_ticking(self) -> None:
        """The form closed: no boxes, and the list keeps the cursor again."""
        self._owner = None
        self._ticking = False
        self.can_focus = False
        self._ensure_wrapped()

    def tick(self, ids: list[str]) -> None:
        """Tick exactly ``ids`` (the ones typed in the Criteria field) and mark them."""
        self.highlight(frozenset(ids))  # redraws when the ticks change

    def enter_checklist(self) -> None:
        """``tab`` from the Criteria field: the cursor on the first ticked item (else the first)."""
        if not self._items:
            return
        ticked = [i for i, item in enumerate(self._items) if item in self._highlight]
        self.can_focus = True
        self.screen.set_focus(self)  # at once: the next key is the checklist's
        self._move_to(ticked[0] if ticked else 0)

    def _move_to(self, index: int) -> None:
        """Put the checklist's cursor on item ``index`` and scroll it into sight."""
        self._cursor = max(0, min(index, len(self._items) - 1))
        start, end = self.span(self._items[self._cursor])
        self.scroll_to_region(Region(0, start, 1, end - start), animate=False, immediate=True)
        self.refresh()

    def on_focus(self) -> None:
        """The cursor's shade shows only while the checklist has the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """No cursor shade once the checklist is left."""
        self.refresh()

    def action_move(self, delta: int) -> None:
        """``up``/``down``: the previous or next item."""
        self._move_to(self._cursor + delta)

    def action_tick(self) -> None:
        """``space``: tick or untick the item under the cursor; the form's field follows."""
        if not self._items:
            return
        ticked = set(self._highlight) ^ {self._items[self._cursor]}
        ids = [item for item in self._items if item in ticked]
        self.tick(ids)
        if self._owner is not None:
            self._owner.set_criteria(ids)

    def action_leave(self, forward: bool) -> None:
        """``tab``/``shift+tab``: back to the form."""
        if self._owner is not None:
            self._owner.leave_checklist(forward)

    def action_finish(self, save: bool) -> None:
        """``enter``/``ctrl+s`` saves the form, ``escape`` cancels it."""
        owner = self._owner
        if owner is not None:
            owner.action_save() if save else owner.action_cancel()
