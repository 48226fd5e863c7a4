"""Before a revision is saved: what changes, which verdicts turn stale, why, and which request."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Static

from reviewroom.store.brief import BriefProblem
from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import Criteria, CriteriaVersion
from reviewroom.store.project import Project
from reviewroom.store.revision import Change
from reviewroom.store.text import clean_line
from reviewroom.tui.language import ui_language
from reviewroom.tui.screens.criteria_editor import warn_once
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.error_line import ErrorLine

NONE = "—"  # an added item's "was", a removed item's "now"


class RevisionPreview(Dialog[CriteriaVersion | None]):
    """Was/Now per changed item and the verdicts that will turn stale, then the reason and the
    linked request; ``ctrl+s`` (or ``enter`` in a field) saves one version.

    The stale list comes from the domain (``Project.turning_stale``), so what the preview
    promises is what the meeting screen flags after saving. ``escape`` goes back to the list,
    whose edits are kept.
    """

    DEFAULT_CSS = """
    RevisionPreview > .dialog-frame { width: 96%; max-width: 110; max-height: 96%; }
    RevisionPreview #preview-body { height: auto; max-height: 1fr; margin-bottom: 1; }
    RevisionPreview Input { background: $boost; }
    RevisionPreview Input:focus { background-tint: $accent 15%; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="preview-save"),
        Binding("escape", "back", "Back", id="preview-back"),
    ]

    def __init__(self, project: Project, criteria: Criteria, changes: list[Change],
                 warnings: list[BriefProblem], request_id: str | None,
                 reason: str = "") -> None:
        super().__init__()
        self.project = project
        self.criteria = criteria
        self.changes = changes
        self.warnings = warnings
        self.request_id = request_id
        self.reason = reason  # as typed; kept when escape goes back to the list

    @property
    def lang(self) -> str:
        """The UI language: the app's, else the project's."""
        return ui_language(self, self.project.lang)

    def compose(self) -> ComposeResult:
        """The title, the changes and stale verdicts (scrolling), the two fields, the keys."""
        lang = self.lang
        with Vertical(classes="dialog-frame"):
            yield Static(Content(t(lang, "preview.title",
                                   version=self.project.criteria_version + 1)),
                         classes="dialog-title")
            with VerticalScroll(id="preview-body"):
                yield Static(self._body(), id="preview-changes")
            yield ErrorLine(id="criteria-error")
            yield Label(t(lang, "editor.reason"))
            yield Input(self.reason, placeholder=t(lang, "editor.reason_placeholder"),
                        id="reason", compact=True)
            yield ErrorLine(id="reason-error")
            yield Label(t(lang, "preview.link"))
            yield Input(self.request_id or "", placeholder=t(lang, "preview.link_placeholder"),
                        id="request", compact=True)
            yield ErrorLine(id="request-error")
            yield Static(Content(t(lang, "preview.keys")), classes="keys")

    def on_mount(self) -> None:
        """The reason is the one thing left to type."""
        self.query_one("#reason", Input).focus()

    def _body(self) -> Content:
        """Per change ``ID  Was: … / Now: …``, then the requests whose verdicts turn stale.

        Item and request texts are client text: sanitised, assembled as plain parts.
        """
        lang = self.lang
        was, now = t(lang, "preview.was"), t(lang, "preview.now")
        width = max(len(was), len(now))
        parts: list[str | tuple[str, str]] = [(t(lang, "preview.changes") + "\n", "bold")]
        for change in self.changes:
            parts += [(f"  {change.id}\n", "bold"),
                      f"    {was:<{width}} ", (self._text(change.was), "$text-muted"), "\n",
                      f"    {now:<{width}} ", self._text(change.now), "\n"]
        stale = self.project.turning_stale(self.criteria)
        parts.append(("\n" + t(lang, "preview.stale", count=len(stale)) + "\n", "bold"))
        if not stale:
            parts.append(f"  {t(lang, 'preview.stale_none')}\n")
        for req in stale:
            parts += [(f"  {req.id:<6} ", "bold $warning"), clean_line(req.request), "\n"]
        return Content.assemble(*parts).rstrip()

    @staticmethod
    def _text(text: str | None) -> str:
        """An item's text as one sanitised line, or ``—`` when there is none."""
        return NONE if text is None else clean_line(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` in either field saves, like ``ctrl+s``."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Save one version through ``Project``; a refusal goes under its field, nothing saved."""
        for name in ("criteria", "reason", "request"):
            self.query_one(f"#{name}-error", ErrorLine).show(None)
        reason = self.query_one("#reason", Input).value.strip()
        linked = self.query_one("#request", Input).value.strip() or None
        before = self.project.criteria
        try:
            version = self.project.revise_criteria(self.criteria, reason, linked)
        except ReviewError as error:
            field = error.field if error.field in ("reason", "request") else "criteria"
            self.query_one(f"#{field}-error", ErrorLine).show(error.message(self.lang))
            if field != "criteria":
                self.query_one(f"#{field}", Input).focus()
            return
        warn_once(self.app, before, self.warnings, self.lang)
        self.dismiss(version)

    def action_back(self) -> None:
        """``escape``: back to the list; its edits, the reason and the link are kept."""
        self.reason = self.query_one("#reason", Input).value
        self.request_id = self.query_one("#request", Input).value.strip() or None
        self.dismiss(None)
