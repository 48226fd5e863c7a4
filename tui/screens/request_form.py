"""The request form: capture a change request, or edit one, in the order DESIGN.md §8 gives."""

from __future__ import annotations

import re
from typing import Any

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import EDITABLE_FIELDS, ChangeRequest, Criteria, Decision, Verdict
from reviewroom.store.project import Project
from reviewroom.store.rules import TONE_FIELDS, find_phrases
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import block, line, shown
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.error_line import ErrorLine

# Fields edited with a Select; every other field is a one-line Input.
SELECT_FIELDS = {"verdict": Verdict, "decision": Decision}
# Inputs that complete names from the meeting's attendees.
NAME_FIELDS = ("by", "owner")
# "R1, B2", "r1 b2" and "R1;B2" all name the same two criteria.
CRITERIA_SPLIT = re.compile(r"[\s,;]+")


def split_criteria(text: str) -> list[str]:
    """The criterion IDs typed in the criteria field, upper-cased, without duplicates.

    Spaces and semicolons separate IDs as well as commas, so ``r1 b2`` is as good as ``R1, B2``;
    whether each ID exists is the project's rule to check, not the form's.
    """
    ids = (part.upper() for part in CRITERIA_SPLIT.split(text) if part)
    return list(dict.fromkeys(ids))


def field_text(value: Any) -> str:
    """A stored or preset field value as the text an Input or Select shows."""
    if value is None:
        return ""
    if isinstance(value, Verdict | Decision):
        return value.value
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def completion(value: str, names: list[str]) -> str | None:
    """The attendee name the suggester shows for ``value`` (case-insensitive prefix), if any."""
    folded = value.casefold()
    if not folded:
        return None
    return next((n for n in names if n.casefold().startswith(folded) and n != value), None)


class RequestForm(Dialog[ChangeRequest | None]):
    """Capture or edit one change request; returns the saved request, or None when cancelled.

    Keys: ``tab``/``shift+tab`` move; ``ctrl+s`` saves from any field; ``enter`` saves from any
    field too — in Request that is the fast capture (intent can follow later), and in the other
    fields a facilitator who has just typed the last thing expects enter to finish, as in any
    form; on Verdict or Decision as well, as the form's hint says (``space`` opens the list and
    ``enter`` in the open list picks). ``escape`` cancels. A refused rule shows its message under
    the field it names, focuses that field and keeps everything typed.

    Criteria are typed as IDs ("R1, B2", or "r1 b2") rather than ticked in a SelectionList: the
    IDs are short and shown on the hint line under the field, so typing two or three characters
    per criterion beats arrowing through every item and pressing space, keeps the field a single
    tab stop, and reads the same as the CLI's ``--criteria R1,B2``.

    Args:
        project: the open project (the live meeting's attendees feed the name suggestions).
        request: the request to edit, or None for a new one.
        focus_field: the field the cursor starts in.
        preset: values laid over the request, e.g. a chooser's refused choice; they are saved
            even when equal to the stored value, since the facilitator chose them explicitly.
        error: a refusal to show at its field when the form opens.
    """

    DEFAULT_CSS = """
    RequestForm > .dialog-frame { width: 96%; max-width: 100; }
    RequestForm #form-body { height: auto; max-height: 1fr; }
    RequestForm .row { height: auto; }
    RequestForm .field-label { width: 21; color: $text-muted; }
    RequestForm .field-label.-current { color: $accent; text-style: bold; }
    RequestForm .field { width: 1fr; height: auto; }
    RequestForm .field Input, RequestForm .field Select > SelectCurrent { background: $boost; }
    RequestForm .field Input:focus, RequestForm .field Select:focus {
        background-tint: $accent 15%;
    }
    RequestForm .hint { color: $text-muted; }
    RequestForm #form-tone { color: $warning; display: none; }
    RequestForm .-shown { display: block !important; }
    """
    # Priority bindings run as the key is dispatched, before the next key of a burst: text typed
    # right after tab lands in the field tab moved to, and keys after enter/esc reach the meeting
    # screen (see tui/typeahead.py). An open Select list keeps its own keys (SkipAction).
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("enter", "save", "Save", show=False, id="form-enter", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel", priority=True),
        Binding("tab", "next_field", "Next field", show=False, id="form-next", priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, id="form-previous",
                priority=True),
    ]

    def __init__(
        self,
        project: Project,
        request: ChangeRequest | None,
        *,
        focus_field: str = "request",
        preset: dict[str, Any] | None = None,
        error: ReviewError | None = None,
    ) -> None:
        super().__init__()
        self.project = project
        self.request = request
        self.focus_field = focus_field
        self.preset = dict(preset or {})
        self.error = error
        self.names = self._attendee_names()
        # After a refusal at the verdict (a stale verdict cannot be accepted), saving again
        # with the verdict shown counts as judging it again against the current criteria.
        self._rejudge = error is not None and error.field == "verdict"

    @property
    def lang(self) -> str:
        """The UI language: the app's, else the project's."""
        return ui_language(self, self.project.lang)

    def _attendee_names(self) -> list[str]:
        """Names for the Requested-by and Owner suggestions, from the live meeting."""
        live = self.project.live_meeting
        return [shown(person.name) for person in live.attendees] if live else []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Title, one labelled row per field, tone and error lines, the keys."""
        lang = self.lang
        title = t(lang, "form.title_edit", id=self.request.id) if self.request else t(
            lang, "form.title_new")
        with Vertical(classes="dialog-frame"):
            yield Static(line(title), classes="dialog-title")
            with VerticalScroll(id="form-body", can_focus=False):
                for name in EDITABLE_FIELDS:
                    yield from self._row(name)
            yield Static("", id="form-tone")
            yield ErrorLine(id="form-error")
            yield Static(Content(t(lang, "form.keys")), classes="keys")

    def _row(self, name: str) -> ComposeResult:
        """Label left, the field right with its hint and its (hidden) error line below."""
        with Horizontal(classes="row", id=f"row-{name}"):
            yield Label(t(self.lang, f"field.{name}"), classes="field-label")
            with Vertical(classes="field"):
                yield self._widget(name)
                if name == "criteria":
                    yield Static("", id="criteria-hint", classes="hint")
                yield ErrorLine(id=f"error-{name}", classes="field-error")

    def _initial(self, name: str) -> str:
        """A field's starting text: the stored request, then the preset laid over it.

        Sanitised, as a one-line field shows it; saving it untouched keeps the stored text.
        """
        if name in self.preset:
            return shown(field_text(self.preset[name]))
        return shown(field_text(getattr(self.request, name))) if self.request else ""

    def _widget(self, name: str) -> Widget:
        """The Input or Select of one field, with its catalog placeholder."""
        value = self._initial(name)
        if name in SELECT_FIELDS:
            options = [(t(self.lang, f"{name}.{v.value}"), v.value) for v in SELECT_FIELDS[name]]
            legal = [v for _, v in options]
            value = value.strip().lower()
            # A preset the Select does not know (a typo in a caller) must not crash the form.
            return Select(options, value=value if value in legal else legal[0], allow_blank=False,
                          compact=True, id=f"field-{name}")
        suggester = SuggestFromList(self.names, case_sensitive=False) if name in NAME_FIELDS \
            else None
        return Input(value, placeholder=self._placeholder(name), suggester=suggester,
                     compact=True, id=f"field-{name}")

    def _placeholder(self, name: str) -> str:
        """The grey prompt of an Input; Intent's is the neutral question of DESIGN.md §8."""
        return t(self.lang, f"form.placeholder.{name}")

    def on_mount(self) -> None:
        """Show the criteria hint, any refusal passed in, and put the cursor where asked."""
        self._update_criteria_hint()
        self._update_tone()
        if self.error is not None:
            self._show_error(self.error)
        else:
            self._focus(self.focus_field)

    # ------------------------------------------------------------------ live hints

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Light up the label of the field with the cursor: compact fields show focus faintly.

        (A class on the label rather than ``:focus-within`` on the row, whose descendants'
        styles Textual does not refresh when the pseudo-class changes.)
        """
        row = next((node for node in event.widget.ancestors_with_self if node.has_class("row")),
                   None)
        for label in self.query(".field-label"):
            label.set_class(row is not None and label.parent is row, "-current")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Keep the criteria hint and the tone warning in step with what is typed."""
        name = (event.input.id or "").removeprefix("field-")
        if name == "criteria":
            self._update_criteria_hint()
        if name in TONE_FIELDS:
            self._update_tone()

    def _update_criteria_hint(self) -> None:
        """List the current IDs; the typed ones stand out and unknown ones show as errors."""
        typed = split_criteria(self._input("criteria").value)
        hint = criteria_hint(self.project.criteria, typed, t(self.lang, "form.criteria_hint"))
        self.query_one("#criteria-hint", Static).update(hint)

    def _update_tone(self) -> None:
        """Rule 6 as a non-blocking warning line: loaded or blaming words in the free text."""
        lines = [
            t(self.lang, "tui.detail.tone", field=t(self.lang, f"field.{name}"), phrase=phrase)
            for name in TONE_FIELDS
            for phrase in find_phrases(self._input(name).value, self.project.lang)
        ]
        tone = self.query_one("#form-tone", Static)
        tone.update(block("\n".join(lines)))
        tone.set_class(bool(lines), "-shown")

    # ------------------------------------------------------------------ saving

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` is the form's own binding; a stray Submitted must not save twice."""
        event.stop()

    def _list_open(self) -> bool:
        """Whether a Select's list is open: then enter, esc and tab are the list's keys."""
        focused = self.focused
        return focused is not None and any(
            isinstance(node, Select) and node.expanded for node in focused.ancestors_with_self
        )

    def action_next_field(self) -> None:
        """``tab``: the next field, at once (so the keys typed next land there)."""
        if self._list_open():
            raise SkipAction()
        self.focus_next()

    def action_previous_field(self) -> None:
        """``shift+tab``: the previous field, at once."""
        if self._list_open():
            raise SkipAction()
        self.focus_previous()

    def action_save(self) -> None:
        """Store the request through the project; a refusal stays in the form at its field."""
        if self._list_open():
            raise SkipAction()
        self._complete_name()
        self._clear_errors()
        try:
            saved = self._store(self.values())
        except ReviewError as error:
            self._rejudge = self._rejudge or error.field == "verdict"
            self._show_error(error)
            return
        self.dismiss(saved)

    def _complete_name(self) -> None:
        """On save, take the suggestion the focused name field is showing (see ``_left_name``)."""
        if isinstance(self.focused, Input):
            self._take_suggestion(self.focused)

    @on(Input.Blurred)
    def _left_name(self, event: Input.Blurred) -> None:
        """Leaving Requested by or Owner takes the attendee name drawn as a suggestion.

        The suggestion is drawn in the field, so what the facilitator sees when they press tab,
        enter or ctrl+s after "Da" is "Dana Whitfield" — and that is what gets saved.
        """
        self._take_suggestion(event.input)

    def _take_suggestion(self, field: Input) -> None:
        """Complete a name field to the attendee name its value is a prefix of."""
        if field.id not in {f"field-{name}" for name in NAME_FIELDS}:
            return
        name = completion(field.value, self.names)
        if name is not None:
            field.value = name

    def values(self) -> dict[str, Any]:
        """Every field as the project's API takes it."""
        values: dict[str, Any] = {}
        for name in EDITABLE_FIELDS:
            if name in SELECT_FIELDS:
                values[name] = str(self.query_one(f"#field-{name}", Select).value)
            elif name == "criteria":
                values[name] = split_criteria(self._input(name).value)
            else:
                values[name] = self._kept(name, self._input(name).value.strip())
        return values

    def _kept(self, name: str, typed: str) -> str:
        """The stored text of a field whose sanitised form was left as shown, else ``typed``."""
        if self.request is None or name in self.preset:
            return typed
        stored = field_text(getattr(self.request, name))
        return stored.strip() if typed == shown(stored).strip() else typed

    def _store(self, values: dict[str, Any]) -> ChangeRequest:
        """Add a new request, or update only what changed (so the history says what was edited).

        Raises:
            ReviewError: a refused rule or a bad value.
        """
        if self.request is None:
            text = values.pop("request")
            return self.project.add_request(text, **{k: v for k, v in values.items()
                                                     if v and not _is_default(k, v)})
        changes = {k: v for k, v in values.items()
                   if k in self.preset or _differs(getattr(self.request, k), v)}
        if self._rejudge:
            changes["verdict"] = values["verdict"]
        if not changes:
            return self.request
        return self.project.update_request(self.request.id, **changes)

    def action_cancel(self) -> None:
        """Leave without saving anything (esc in an open list only closes the list)."""
        if self._list_open():
            raise SkipAction()
        self.dismiss(None)

    # ------------------------------------------------------------------ errors and focus

    def _clear_errors(self) -> None:
        """Hide the previous refusal before trying again."""
        for error_line in self.query(ErrorLine):
            error_line.show(None)

    def _show_error(self, error: ReviewError) -> None:
        """Show the message under the field it names (or on the form line) and focus there."""
        name = error.field if error.field in EDITABLE_FIELDS else None
        where = f"#error-{name}" if name else "#form-error"
        self.query_one(where, ErrorLine).show(error.message(self.lang))
        self._focus(name or self.focus_field)

    def _focus(self, name: str) -> None:
        """Put the cursor in field ``name`` (Request when the name is not a field)."""
        target = name if name in EDITABLE_FIELDS else "request"
        widget = self.query_one(f"#field-{target}")
        self.set_focus(widget)  # at once, not after a refresh: the next key typed goes there
        widget.scroll_visible()

    def _input(self, name: str) -> Input:
        """The Input of a text field."""
        return self.query_one(f"#field-{name}", Input)


def criteria_hint(criteria: Criteria, typed: list[str], label: str) -> Content:
    """``Criteria: P1 R1 B1 …`` with the typed IDs reversed and unknown typed IDs in $error."""
    known = list(criteria.by_id())
    parts: list[str | tuple[str, str]] = [label, " "]
    for cid in known:
        parts += [(cid, "reverse bold" if cid in typed else ""), " "]
    for cid in typed:
        if cid not in known:
            parts += [(f"{cid}?", "bold $error"), " "]
    return Content.assemble(*parts)


def _is_default(name: str, value: Any) -> bool:
    """A new request starts pending and open: passing those again would add nothing."""
    defaults: dict[str, str] = {"verdict": Verdict.PENDING.value, "decision": Decision.OPEN.value}
    return name in defaults and defaults[name] == value


def _differs(stored: Any, value: Any) -> bool:
    """Whether a form value changes the stored one (ignoring surrounding spaces and None/"")."""
    if isinstance(value, list):
        return list(stored or ()) != value
    return bool(field_text(stored).strip() != value)
