"""The criteria panel: problem, goals by level, concept — the items a request names stand out."""

from __future__ import annotations

from textual.content import Content
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.i18n import t
from store.model import Criteria, Section


class CriteriaPanel(VerticalScroll):
    """Shows the current criteria with IDs; ``highlight`` marks what the highlighted request uses."""

    DEFAULT_CSS = """
    CriteriaPanel { border: round $primary; border-title-color: $text; padding: 0 1; }
    CriteriaPanel > Static { width: 1fr; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._criteria = Criteria()
        self._version = 0
        self._highlight: frozenset[str] = frozenset()
        self._body = Static(id="criteria-body")

    def compose(self):  # type: ignore[no-untyped-def]
        """One Static holds the whole list: cheap to redraw when the highlight moves."""
        yield self._body

    def show(self, criteria: Criteria, version: int) -> None:
        """Show a criteria version (after opening or a revision)."""
        self._criteria, self._version = criteria, version
        self.border_title = t(self.lang, "tui.criteria.title", version=version)
        self._render()

    def highlight(self, ids: tuple[str, ...] | frozenset[str]) -> None:
        """Stand out the items the highlighted request references."""
        ids = frozenset(ids)
        if ids != self._highlight:
            self._highlight = ids
            self._render()

    def _render(self) -> None:
        """Rebuild the text; user text goes in as plain strings, never as markup."""
        parts: list[str | tuple[str, str]] = []
        for section in Section:
            if section is Section.RESULT:
                parts.append((t(self.lang, "tui.criteria.goals") + "\n", "bold $accent"))
            items = self._criteria.section(section)
            indent = "  " if section.is_goal else ""
            parts.append((f"{indent}{t(self.lang, f'section.{section.value}')}\n", "bold $accent"))
            if not items:
                parts.append((f"{indent}  —\n", "dim"))
            for item in items:
                marked = item.id in self._highlight
                style = "reverse bold" if marked else ""
                parts.append((f"{indent}{'>' if marked else ' '} ", "bold" if marked else ""))
                parts.append((item.id, f"bold {style}".strip()))
                parts.append((f" {item.text}\n", style))
        self._body.update(Content.assemble(*parts))
