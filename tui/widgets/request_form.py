"""The request form, docked in the meeting screen where the detail pane was.

A modal form covered the criteria panel exactly when criteria had to be picked. Docked, the form
takes the place of the detail pane while the criteria stay in sight: typed IDs tick the panel's
items as they are typed, and ``tab`` from the Criteria field walks into the panel as a checklist.
The form is built once (a moment after a writer's screen is up in a terminal, else on the first
``n``) and shown on ``n``/``enter``/``i``, so the cursor is in its field the moment the key is
handled (keys typed right after land there). Labels and fields are cells of one grid (``_row``).

Field order is DESIGN.md §8's, then Where (the place in the course; last, so the keys counted up
to the decision stay as measured). Request, by, intent, criteria, owner, due and where are one
line: ``enter`` saves from them (and from the verdict and decision, one key each); in the note and
the alternative ``enter`` is a new line, ``ctrl+s`` saves; ``ctrl+o`` opens a large editor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import EDITABLE_FIELDS, ChangeRequest, Decision, Verdict
from reviewroom.store.project import Project
from reviewroom.store.rules import TONE_FIELDS, find_phrases
from reviewroom.store.text import clean_text
from reviewroom.tui.form_values import (
    DEFAULTS,
    completion,
    differs,
    field_text,
    is_default,
    split_criteria,
)
from reviewroom.tui.keys import choices
from reviewroom.tui.plain import block, line, shown
from reviewroom.tui.widgets.choice_field import ChoiceField
from reviewroom.tui.widgets.criteria_panel import CriteriaPanel
from reviewroom.tui.widgets.error_line import ErrorLine
from reviewroom.tui.widgets.static_text import show_if_changed

# Fields that take one value by one key; the note and the alternative take several lines.
CHOICE_FIELDS = {"verdict": Verdict, "decision": Decision}
TEXT_AREA_FIELDS = ("note", "alternative")
# Inputs that complete names from the meeting's attendees.
NAME_FIELDS = ("by", "owner")
# Where ``tab`` goes: the criteria panel (as a checklist) comes right after the Criteria field.
PANEL = "panel"
TAB_ORDER = (*EDITABLE_FIELDS[:4], PANEL, *EDITABLE_FIELDS[4:])

Done = Callable[[ChangeRequest | None], None]


class RequestForm(Vertical):
    """Capture or edit one change request in place; ``open`` shows it, ``done`` hears the end.

    Keys: ``tab``/``shift+tab`` move (through the criteria checklist after Criteria);
    ``enter`` saves from a one-line field or a chooser, ``ctrl+s`` from anywhere; ``ctrl+o``
    opens the field in a large editor; ``escape`` cancels. A refused rule shows its message
    under the field it names, focuses that field and keeps everything typed.
    """

    DEFAULT_CSS = """
    RequestForm { display: none; height: 1fr; border: round $accent; padding: 0 1;
                  border-title-color: $accent; border-title-style: bold; }
    RequestForm #form-body { height: 1fr; scrollbar-size-vertical: 1; layout: grid;
                             grid-size: 2; grid-columns: 14 1fr; grid-rows: auto; }
    RequestForm .field-label { width: 14; color: $text-muted; }
    RequestForm .field-label.-current { color: $accent; text-style: bold; }
    RequestForm .under { column-span: 2; margin-left: 14; }
    RequestForm #form-body Input { background: $boost; }
    RequestForm #form-body Input:focus { background-tint: $accent 15%; }
    RequestForm #form-body TextArea { height: 3; min-height: 3; max-height: 3; background: $boost; }
    RequestForm #criteria-hint { display: none; }
    RequestForm #criteria-hint.-shown { display: block; }
    RequestForm #form-tone { color: $warning; display: none; }
    RequestForm #form-tone.-shown { display: block; }
    RequestForm #form-keys { color: $text-muted; }
    """
    # Priority bindings run as the key is dispatched, before the next key of a burst: text typed
    # right after tab lands in the field tab moved to, and keys after enter/esc reach the list
    # (see tui/typeahead.py). The meeting screen's own keys are off while the form is open.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("enter", "submit", "Save", show=False, id="form-enter", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel", priority=True),
        Binding("tab", "next_field", "Next field", show=False, id="form-next", priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, id="form-previous",
                priority=True),
        Binding("ctrl+o", "long_text", "Long text", id="form-long", priority=True),
    ]

    class LongTextWanted(Message):
        """``ctrl+o``: open field ``name`` (titled ``title``) in a large editor."""

        def __init__(self, name: str, title: str, text: str, multiline: bool) -> None:
            super().__init__()
            self.name, self.title, self.text, self.multiline = name, title, text, multiline

    def __init__(self, project: Project, lang: str, panel: CriteriaPanel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.project = project
        self.lang = lang
        self.panel = panel
        self.request: ChangeRequest | None = None
        self.preset: dict[str, Any] = {}
        self.names: list[str] = []
        self._done: Done | None = None
        # After a refusal at the verdict (a stale verdict cannot be accepted), saving again
        # with the verdict shown counts as judging it again against the current criteria.
        self._rejudge = False
        self._last_field = "request"  # the field the cursor was last in

    @property
    def is_open(self) -> bool:
        """Whether the form is showing (the meeting screen's keys are off meanwhile)."""
        return self._done is not None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """One labelled row per field, the tone and error lines, the keys."""
        with VerticalScroll(id="form-body", can_focus=False):
            for name in EDITABLE_FIELDS:
                yield from self._row(name)
        yield Static("", id="form-tone")
        yield ErrorLine(id="form-error")
        yield Static("", id="form-keys")

    def _row(self, name: str) -> ComposeResult:
        """Label left, the field right, its (hidden) error line below the field.

        Cells of the form body's two-column grid, not a row container each: the form is built
        the first time ``n`` is pressed, and every widget less is that first ``n`` faster (27
        widgets fewer than rows of label and field containers).
        """
        yield Label(t(self.lang, f"field.{name}"), classes="field-label", id=f"label-{name}")
        yield self._widget(name)
        if name == "criteria":
            yield Static("", id="criteria-hint", classes="hint under")
        yield ErrorLine(id=f"error-{name}", classes="field-error under")

    def _widget(self, name: str) -> Widget:
        """The field of one name, empty: ``open`` fills it."""
        if name in CHOICE_FIELDS:
            options = [(keys, value.value, t(self.lang, f"{name}.{value.value}"))
                       for keys, value in choices(name, self.lang)]
            return ChoiceField(options, options[0][1], id=f"field-{name}")
        placeholder = t(self.lang, f"form.placeholder.{name}")
        if name in TEXT_AREA_FIELDS:
            return TextArea(compact=True, soft_wrap=True, placeholder=placeholder,
                            id=f"field-{name}")
        suggester = SuggestFromList([], case_sensitive=False) if name in NAME_FIELDS else None
        box = Input(placeholder=placeholder, suggester=suggester, compact=True, id=f"field-{name}")
        # followed as its text changes, in the key's own frame (its Changed came a frame later)
        self.watch(box, "value", lambda _value: self._typed(name), init=False)
        return box

    # ------------------------------------------------------------------ opening and closing

    def open(self, request: ChangeRequest | None, done: Done, *, focus_field: str = "request",
             preset: dict[str, Any] | None = None, error: ReviewError | None = None) -> None:
        """Fill the form for ``request`` (None: a new one), show it and put the cursor in place.

        Everything happens before this returns, so a key typed right after lands in the field.
        ``preset`` lays values over the request (a chooser's refused choice: saved even when
        equal to the stored value); ``error`` is a refusal to show at its field.
        """
        self.request, self._done = request, done
        self.preset = dict(preset or {})
        self._rejudge = error is not None and error.field == "verdict"
        self.names = self._attendee_names()
        self.border_title = line(t(self.lang, "form.title_edit", id=request.id) if request
                                 else t(self.lang, "form.title_new"))
        for name in EDITABLE_FIELDS:
            self._fill(name, self._initial(name))
        self._clear_errors()
        self.query_one("#form-body").scroll_home(animate=False, immediate=True)
        self.display = True
        self.panel.start_ticking(split_criteria(self._input("criteria").value), self)
        self._update_tone()
        if error is not None:
            self._show_error(error)
        else:
            self._focus(focus_field)

    def _attendee_names(self) -> list[str]:
        """Names for the Requested-by and Owner suggestions, from the live meeting."""
        live = self.project.live_meeting
        names = [shown(person.name) for person in live.attendees] if live else []
        for name in NAME_FIELDS:
            self._input(name).suggester = SuggestFromList(names, case_sensitive=False)
        return names

    def _initial(self, name: str) -> str:
        """A field's starting text: the stored request, then the preset laid over it.

        Sanitised as the field shows it; saving it untouched keeps the stored text.
        """
        source = self.preset[name] if name in self.preset else (
            getattr(self.request, name) if self.request else None)
        text = field_text(source)
        if name in CHOICE_FIELDS and not text:
            return DEFAULTS[name]  # a new request starts pending and open
        return clean_text(text) if name in TEXT_AREA_FIELDS else shown(text)

    def _fill(self, name: str, text: str) -> None:
        """Put ``text`` into field ``name``, whatever kind of field it is."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, ChoiceField):
            widget.value = text.strip().lower() if text.strip().lower() in {
                value for _, value, _ in widget.options} else widget.options[0][1]
        elif isinstance(widget, TextArea):
            widget.load_text(text)
        elif isinstance(widget, Input):
            widget.value = text
            widget.cursor_position = len(text)

    def close(self, saved: ChangeRequest | None) -> None:
        """Hide the form and hand the outcome to whoever opened it."""
        done, self._done = self._done, None
        self.display = False
        self.panel.stop_ticking()
        if done is not None:
            done(saved)

    # ------------------------------------------------------------------ live hints

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Light up the label of the field with the cursor and say which keys work there."""
        self._cursor_in(event.widget)

    def _cursor_in(self, widget: Widget) -> None:
        """The field ``widget`` has the cursor: its label lit, its keys in the key line (also
        called as the form puts the cursor there, so both are in the frame that moves it, not
        in a layout of their own after the focus event)."""
        name = (widget.id or "").removeprefix("field-")
        for label in self.query(".field-label"):
            label.set_class(label.id == f"label-{name}", "-current")
        self._show_keys("form.keys_multiline" if isinstance(widget, TextArea) else "form.keys")
        self._last_field = name

    def refocus(self) -> None:
        """Give the cursor back to the field it was in (after the too-small notice hid the
        form and took it), with the text as it was."""
        if self.is_open and self.screen.focused is None:
            self._focus(self._last_field)

    def _show_keys(self, key: str) -> None:
        """The key line for where the cursor is: in the note and the alternative enter is a new
        line; in the checklist the arrows and space work."""
        self._update("#form-keys", line(t(self.lang, key)))

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        """The note and the alternative: their text is no reactive to follow."""
        self._typed((event.control.id or "").removeprefix("field-"))

    def _typed(self, name: str) -> None:
        """Keep the panel's ticks and the tone warning in step with what is typed (not while
        ``open`` fills the hidden form: it brings both up to date once it shows it)."""
        if not self.display:
            return
        if name == "criteria" and self.is_open:
            self._update_criteria()
        if name in TONE_FIELDS:
            self._update_tone()

    def _update_criteria(self) -> None:
        """Tick the typed IDs in the panel; unknown ones show under the field as errors."""
        self.panel.tick(split_criteria(self._input("criteria").value))
        unknown = self._unknown_criteria()
        hint = Content.assemble(*[(f"{cid}? ", "bold $error") for cid in unknown])
        self._update("#criteria-hint", hint)
        self.query_one("#criteria-hint").set_class(bool(unknown), "-shown")

    def _unknown_criteria(self) -> list[str]:
        """The IDs typed in the Criteria field that the brief does not have."""
        known = self.project.criteria.by_id()
        return [cid for cid in split_criteria(self._input("criteria").value) if cid not in known]

    def set_criteria(self, ids: list[str]) -> None:
        """The checklist changed the ticks: write them into the Criteria field, keeping any
        typed ID the brief does not have (the save refuses it, saying which)."""
        unknown = self._unknown_criteria()
        self._input("criteria").value = ", ".join([*ids, *unknown])

    def _update_tone(self) -> None:
        """Rule 6 as a non-blocking warning line: loaded or blaming words in the free text."""
        lines = [
            t(self.lang, "tui.detail.tone", field=t(self.lang, f"field.{name}"), phrase=phrase)
            for name in TONE_FIELDS
            for phrase in find_phrases(self._text(name), self.project.lang)
        ]
        self._update("#form-tone", block("\n".join(lines)))
        self.query_one("#form-tone").set_class(bool(lines), "-shown")

    def _update(self, selector: str, content: Content) -> None:
        """Show ``content`` in a line of the form unless it shows it already (the tone line,
        the criteria hint and the key line: see tui/widgets/static_text.py)."""
        show_if_changed(self.query_one(selector, Static), content)

    # ------------------------------------------------------------------ moving

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` is the form's own binding; a stray Submitted must not save twice."""
        event.stop()

    def action_next_field(self) -> None:
        """``tab``: the next field (after Criteria, the panel's checklist), at once."""
        self._step(1)

    def action_previous_field(self) -> None:
        """``shift+tab``: the previous field, at once."""
        self._step(-1)

    def _step(self, delta: int) -> None:
        """Move the cursor ``delta`` places along the tab order, wrapping around."""
        here = self._current_field()
        index = TAB_ORDER.index(here) if here in TAB_ORDER else 0
        self.focus_field(TAB_ORDER[(index + delta) % len(TAB_ORDER)])

    def leave_checklist(self, forward: bool) -> None:
        """``tab``/``shift+tab`` in the checklist: on to Verdict, or back to Criteria."""
        self.focus_field(TAB_ORDER[TAB_ORDER.index(PANEL) + (1 if forward else -1)])

    def focus_field(self, name: str) -> None:
        """Put the cursor in ``name`` (or in the panel's checklist)."""
        if name == PANEL:
            self._update_criteria()  # what was typed just now, before the checklist reads it
            self.panel.enter_checklist()
            self._show_keys("form.checklist_keys")
        else:
            self._focus(name, select=True)

    def _current_field(self) -> str | None:
        """The field the cursor is in, if any."""
        focused = self.screen.focused
        if focused is self.panel:
            return PANEL
        return (focused.id or "").removeprefix("field-") if focused is not None else None

    # ------------------------------------------------------------------ saving

    def action_submit(self) -> None:
        """``enter``: save, except in the note and the alternative (a new line there)."""
        if isinstance(self.screen.focused, TextArea):
            raise SkipAction()
        self.action_save()

    def action_save(self) -> None:
        """Store the request through the project; a refusal stays in the form at its field."""
        self._complete_name()
        self._clear_errors()
        try:
            saved = self._store(self.values())
        except ReviewError as error:
            self._rejudge = self._rejudge or error.field == "verdict"
            self._show_error(error)
            return
        self.close(saved)

    def action_cancel(self) -> None:
        """Leave without saving anything."""
        self.close(None)

    def action_long_text(self) -> None:
        """``ctrl+o``: ask for the field with the cursor in a large editor (the screen opens it:
        widgets never import screens); ``took_long_text`` brings the text back."""
        name = self._current_field()
        if name is None or name not in EDITABLE_FIELDS or name in CHOICE_FIELDS:
            return
        self.post_message(self.LongTextWanted(name, t(self.lang, f"field.{name}"),
                                              self._text(name), name in TEXT_AREA_FIELDS))

    def took_long_text(self, name: str, text: str | None) -> None:
        """Back from the large editor: the field gets its text, and the cursor."""
        if text is not None:
            self._fill(name, text)
        self._focus(name)

    def _complete_name(self) -> None:
        """On save, take the suggestion the focused name field is showing."""
        if isinstance(self.screen.focused, Input):
            self._take_suggestion(self.screen.focused)

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
            if name in CHOICE_FIELDS:
                values[name] = self.query_one(f"#field-{name}", ChoiceField).value
            elif name == "criteria":
                values[name] = split_criteria(self._text(name))
            else:
                values[name] = self._kept(name, self._text(name).strip())
        return values

    def _kept(self, name: str, typed: str) -> str:
        """The stored text of a field whose sanitised form was left as shown, else ``typed``."""
        if self.request is None or name in self.preset:
            return typed
        stored = field_text(getattr(self.request, name))
        clean = clean_text if name in TEXT_AREA_FIELDS else shown
        return stored.strip() if typed == clean(stored).strip() else typed

    def _store(self, values: dict[str, Any]) -> ChangeRequest:
        """Add a new request, or update only what changed (so the history says what was edited).

        Raises:
            ReviewError: a refused rule or a bad value.
        """
        if self.request is None:
            text = values.pop("request")
            return self.project.add_request(text, **{k: v for k, v in values.items()
                                                     if v and not is_default(k, v)})
        changes = {k: v for k, v in values.items()
                   if k in self.preset or differs(getattr(self.request, k), v)}
        if self._rejudge:
            changes["verdict"] = values["verdict"]
        if not changes:
            return self.request
        return self.project.update_request(self.request.id, **changes)

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
        self._focus(name or "request")

    def _focus(self, name: str, *, select: bool = False) -> None:
        """Put the cursor in field ``name`` (Request when the name is not a field).

        ``tab`` and ``shift+tab`` select the field's text, as in any form (typing replaces it);
        opening the form, a refusal and coming back to a field put the cursor at the end of the
        text instead: typing on must add to a stored request's text, not replace it.
        """
        target = name if name in EDITABLE_FIELDS else "request"
        widget = self.query_one(f"#field-{target}")
        if isinstance(widget, Input) and not select:
            widget.select_on_focus = False  # for this focus only: back on after its Focus event
        self.screen.set_focus(widget)  # at once, not after a refresh: the next key goes there
        self._cursor_in(widget)
        if isinstance(widget, Input) and not select:
            widget.call_later(setattr, widget, "select_on_focus", True)
        self.call_after_refresh(self._show_field, target)

    def _show_field(self, name: str) -> None:
        """Scroll field ``name`` and its refusal line into sight, once they are laid out: the
        line below first, then the field (so a field taller than the view shows its top)."""
        error = self.query_one(f"#error-{name}")
        if error.display:
            error.scroll_visible(animate=False, immediate=True)
        self.query_one(f"#field-{name}").scroll_visible(animate=False, immediate=True)
        self._last_field = name

    def _input(self, name: str) -> Input:
        """The Input of a one-line text field."""
        return self.query_one(f"#field-{name}", Input)

    def _text(self, name: str) -> str:
        """The text of a one-line or multi-line field."""
        widget = self.query_one(f"#field-{name}")
        return widget.text if isinstance(widget, TextArea) else self._input(name).value
