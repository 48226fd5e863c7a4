"""Filter the meeting's list by text and by one verdict and one decision."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from reviewroom.store.i18n import t
from reviewroom.store.model import Decision, Verdict
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import shown
from reviewroom.tui.screens.dialog import Dialog

# Select's value for "any verdict/decision": a string, since Select.NULL would show a prompt.
ANY = ""


class FilterDialog(Dialog[RequestFilter | None]):
    """Returns the new filter on ``enter``/``ctrl+s``, an empty one on ``ctrl+r``, None on escape.

    ``enter`` applies from any field, as the hint says, so the common case is ``/``, a word,
    ``enter``; on a verdict or decision ``space`` opens the list and ``enter`` there picks.
    """

    DEFAULT_CSS = """
    FilterDialog > .dialog-frame { width: 64; }
    FilterDialog .dialog-title { margin-bottom: 1; }
    FilterDialog Grid { grid-size: 2; grid-columns: 12 1fr; grid-rows: 1; grid-gutter: 0 1;
                        height: auto; }
    FilterDialog Grid > Input, FilterDialog Grid > Select > SelectCurrent { background: $boost; }
    FilterDialog Grid > Input:focus, FilterDialog Grid > Select:focus {
        background-tint: $accent 15%;
    }
    FilterDialog .keys { margin-top: 1; }
    """
    VIEW_ONLY = True  # changes only what the list shows: a read-only session may use all of it
    # Priority bindings: the dialog closes as the key is dispatched, so the keys typed right after
    # (``/ logo enter i`` in one burst) reach the meeting screen (see tui/typeahead.py).
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="filter-apply", priority=True),
        Binding("enter", "submit", "Apply", show=False, id="filter-enter", priority=True),
        Binding("ctrl+r", "clear", "Clear", id="filter-clear", priority=True),
        Binding("escape", "cancel", "Cancel", id="filter-cancel", priority=True),
    ]

    def __init__(self, current: RequestFilter) -> None:
        super().__init__()
        self.current = current

    @property
    def lang(self) -> str:
        """The UI language of the app (English when the host app has none)."""
        return ui_language(self, "en")

    def compose(self) -> ComposeResult:
        """Text, verdict and decision, each on one line, then the keys."""
        lang, current = self.lang, self.current
        with Vertical(classes="dialog-frame"):
            yield Static(Content(t(lang, "filter.title")), classes="dialog-title")
            with Grid():
                yield Label(t(lang, "filter.text"))
                yield Input(shown(current.text), placeholder=t(lang, "filter.text_placeholder"),
                            id="filter-text", compact=True)
                yield Label(t(lang, "field.verdict"))
                yield Select(self._options("verdict", Verdict), allow_blank=False, compact=True,
                             value=current.verdict.value if current.verdict else ANY,
                             id="filter-verdict")
                yield Label(t(lang, "field.decision"))
                yield Select(self._options("decision", Decision), allow_blank=False, compact=True,
                             value=current.decision.value if current.decision else ANY,
                             id="filter-decision")
            yield Static(Content(t(lang, "filter.keys")), classes="keys")

    def _options(self, field: str, kind: type[Verdict] | type[Decision]) -> list[tuple[str, str]]:
        """"any" first, then every value translated."""
        options = [(t(self.lang, "filter.any"), ANY)]
        options += [(t(self.lang, f"{field}.{value.value}"), value.value) for value in kind]
        return options

    def action_submit(self) -> None:
        """``enter`` applies the filter from any field; in an open list it picks the option."""
        focused = self.focused
        if focused is not None and any(
            isinstance(node, Select) and node.expanded for node in focused.ancestors_with_self
        ):
            raise SkipAction()
        self.action_apply()

    def action_apply(self) -> None:
        """Return the filter as set in the dialog."""
        self.dismiss(self.chosen())

    def chosen(self) -> RequestFilter:
        """The filter the widgets describe."""
        verdict = self.query_one("#filter-verdict", Select).value
        decision = self.query_one("#filter-decision", Select).value
        return RequestFilter(
            text=self.query_one("#filter-text", Input).value.strip(),
            verdict=Verdict(verdict) if isinstance(verdict, str) and verdict else None,
            decision=Decision(decision) if isinstance(decision, str) and decision else None,
        )

    def action_clear(self) -> None:
        """Show every request again."""
        self.dismiss(RequestFilter())

    def action_cancel(self) -> None:
        """Keep the filter as it was."""
        self.dismiss(None)
