"""The meeting screen's keys and dialog flows, over ``MeetingView`` (what the panels show),
``FollowingView`` (presenter mode: a watcher follows the writer's cursor) and ``AgendaView``
(imported comments waiting to be discussed).

Every change goes through ``Project`` and is on disk before it shows; dialog flows are workers
that await their dialogs (``tui.typeahead.flow``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding

from reviewroom.store.errors import ReviewError
from reviewroom.store.home import command_reference
from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest, Decision, Verdict
from reviewroom.store.text import clean_line
from reviewroom.tui import one_layout
from reviewroom.tui.keys import chooser_hints, decision_keys, localised, verdict_keys
from reviewroom.tui.outcome import Outcome
from reviewroom.tui.screens.agenda import AgendaView
from reviewroom.tui.screens.meeting_view import MIN_HEIGHT, MIN_WIDTH
from reviewroom.tui.typeahead import flow
from reviewroom.tui.widgets import CriteriaPanel, DetailPane, KeysFooter, RequestsTable

if TYPE_CHECKING:  # built the first time it opens (with TextArea), never to paint the screen
    from reviewroom.tui.widgets.request_form import RequestForm

__all__ = ["MIN_HEIGHT", "MIN_WIDTH", "MeetingScreen"]

# Decisions that rule 4 lets stand only with a text: a rejection's reason, an alternative's text.
NEEDS_TEXT = {Decision.REJECTED.value: "reason", Decision.ALTERNATIVE.value: "alternative"}
# Actions a watcher may use: none of them changes anything ("follow" is the f key of presenter
# mode: follow the writer's cursor, or stop; a writer has no use for it; "agenda_next" only
# moves the cursor; "report" only reads).
READ_ONLY_ACTIONS = frozenset({"filter", "help", "quit", "command_palette", "follow",
                               "agenda_next", "report"})
# Seconds after a writer's meeting screen is mounted before its request form is built ahead (the
# 0.15 s of CPU a dozen fields cost), so the first ``n`` only shows it; late enough to leave the
# first paint alone.
FORM_AHEAD_DELAY = 1.0



class MeetingScreen(AgendaView):
    """The live meeting. Every change goes through ``Project`` and is on disk before it shows."""

    READ_ONLY_ACTIONS = READ_ONLY_ACTIONS  # what tui.read_only lets a watcher run here

    # Priority bindings: Textual runs them as the key is dispatched, so keys typed right after
    # (``n`` and the request at once, over SSH) go to the screen the key opened (tui/typeahead).
    BINDINGS = [
        Binding("n", "new_request", "New", id="new", priority=True),
        Binding("enter", "edit", "Edit", show=False, id="edit", priority=True),
        Binding("i", "edit_intent", "Intent", id="intent", priority=True),
        Binding("v", "verdict", "Verdict", id="verdict", priority=True),
        Binding("d", "decision", "Decision", id="decision", priority=True),
        Binding("c", "revise", "Criteria", id="revise", priority=True),
        Binding("t", "attendees", "Attendees", id="attendees", priority=True),
        Binding("slash", "filter", "Filter", id="filter", priority=True),
        Binding("f", "follow", "Follow", id="follow", priority=True),
        Binding("e", "export", "Export", id="export", priority=True),
        Binding("a", "agenda_next", "Agenda", id="agenda", priority=True),
        Binding("m", "agenda_discussed", "Discussed", id="discussed", priority=True),
        Binding("r", "report", "Report", id="report", priority=True),
        Binding("question_mark", "help", "Help", id="help", priority=True),
        Binding("q", "quit", "Quit", id="quit", priority=True),
        # Textual adds ctrl+p with an English "palette" for the footer; this one is translated.
        Binding("ctrl+p", "app.command_palette", "palette", show=False, id="palette",
                priority=True),
    ]

    # At 80 columns the footer keeps n, ? and q first, then the judging keys; the rest are in
    # the help (which names them) and the command palette.
    FOOTER_PRIORITY = ("new", "help", "quit", "verdict", "decision", "filter", "intent",
                       "export", "revise", "attendees", "agenda", "discussed", "report")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A watcher gets only the keys that change nothing, and only a watcher follows; while
        the request form is open, the screen's keys are the form's text (``n``, ``q`` and ``?``
        are letters there); the agenda keys only while the meeting has imported comments."""
        if self.editing:
            return False
        if action == "follow":
            return self.read_only
        if action.startswith("agenda_") and not self.has_agenda:
            return False
        return not (self.read_only and action not in READ_ONLY_ACTIONS)

    async def open_form(
        self,
        req: ChangeRequest | None,
        focus: str = "request",
        preset: dict[str, Any] | None = None,
        error: ReviewError | None = None,
    ) -> None:
        """The docked request form, in place of the detail pane; the criteria stay in sight.

        The cursor is in the form when this returns (the key's action awaits it, and typed-ahead
        keys wait for the action), so keys typed right after land there.
        """
        form = await self._form_ready()
        self._show_detail(False)
        self.query_one(RequestsTable).can_focus = False  # the cursor stays in the form
        form.open(req, self._form_closed, focus_field=focus, preset=preset, error=error)
        one_layout.ask_now(self)  # one layout for all it showed and hid

    def _show_detail(self, shown: bool) -> None:
        """The detail pane gives its place to the form, and takes it back (the footer follows
        the cursor: it shows the form's keys while the form has it).

        Set on the widget itself rather than as a class on the screen: a screen class
        restyles every widget under it (about 300), twice per request captured.
        """
        self.query_one(DetailPane).display = shown

    def on_mount(self) -> None:
        """A writer's form is built a moment after the screen is up, not by the first ``n``."""
        self._form_lock = asyncio.Lock()
        if self.builds_form_ahead:
            self.set_timer(FORM_AHEAD_DELAY, self._form_ready)

    @property
    def builds_form_ahead(self) -> bool:
        """A writer's screen in a terminal builds its form ahead. A headless app (the Pilot
        tests) has nobody waiting on its first ``n``: a third of the suite's meeting screens
        live past the delay and would each pay for a form they never open (4% more CPU)."""
        return not self.read_only and not self.app.is_headless

    async def _form_ready(self) -> RequestForm:
        """The form, built the first time it is asked for: ahead, or by an ``n`` pressed before
        that; whichever comes second waits for the first rather than building another."""
        async with self._form_lock:
            if self.form is None:
                await self._build_form()
        assert self.form is not None
        return self.form

    async def _build_form(self) -> None:
        """Mount the form after the detail pane (it takes the pane's place when open), hidden."""
        from reviewroom.tui.widgets.request_form import RequestForm  # not to paint the screen

        panel = self.query_one(CriteriaPanel)
        form = localised(RequestForm, self.lang)(self.project, self.lang, panel, id="form")
        await self.mount(form, after=self.query_one(DetailPane))
        # The list's and the panel's scrollbars are styled now rather than at the first focus
        # change, the first ``n``: Textual styles a scrollbar at its parent's first restyle, and
        # its new rules asked for a layout of the screen of their own.
        for view in (self.query_one(RequestsTable), panel):
            self.app.update_styles(view)
        self.form = form  # only now: the form's fields exist

    def on_resize(self) -> None:
        """Back from the too-small notice (which hid the panels and took the cursor): the cursor
        goes back where it was."""
        self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        """The open form's field gets the cursor again, its text untouched; else the list, whose
        keys (up, down, home, end) did nothing until a form was opened and closed."""
        if self.focused is not None or self.too_small:
            return
        if self.form is not None and self.form.is_open:
            self.form.refocus()
            return
        table = self.query_one(RequestsTable)
        if table.can_focus:
            self.set_focus(table)

    def on_request_form_long_text_wanted(self, event: RequestForm.LongTextWanted) -> None:
        """``ctrl+o`` in the form: the field in a large editor; its text goes back into it."""
        from reviewroom.tui.screens.long_text import LongTextDialog

        form = self.form
        if form is None:
            return
        dialog = LongTextDialog(event.title, event.text, multiline=event.multiline, lang=self.lang)
        self.app.push_screen(dialog, lambda text: form.took_long_text(event.name, text))

    def _form_closed(self, saved: ChangeRequest | None) -> None:
        """The form saved or was cancelled: the list gets the cursor back, on what was saved."""
        self._show_detail(True)
        table = self.query_one(RequestsTable)
        table.can_focus = True
        self.set_focus(table)
        if saved is None:
            self._show_current()
        else:
            self.put(saved, select=True)
        one_layout.ask_now(self)  # one layout for all it showed and hid
        if saved is not None:
            self.notify(t(self.lang, "tui.saved", id=saved.id), timeout=2)

    async def action_new_request(self) -> None:
        """``n``: capture a request (enter in the Request field saves at once)."""
        if self.project.live_meeting is None:
            self.notify(t(self.lang, "meeting.none_live"), severity="error")
            return
        await self.open_form(None)

    async def action_edit(self) -> None:
        """``enter``: edit the highlighted request."""
        if self.current is not None:
            await self.open_form(self.current)

    async def action_edit_intent(self) -> None:
        """``i``: edit the highlighted request with the cursor in Intent."""
        if self.current is not None:
            await self.open_form(self.current, focus="intent")

    def action_verdict(self) -> None:
        """``v`` then a verdict's key (``tui.keys.verdict_keys``): judge the highlighted request."""
        rid = self.query_one(RequestsTable).current_id
        if rid is not None:
            self.judge_flow(rid, "verdict", verdict_keys(self.lang))

    def action_decision(self) -> None:
        """``d`` then a decision's key (``tui.keys.decision_keys``): decide about the highlighted
        request."""
        rid = self.query_one(RequestsTable).current_id
        if rid is not None:
            self.judge_flow(rid, "decision", decision_keys(self.lang))

    @flow
    async def judge_flow(self, rid: str, field: str,
                         keys: Iterable[tuple[tuple[str, ...], Verdict | Decision]]) -> None:
        """A one-key chooser for ``field`` of request ``rid`` (the one highlighted at the key: a
        click that arrives before the chooser opens does not change it); a decision that needs
        a text asks for it (rule 4) before anything is saved, so a cancelled prompt changes
        nothing."""
        from reviewroom.tui.screens.choice import ChoiceDialog
        from reviewroom.tui.screens.text_prompt import TextPrompt

        options = [(k, value.value, t(self.lang, f"{field}.{value.value}")) for k, value in keys]
        title = t(self.lang, f"tui.choose.{field}", id=rid)
        value = await self.app.push_screen_wait(ChoiceDialog(title, options))
        if value is None:
            return
        req = self.project.request(rid)
        values: dict[str, Any] = {field: value}
        key = NEEDS_TEXT.get(value) if field == "decision" else None
        if key and not req.alternative.strip():
            prompt = TextPrompt(t(self.lang, f"tui.prompt.{key}", id=rid),
                                t(self.lang, f"tui.prompt.{key}_hint"))
            text = await self.app.push_screen_wait(prompt)
            if text is None:
                return
            values["alternative"] = text
        await self._save(req, values)

    async def _save(self, req: ChangeRequest, values: dict[str, Any]) -> None:
        """In a flow: save; a refused rule opens the form at the field, keeping the choice."""
        try:
            saved = self.project.update_request(req.id, **values)
        except ReviewError as error:
            await self.open_form(req, focus=error.field or "request", preset=values, error=error)
            return
        self.put(saved)
        self.notify(t(self.lang, "tui.saved", id=saved.id), timeout=2)

    def action_revise(self) -> None:
        """``c``: revise the criteria, offering to link the request highlighted at the key."""
        self.revise_flow(self.query_one(RequestsTable).current_id)

    @flow
    async def revise_flow(self, current: str | None) -> None:
        """The criteria item list (its ``r`` opens the brief's text); stale verdicts light up
        at once and the count is said."""
        from reviewroom.tui.screens.criteria_revision import CriteriaRevision

        version = await self.app.push_screen_wait(
            localised(CriteriaRevision, self.lang)(self.project, current)
        )
        if version is None:
            return
        self.reload()
        self.notify(
            t(self.lang, "tui.revised", version=version.number, stale=len(self._stale)),
            severity="warning" if self._stale else "information",
        )

    @flow
    async def action_attendees(self) -> None:
        """``t``: edit the live meeting's attendees; keep our copy of the meeting current."""
        from reviewroom.tui.screens.attendees import AttendeesDialog

        dialog = localised(AttendeesDialog, self.lang)(self.project)
        meeting = await self.app.push_screen_wait(dialog)
        if meeting is not None:
            self.meeting = meeting

    @flow
    async def action_filter(self) -> None:
        """``/``: filter the list by text, verdict and decision (cancel keeps the filter)."""
        from reviewroom.tui.screens.filter import FilterDialog

        chosen = await self.app.push_screen_wait(localised(FilterDialog, self.lang)(self.filter))
        if chosen is not None:
            self.filter = chosen

    def action_export(self) -> None:
        """``e``: write the minutes of this meeting and say where, with any tone warnings."""
        from reviewroom.store.minutes import (
            describe_tone_warning,
            export_minutes,
            tone_warnings_for,
        )

        if self.meeting is None:
            return
        try:
            path = export_minutes(self.project, self.meeting, "md", lang=self.lang)
        except ReviewError as error:
            self.notify(error.message(self.lang), severity="error", markup=False)
            return
        warnings = tone_warnings_for(self.project, self.meeting)
        lines = [t(self.lang, "tui.exported", path=str(path))]
        lines += [describe_tone_warning(w, self.lang) for w in warnings]
        self.notify(
            "\n".join(lines),
            severity="warning" if warnings else "information",
            timeout=8,
            markup=False,
        )

    def action_report(self) -> None:
        """``r``: the criteria-health report over all meetings, as of the app's today."""
        from reviewroom.tui.screens.report import ReportScreen

        today = self.review_app.clock().date()
        self.app.push_screen(localised(ReportScreen, self.lang)(self.project, self.lang, today))

    def action_help(self) -> None:
        """``?``/``f1``: every key, from the bindings themselves."""
        from reviewroom.tui.screens.help import HelpScreen

        dropped = self.query_one("#keys", KeysFooter).dropped
        self.app.push_screen(HelpScreen(self.lang, self.active_bindings_list(), dropped))

    def active_bindings_list(self) -> list[Binding]:
        """The screen's bindings (translated), which the help screen and the palette list.

        The palette's own key is left out: the help has a line for it, and the palette need
        not offer to open itself.
        """
        return [b for b in type(self).BINDINGS if isinstance(b, Binding) and b.id != "palette"
                and (b.id != "follow" or self.read_only)]

    def action_quit(self) -> None:
        """``q``: leave; the meeting stays live and everything is already saved."""
        self.app.exit()

    @flow
    async def action_end_meeting(self) -> None:
        """From the palette: confirm, end the meeting and leave, saying how to export."""
        from reviewroom.tui.screens.confirm import ConfirmDialog

        if self.project.live_meeting is None:
            return
        if not await self.app.push_screen_wait(ConfirmDialog(t(self.lang, "tui.confirm_end"))):
            return
        try:
            meeting = self.project.end_meeting()
        except ReviewError as error:
            self.notify(error.message(self.lang), severity="error")
            return
        project = command_reference(self.project.path)
        self.app.exit(Outcome(message=t(self.lang, "tui.ended", id=meeting.id,
                                        title=clean_line(meeting.title), project=project)))

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every action for the command palette, in the meeting's language."""
        for binding in self.active_bindings_list():
            if self.check_action(binding.action, ()):
                yield SystemCommand(
                    binding.description,
                    t(self.lang, f"help.{binding.id}", **chooser_hints(self.lang)),
                    self._runner(binding.action),
                )
        if not self.read_only and not self.editing and self.project.live_meeting is not None:
            yield SystemCommand(
                t(self.lang, "key.end"), t(self.lang, "help.end"), self.action_end_meeting
            )

    def _runner(self, action: str) -> Callable[[], Any]:
        """The screen's action for the palette to run, through the app's guard like a key."""
        return partial(self.run_action, action)
