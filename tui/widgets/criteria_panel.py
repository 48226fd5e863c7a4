"""The criteria panel: problem, goals by level, concept — the items a request names stand out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from reviewroom.store.i18n import t
from reviewroom.store.model import Criteria, Section
from reviewroom.tui.plain import line

# Lines kept above the first marked item when the panel scrolls to it (its heading, usually).
CONTEXT_LINES = 1


class CriterionRow(Horizontal):
    """One item: its ID in a fixed column and its text wrapping beside it (a hanging indent)."""

    DEFAULT_CSS = """
    CriterionRow { height: auto; }
    CriterionRow > .criterion-id { width: 4; text-style: bold; }
    CriterionRow > .criterion-text { width: 1fr; }
    CriterionRow.-referenced { background: $accent 30%; }
    CriterionRow.-referenced > .criterion-id { color: $accent; }
    """

    def __init__(self, item_id: str, text: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.text = text

    def compose(self) -> ComposeResult:
        """ID and text; the text is plain content, never markup."""
        yield Label(line(self.item_id), classes="criterion-id", markup=False)
        yield Static(line(self.text), classes="criterion-text")


class CriteriaPanel(VerticalScroll):
    """The current criteria with IDs; ``highlight`` marks what the highlighted request uses."""

    DEFAULT_CSS = """
    CriteriaPanel { border: round $primary; border-title-color: $text; padding: 0 1;
                    scrollbar-size-vertical: 1; }
    CriteriaPanel > .criteria-heading { text-style: bold; color: $accent; margin-top: 1; }
    CriteriaPanel > .criteria-level { text-style: bold italic; color: $accent; }
    CriteriaPanel > .criteria-empty { color: $text-muted; padding-left: 4; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._highlight: frozenset[str] = frozenset()
        self._shown: tuple[Criteria, int] | None = None

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
