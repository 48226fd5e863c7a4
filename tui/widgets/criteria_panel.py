"""The criteria panel: problem, goals by level, concept — the items a request names stand out.

While the request form is open the panel is its checklist: each item shows a box, ticked for
the IDs typed in the Criteria field, and ``tab`` from that field walks in (arrows move,
``space`` ticks, ``tab`` leaves), so criteria are picked with the whole text in sight.
"""

from __future__ import annotations

from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from reviewroom.store.i18n import t
from reviewroom.store.model import Criteria, Section
from reviewroom.tui.plain import line

# Lines kept above the first marked item when the panel scrolls to it (its heading, usually).
CONTEXT_LINES = 1


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


class CriterionRow(Horizontal):
    """One item: its ID in a fixed column and its text wrapping beside it (a hanging indent)."""

    DEFAULT_CSS = """
    CriterionRow { height: auto; }
    CriterionRow > .criterion-id { width: 4; text-style: bold; }
    CriterionRow > .criterion-text { width: 1fr; }
    CriterionRow.-referenced { background: $accent 30%; }
    CriterionRow.-referenced > .criterion-id { color: $accent; }
    CriterionRow > .criterion-box { width: 4; display: none; }
    """

    def __init__(self, item_id: str, text: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.text = text
        self.ticked = False

    def set_ticked(self, ticked: bool) -> None:
        """Tick or untick the box (drawn when the row is composed, if it is not yet)."""
        self.ticked = ticked
        for box in self.query(".criterion-box").results(Label):
            box.update(self._box())

    def _box(self) -> str:
        """The checklist box of this row."""
        return "[x]" if self.ticked else "[ ]"

    def compose(self) -> ComposeResult:
        """Box (shown while ticking), ID and text; the text is plain content, never markup."""
        yield Label(self._box(), classes="criterion-box", markup=False)
        yield Label(line(self.item_id), classes="criterion-id", markup=False)
        yield Static(line(self.text), classes="criterion-text")


class CriteriaPanel(VerticalScroll, can_focus=False):
    """The current criteria with IDs; ``highlight`` marks what the highlighted request uses.

    It takes the cursor only as the form's checklist; otherwise the list keeps it.
    """

    DEFAULT_CSS = """
    CriteriaPanel { border: round $primary; border-title-color: $text; padding: 0 1;
                    scrollbar-size-vertical: 1; }
    CriteriaPanel > .criteria-heading { text-style: bold; color: $accent; margin-top: 1; }
    CriteriaPanel > .criteria-level { text-style: bold italic; color: $accent; }
    CriteriaPanel > .criteria-empty { color: $text-muted; padding-left: 4; }
    CriteriaPanel:focus { border: round $accent; }
    CriteriaPanel.-ticking CriterionRow > .criterion-box { display: block; }
    CriteriaPanel:focus CriterionRow.-cursor { background: $accent 60%; }
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

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._highlight: frozenset[str] = frozenset()
        self._shown: tuple[Criteria, int] | None = None
        self._owner: TickOwner | None = None
        self._cursor = 0

    def show(self, criteria: Criteria, version: int) -> None:
        """Rebuild the panel for a new criteria version (after opening or a revision)."""
        if self._shown == (criteria, version):
            return
        self._shown = (criteria, version)
        self.border_title = t(self.lang, "tui.criteria.title", version=version)
        self.remove_children()
        self.mount_all(self._rows(criteria))
        self._apply_highlight()

    def _rows(self, criteria: Criteria) -> list[Label | CriterionRow]:
        """Headings and one row per item, in brief order."""
        rows: list[Label | CriterionRow] = []
        for section in Section:
            if section is Section.RESULT:
                rows.append(self._heading("tui.criteria.goals", "criteria-heading"))
            style = "criteria-level" if section.is_goal else "criteria-heading"
            rows.append(self._heading(f"section.{section.value}", style))
            items = criteria.section(section)
            if not items:
                rows.append(Label("—", classes="criteria-empty"))
            rows.extend(CriterionRow(item.id, item.text) for item in items)
        return rows

    def _heading(self, key: str, classes: str) -> Label:
        """A translated heading line."""
        return Label(t(self.lang, key), classes=classes, markup=False)

    def highlight(self, ids: tuple[str, ...] | frozenset[str]) -> None:
        """Stand out the items the highlighted request references, and bring them into view."""
        ids = frozenset(ids)
        if ids != self._highlight:
            self._highlight = ids
            self._apply_highlight()
            self.call_after_refresh(self._bring_into_view)

    def _bring_into_view(self) -> None:
        """Scroll the first marked item (in brief order) near the top, under the line before it
        (its heading, usually), when the marked items are not all in view already: a long brief
        hides most items, and moving through the list must show what each request names without
        scrolling by hand. No animation, so the panel is where it goes at once (and tests can
        check it)."""
        if self.has_focus:
            return  # the form's checklist: its cursor decides what is in view
        marked = [row for row in self.query(CriterionRow) if row.has_class("-referenced")]
        if not marked or all(self._in_view(row) for row in marked):
            return
        top = max(0, marked[0].virtual_region.y - CONTEXT_LINES)
        self.scroll_to(y=top, animate=False, immediate=True)

    def _in_view(self, row: CriterionRow) -> bool:
        """Whether all of ``row`` is inside the panel's visible part."""
        region, top = row.virtual_region, round(self.scroll_y)
        return region.y >= top and region.bottom <= top + self.scrollable_content_region.height

    def _apply_highlight(self) -> None:
        """Toggle one CSS class per row: no rebuild as the cursor moves."""
        for row in self.query(CriterionRow):
            row.set_class(row.item_id in self._highlight, "-referenced")

    # ------------------------------------------------------------------ the form's checklist

    def start_ticking(self, ids: list[str], owner: TickOwner) -> None:
        """The form opened: boxes on every item, ticked for ``ids``; the keys go to ``owner``
        (called directly, not by message, so a key typed right after sees the effect)."""
        self._owner = owner
        self.add_class("-ticking")
        self.tick(ids)
        # The panel opens on what the form names: the first ticked item, or the top of the
        # criteria for a new request (not wherever the list's last highlight had scrolled it).
        if ids:
            self.call_after_refresh(self._bring_into_view)
        else:
            self.scroll_home(animate=False, immediate=True)

    def stop_ticking(self) -> None:
        """The form closed: no boxes, and the list keeps the cursor again."""
        self._owner = None
        self.remove_class("-ticking")
        self.can_focus = False
        for row in self.query(CriterionRow):
            row.remove_class("-cursor")
            row.set_ticked(False)

    def tick(self, ids: list[str]) -> None:
        """Tick exactly ``ids`` (the ones typed in the Criteria field) and mark them."""
        self.highlight(frozenset(ids))
        for row in self.query(CriterionRow):
            row.set_ticked(row.item_id in self._highlight)

    def enter_checklist(self) -> None:
        """``tab`` from the Criteria field: the cursor on the first ticked item (else the first)."""
        rows = list(self.query(CriterionRow))
        if not rows:
            return
        ticked = [i for i, row in enumerate(rows) if row.item_id in self._highlight]
        self.can_focus = True
        self.screen.set_focus(self)  # at once: the next key is the checklist's
        self._move_to(ticked[0] if ticked else 0)

    def _move_to(self, index: int) -> None:
        """Put the checklist's cursor on row ``index`` and scroll it into sight."""
        rows = list(self.query(CriterionRow))
        self._cursor = max(0, min(index, len(rows) - 1))
        for i, row in enumerate(rows):
            row.set_class(i == self._cursor, "-cursor")
        self.scroll_to_widget(rows[self._cursor], animate=False)

    def action_move(self, delta: int) -> None:
        """``up``/``down``: the previous or next item."""
        self._move_to(self._cursor + delta)

    def action_tick(self) -> None:
        """``space``: tick or untick the item under the cursor; the form's field follows."""
        rows = list(self.query(CriterionRow))
        if not rows:
            return
        item = rows[self._cursor].item_id
        ticked = set(self._highlight) ^ {item}
        ids = [row.item_id for row in rows if row.item_id in ticked]
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
