"""Revise the criteria: the brief's Markdown in a text area, the required reason, the trigger."""

from __future__ import annotations

from dataclasses import replace
from importlib.util import find_spec
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from reviewroom.store.brief import BriefProblem, parse_brief, render_brief
from reviewroom.store.errors import BriefError, ReviewError
from reviewroom.store.home import BRIEF_NAME
from reviewroom.store.i18n import t
from reviewroom.store.model import Criteria, CriteriaVersion, Section
from reviewroom.store.project import Project
from reviewroom.store.revision import new_warnings
from reviewroom.store.text import clean_text
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import block, keep_stored, line
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.error_line import ErrorLine


def markdown_language() -> str | None:
    """``"markdown"`` when tree-sitter and its Markdown grammar are installed, else plain text.

    Highlighting is a nicety: the app must not need the ``textual[syntax]`` extra to run.
    """
    if find_spec("tree_sitter") is None or find_spec("tree_sitter_markdown") is None:
        return None
    return "markdown"


def keep_stored_criteria(edited: Criteria, stored: Criteria) -> Criteria:
    """The edited criteria, with every text left as the editor showed it put back as stored.

    The editor shows the brief sanitised; a revision must not turn an untouched item's stored
    characters into placeholders (which would also make verdicts resting on it stale).
    """
    old = {item.id: item.text for _, item in stored.items()}
    sections: dict[str, Any] = {
        section.value: tuple(
            replace(item, text=keep_stored(item.text, old[item.id])) if item.id in old else item
            for item in edited.section(section)
        )
        for section in Section
    }
    front: dict[str, Any] = {name: keep_stored(getattr(edited, name), getattr(stored, name))
             for name in ("title", "client", "vendor")}
    return replace(edited, **sections, **front)


def warn_once(app: App[Any], before: Criteria, warnings: list[BriefProblem], lang: str) -> None:
    """Brief warnings never block a revision; each is shown once, when a revision brings it.

    A warning the previous criteria already had (an unmeasurable goal nobody touched) was seen
    then: repeating it on every revision would teach facilitators to ignore the toast.
    """
    fresh = new_warnings(before, warnings)
    if fresh:
        lines = "\n".join(problem.message(lang) for problem in fresh)
        app.notify(lines, severity="warning", timeout=8, markup=False)


class CriteriaEditor(Dialog[CriteriaVersion | None]):
    """Edit the whole brief as Markdown, the format facilitators already know from brief.md.

    The criteria list's ``r`` opens it (with the list's edits in it), for those who would
    rather add, reword, remove and move items in one text, with line numbers. ``ctrl+s`` saves
    (``enter`` in the reason field too); the text and the reason are kept whatever is refused.
    ``escape`` cancels.
    """

    DEFAULT_CSS = """
    CriteriaEditor > .dialog-frame { width: 96%; max-width: 120; height: 96%; }
    CriteriaEditor TextArea { height: 1fr; min-height: 5; }
    CriteriaEditor #editor-problems { color: $error; max-height: 5; display: none; }
    CriteriaEditor .-shown { display: block !important; }
    CriteriaEditor #reason { background: $boost; }
    CriteriaEditor #reason:focus { background-tint: $accent 15%; }
    CriteriaEditor Checkbox { border: none; padding: 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor-save"),
        Binding("escape", "cancel", "Cancel", id="editor-cancel"),
    ]

    def __init__(self, project: Project, request_id: str | None,
                 start: Criteria | None = None) -> None:
        super().__init__()
        self.project = project
        self.request_id = request_id
        self.start = start or project.criteria  # the item list's draft, when opened from it

    @property
    def lang(self) -> str:
        """The UI language: the app's, else the project's."""
        return ui_language(self, self.project.lang)

    def compose(self) -> ComposeResult:
        """Title, the brief, its problems, the reason, the optional link, the keys."""
        lang = self.lang
        version = self.project.criteria_version
        with Vertical(classes="dialog-frame"):
            yield Static(Content(t(lang, "editor.title", version=version)),
                         classes="dialog-title")
            yield TextArea(clean_text(render_brief(self.start)), id="editor-text",
                           language=markdown_language(), soft_wrap=True,
                           show_line_numbers=True)
            yield Static("", id="editor-problems")
            yield Label(t(lang, "editor.reason"))
            yield Input(placeholder=t(lang, "editor.reason_placeholder"), id="reason",
                        compact=True)
            yield ErrorLine(id="reason-error")
            if self.request_id:
                yield Checkbox(line(t(lang, "editor.link", id=self.request_id)), value=True,
                               id="editor-link", compact=True)
            yield Static(Content(t(lang, "editor.keys")), classes="keys")

    def on_mount(self) -> None:
        """Start in the text, on the item the facilitator most likely came to change."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor((self._start_row(area.text), 0), center=True)

    def _start_row(self, text: str) -> int:
        """The line of the highlighted request's first criterion, else the first item."""
        ids: tuple[str, ...] = ()
        if self.request_id:
            try:
                ids = self.project.request(self.request_id).criteria
            except ReviewError:
                ids = ()
        lines = text.splitlines()
        for prefix in [f"- {cid}:" for cid in ids[:1]] + ["- "]:
            row = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
            if row is not None:
                return row
        return 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` in the reason saves, like ``ctrl+s``."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Parse the brief, then record the revision; every refusal keeps what was typed."""
        self._show_problems([])
        self._show_reason_error(None)
        text = self.query_one(TextArea).text
        try:
            criteria, warnings = parse_brief(text, BRIEF_NAME)
        except BriefError as error:
            self._show_problems(error.problems)
            return
        before = self.project.criteria
        criteria = keep_stored_criteria(criteria, before)
        try:
            version = self.project.revise_criteria(criteria, self._reason(), self._linked())
        except ReviewError as error:
            self._show_refusal(error)
            return
        warn_once(self.app, before, warnings, self.lang)
        self.dismiss(version)

    def _reason(self) -> str:
        """The reason as typed (the rule refuses a blank one)."""
        return self.query_one("#reason", Input).value.strip()

    def _linked(self) -> str | None:
        """The highlighted request, when the facilitator kept the link checked."""
        if not self.request_id:
            return None
        return self.request_id if self.query_one("#editor-link", Checkbox).value else None

    def _show_problems(self, problems: list[BriefProblem]) -> None:
        """List every brief error with its line and put the cursor on the first one."""
        area = self.query_one("#editor-problems", Static)
        lines = [problem.render(self.lang) for problem in problems]
        area.update(block("\n".join(lines)))
        area.set_class(bool(lines), "-shown")
        if problems:
            text = self.query_one(TextArea)
            text.focus()
            text.move_cursor((max(problems[0].line - 1, 0), 0))

    def _show_reason_error(self, error: ReviewError | None) -> None:
        """Show (or clear) the message under the reason and focus the reason."""
        message = error.message(self.lang) if error else None
        self.query_one("#reason-error", ErrorLine).show(message)
        if error is not None:
            self.query_one("#reason", Input).focus()

    def _show_refusal(self, error: ReviewError) -> None:
        """A missing reason goes under the reason; anything else (no change) under the text."""
        if error.field == "reason":
            self._show_reason_error(error)
            return
        area = self.query_one("#editor-problems", Static)
        area.update(block(error.message(self.lang)))
        area.add_class("-shown")
        self.query_one(TextArea).focus()

    def action_cancel(self) -> None:
        """Leave; the criteria stay as they were."""
        self.dismiss(None)
