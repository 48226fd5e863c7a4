"""The meeting screen: criteria on the left, the running list and the highlighted request right."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from reviewroom.store.errors import ReviewError
from reviewroom.store.home import default_home
from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest, Decision, Listing, Meeting, Verdict
from reviewroom.store.project import Project
from reviewroom.store.repository import Snapshot
from reviewroom.store.request_filter import RequestFilter
from reviewroom.store.text import clean_line
from reviewroom.tui.keys import localised
from reviewroom.tui.outcome import Outcome
from reviewroom.tui.widgets import (
    CriteriaPanel,
    DetailPane,
    KeysFooter,
    MeetingHeader,
    RequestsTable,
)
from reviewroom.tui.widgets.requests_table import RowState

if TYPE_CHECKING:
    from reviewroom.store.model import CriteriaVersion
    from reviewroom.tui.app import ReviewApp

MIN_WIDTH, MIN_HEIGHT = 80, 24
WATCH_INTERVAL = 0.5  # seconds between a watcher's checks: changes show well within a second

# The verdict and decision choosers: key, value.
VERDICT_KEYS = (
    ("c", Verdict.CONSISTENT),
    ("x", Verdict.INCONSISTENT),
    ("u", Verdict.UNCLEAR),
    ("p", Verdict.PENDING),
)
DECISION_KEYS = (
    ("a", Decision.ACCEPTED),
    ("r", Decision.REJECTED),
    ("f", Decision.DEFERRED),
    ("l", Decision.ALTERNATIVE),
    ("o", Decision.OPEN),
)
# Actions a watcher may use: none of them changes anything ("follow" is the f key of a later
# issue: following the newest request).
READ_ONLY_ACTIONS = frozenset({"filter", "help", "quit", "command_palette", "follow"})


def describe_filter(chosen: RequestFilter, lang: str) -> str:
    """The filter as the header shows it (``filter: “red flag”, unclear``); empty when off."""
    parts = []
    if chosen.text:
        parts.append(t(lang, "tui.header.filter_text", text=" ".join(chosen.text.split())))
    if chosen.verdict is not None:
        parts.append(t(lang, f"verdict.{chosen.verdict.value}"))
    if chosen.decision is not None:
        parts.append(t(lang, f"decision.{chosen.decision.value}"))
    return t(lang, "tui.header.filter", what=", ".join(parts)) if parts else ""


def export_reference(folder: Path) -> str:
    """How to name the project in a ``reviewroom export`` the facilitator can paste.

    The slug when the project lives in the default home (``REVIEWROOM_HOME`` or the user data
    folder), which is how most projects are opened; otherwise its folder, which works whatever
    ``--home`` the app was started with.
    """
    if folder.parent.resolve() == default_home().expanduser().resolve():
        return folder.name
    return shlex.quote(str(folder))


class MeetingScreen(Screen[None]):
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
        Binding("e", "export", "Export", id="export", priority=True),
        Binding("question_mark", "help", "Help", id="help", priority=True),
        Binding("q", "quit", "Quit", id="quit", priority=True),
        # Textual adds ctrl+p with an English "palette" for the footer; this one is translated.
        Binding("ctrl+p", "app.command_palette", "palette", show=False, id="palette",
                priority=True),
    ]

    def __init__(self, project: Project, *, read_only: bool = False) -> None:
        super().__init__()
        self.project = project
        self.read_only = read_only
        self.lang = project.lang
        self.filter = RequestFilter()
        # Requests captured or edited while a filter is on stay listed even when they do not
        # match it, so what was just saved never vanishes (and ``i`` acts on it); a new
        # filter starts from the filter alone.
        self._pinned: set[str] = set()
        self.meeting: Meeting | None = project.live_meeting
        self._stale: frozenset[str] = frozenset()
        self._listing: dict[str, Listing] = {}
        self._warned = ""
        self._reading: Worker[Snapshot | ReviewError | None] | None = None  # a watcher's read

    @property
    def review_app(self) -> ReviewApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Header, criteria beside the list and the detail pane, footer, and the size notice."""
        lang = self.review_app.lang
        self.lang = lang
        yield MeetingHeader(lang, id="header")
        with Horizontal(id="main"):
            yield CriteriaPanel(lang, id="criteria")
            with Vertical(id="right"):
                yield RequestsTable(lang, id="requests")
                yield DetailPane(lang, id="detail")
        yield Static(
            t(lang, "tui.too_small", width=MIN_WIDTH, height=MIN_HEIGHT),
            id="too-small",
            markup=False,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        """Fill every panel from the project and focus the list."""
        header = self.query_one(MeetingHeader)
        header.set_class(self.read_only, "read-only")
        self.reload()
        self.query_one(RequestsTable).focus()
        self._fit(self.app.size.width, self.app.size.height)
        if self.read_only:
            self.set_interval(WATCH_INTERVAL, self._follow)

    def _follow(self) -> None:
        """A watcher's tick: read the store off the UI thread when the writer changed it.

        One ``stat`` per tick when nothing changed. A large store is parsed in a thread, so the
        view keeps answering keys while it loads; one reading at a time (a tick that finds one
        still running waits for the next).
        """
        if self._reading is not None and not self._reading.is_finished:
            return
        self._reading = self.run_worker(self._read_changes, name="watch", thread=True,
                                        exit_on_error=False)

    def _read_changes(self) -> Snapshot | ReviewError | None:
        """In the worker's thread: what the writer changed, or the error reading it (not raised,
        so the view reports it and goes on)."""
        try:
            return self.project.read_changes()
        except ReviewError as error:
            return error

    @on(Worker.StateChanged)
    def _changes_read(self, event: Worker.StateChanged) -> None:
        """Back on the UI thread: show what the worker read and say what happened.

        A damaged or half-replaced file is reported once and retried on the next tick rather
        than ending the view.
        """
        if event.worker is not self._reading or event.state is not WorkerState.SUCCESS:
            return
        result = event.worker.result
        if isinstance(result, ReviewError):
            self._warn_once(result.message(self.lang))
            return
        self._warned = ""
        if result is None:
            return
        before = self.meeting
        self.project.adopt(result)
        self.reload()
        after = self.meeting
        if before and before.is_live and after and after.id == before.id and not after.is_live:
            self.notify(t(self.lang, "tui.watch.ended", title=after.title), severity="warning")
        elif after and (before is None or after.id != before.id) and after.is_live:
            self.notify(t(self.lang, "tui.watch.new_meeting", title=after.title))

    def _warn_once(self, message: str) -> None:
        """Show a watcher's problem once, not every tick."""
        if message != self._warned:
            self._warned = message
            self.notify(message, severity="error", markup=False)

    def on_resize(self) -> None:
        """Below 80×24 the panels cannot fit: say so instead of drawing a broken layout."""
        self._fit(self.app.size.width, self.app.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Show either the panels or the enlarge notice."""
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.query_one("#main").display = not small
        self.query_one("#too-small").display = small

    # ------------------------------------------------------------------ drawing

    def reload(self) -> None:
        """Redraw all from the project: opening, filtering, revisions, a watcher's refresh."""
        project = self.project
        self.meeting = project.live_meeting if not self.read_only else self._watched_meeting()
        listed = self._meeting_requests()
        self._stale = frozenset(r.id for r in listed if project.is_stale(r))
        self._draw_header()
        self.query_one(CriteriaPanel).show(project.criteria, project.criteria_version)
        rows = [(r, self._state(r)) for r in listed if self._shown(r)]
        table = self.query_one(RequestsTable)
        table.set_rows(rows)
        self._show_current()

    def _shown(self, req: ChangeRequest) -> bool:
        """Whether the list shows ``req``: it passes the filter, or was saved under it."""
        return req.id in self._pinned or self.filter.matches(req)

    def _watched_meeting(self) -> Meeting | None:
        """A watcher follows the live meeting, else shows the latest one."""
        meetings = self.project.meetings()
        return self.project.live_meeting or (meetings[-1] if meetings else None)

    def _meeting_requests(self) -> list[ChangeRequest]:
        """The requests this meeting lists (carried over, brought back, raised), and why."""
        listing = self.project.meeting_listing(self.meeting) if self.meeting else []
        self._listing = {req.id: why for req, why in listing}
        return [req for req, _ in listing]

    def _draw_header(self) -> None:
        """Project, meeting, elapsed time, criteria version, the filter (and the watch banner).

        A watcher's banner says LIVE only while the meeting it shows is live.
        """
        meeting = self.meeting
        banner = ""
        if self.read_only:
            live = meeting is not None and meeting.is_live
            banner = t(self.lang, "tui.read_only_banner" if live else "tui.read_only_banner_ended")
        header = self.query_one(MeetingHeader)
        header.set_filter(describe_filter(self.filter, self.lang))
        title = meeting.title if meeting else t(self.lang, "tui.no_meeting")
        if meeting and not meeting.is_live:
            title = t(self.lang, "tui.meeting_ended", title=meeting.title)
        header.set_state(
            self.project.criteria.title or self.project.slug,
            title,
            meeting.started_at if meeting and meeting.is_live else None,
            self.project.criteria_version,
            banner,
        )

    def _state(self, req: ChangeRequest) -> RowState:
        """Markers of one row."""
        tone = bool(self.project.tone_warnings([req]))
        why = self._listing.get(req.id)
        return RowState(
            stale=req.id in self._stale,
            tone=tone,
            carried=self._carried(req),
            earlier=why is not None and why.is_earlier,
        )

    def _carried(self, req: ChangeRequest) -> bool:
        """Whether ``req`` came over from an earlier meeting into this one."""
        return self.meeting is not None and req.id in self.meeting.carried_over

    def put(self, req: ChangeRequest, *, select: bool = False) -> None:
        """Show one saved request: update its row in place and, if highlighted, the detail pane."""
        self._stale = (self._stale - {req.id}) | ({req.id} if self.project.is_stale(req) else set())
        why = self.project.listed_as(self.meeting, req) if self.meeting else None
        if why is None:
            self._listing.pop(req.id, None)
        else:
            self._listing[req.id] = why
        table = self.query_one(RequestsTable)
        if not self.filter.matches(req):
            self._pinned.add(req.id)
        table.put(req, self._state(req))
        if select:
            table.select(req.id)
        self._show_current()

    def _show_current(self) -> None:
        """Show the highlighted request in the detail pane and its criteria in the panel."""
        req = self.current
        detail = self.query_one(DetailPane)
        panel = self.query_one(CriteriaPanel)
        if req is None:
            detail.show(None, self.project.criteria)
            panel.highlight(())
            return
        detail.show(
            req,
            self.project.criteria,
            stale=req.id in self._stale,
            carried=self._carried(req),
            tone=self.project.tone_warnings([req]),
            listing=self._listing.get(req.id),
        )
        panel.highlight(req.criteria)

    @property
    def current(self) -> ChangeRequest | None:
        """The highlighted request (read fresh from the project)."""
        rid = self.query_one(RequestsTable).current_id
        return self.project.request(rid) if rid else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        """Moving the cursor shows that request."""
        self._show_current()

    @on(DataTable.RowSelected)
    async def _selected(self) -> None:
        """``enter`` on a row (or a click on the highlighted one) edits it, as the action would,
        so a read-only session refuses it like the key."""
        await self.run_action("edit")

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A watcher gets only the keys that change nothing."""
        return not (self.read_only and action not in READ_ONLY_ACTIONS)

    def _open_form(
        self,
        req: ChangeRequest | None,
        focus: str = "request",
        preset: dict[str, Any] | None = None,
        error: ReviewError | None = None,
    ) -> None:
        """Open the request form; whatever it saved is shown and highlighted."""
        from reviewroom.tui.screens.request_form import RequestForm

        form = localised(RequestForm, self.lang)(
            self.project, req, focus_field=focus, preset=preset, error=error
        )
        self.app.push_screen(form, self._saved)

    def _saved(self, req: ChangeRequest | None) -> None:
        """After the form: the saved request becomes the highlighted one."""
        if req is not None:
            self.put(req, select=True)
            self.notify(t(self.lang, "tui.saved", id=req.id), timeout=2)

    def action_new_request(self) -> None:
        """``n``: capture a request (enter in the Request field saves at once)."""
        if self.project.live_meeting is None:
            self.notify(t(self.lang, "meeting.none_live"), severity="error")
            return
        self._open_form(None)

    def action_edit(self) -> None:
        """``enter``: edit the highlighted request."""
        if self.current is not None:
            self._open_form(self.current)

    def action_edit_intent(self) -> None:
        """``i``: edit the highlighted request with the cursor in Intent."""
        if self.current is not None:
            self._open_form(self.current, focus="intent")

    def action_verdict(self) -> None:
        """``v`` then c/x/u/p: judge the highlighted request."""
        self._choose("verdict", VERDICT_KEYS)

    def action_decision(self) -> None:
        """``d`` then a/r/f/l/o: decide about the highlighted request."""
        self._choose("decision", DECISION_KEYS)

    def _choose(self, field: str, keys: Iterable[tuple[str, Verdict | Decision]]) -> None:
        """Show a one-key chooser for ``field`` and apply the choice."""
        req = self.current
        if req is None:
            return
        from reviewroom.tui.screens.choice import ChoiceDialog

        options = [
            (key, value.value, t(self.lang, f"{field}.{value.value}")) for key, value in keys
        ]
        title = t(self.lang, f"tui.choose.{field}", id=req.id)
        self.app.push_screen(
            ChoiceDialog(title, options), lambda value: self._chosen(req.id, field, value)
        )

    def _chosen(self, rid: str, field: str, value: str | None) -> None:
        """Apply a chosen verdict or decision, asking for the text a rule needs first."""
        if value is None:
            return
        req = self.project.request(rid)
        needs_text = value in (Decision.REJECTED.value, Decision.ALTERNATIVE.value)
        if field == "decision" and needs_text and not req.alternative.strip():
            self._ask_decision_text(req, value)
            return
        self._apply(req, {field: value})

    def _ask_decision_text(self, req: ChangeRequest, decision: str) -> None:
        """Rule 4: a rejection needs its reason, an alternative its text — ask, then save both."""
        from reviewroom.tui.screens.text_prompt import TextPrompt

        key = "reason" if decision == Decision.REJECTED.value else "alternative"
        prompt = TextPrompt(
            t(self.lang, f"tui.prompt.{key}", id=req.id), t(self.lang, f"tui.prompt.{key}_hint")
        )
        self.app.push_screen(
            prompt,
            lambda text: (
                self._apply(req, {"decision": decision, "alternative": text})
                if text is not None
                else None
            ),
        )

    def _apply(self, req: ChangeRequest, values: dict[str, Any]) -> None:
        """Save ``values``; a refused rule opens the form at the field, keeping the choice."""
        try:
            saved = self.project.update_request(req.id, **values)
        except ReviewError as error:
            self._open_form(req, focus=error.field or "request", preset=values, error=error)
            return
        self.put(saved)
        self.notify(t(self.lang, "tui.saved", id=saved.id), timeout=2)

    def action_revise(self) -> None:
        """``c``: revise the criteria; stale verdicts light up at once."""
        from reviewroom.tui.screens.criteria_editor import CriteriaEditor

        current = self.current
        editor = localised(CriteriaEditor, self.lang)(self.project, current.id if current else None)
        self.app.push_screen(editor, self._revised)

    def _revised(self, version: CriteriaVersion | None) -> None:
        """Redraw everything after a revision and say how many verdicts need re-checking."""
        if version is None:
            return
        self.reload()
        self.notify(
            t(self.lang, "tui.revised", version=version.number, stale=len(self._stale)),
            severity="warning" if self._stale else "information",
        )

    def action_attendees(self) -> None:
        """``t``: edit the live meeting's attendees."""
        from reviewroom.tui.screens.attendees import AttendeesDialog

        self.app.push_screen(
            localised(AttendeesDialog, self.lang)(self.project), self._attendees_saved
        )

    def _attendees_saved(self, meeting: Meeting | None) -> None:
        """The attendees are saved; keep our copy of the meeting current."""
        if meeting is not None:
            self.meeting = meeting

    def action_filter(self) -> None:
        """``/``: filter the list by text, verdict and decision."""
        from reviewroom.tui.screens.filter import FilterDialog

        self.app.push_screen(localised(FilterDialog, self.lang)(self.filter), self._filtered)

    def _filtered(self, chosen: RequestFilter | None) -> None:
        """Apply a new filter (None: the dialog was cancelled)."""
        if chosen is not None:
            self.filter = chosen
            self._pinned.clear()
            self.reload()

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

    def action_help(self) -> None:
        """``?``/``f1``: every key, from the bindings themselves."""
        from reviewroom.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.lang, self.active_bindings_list()))

    def active_bindings_list(self) -> list[Binding]:
        """The screen's bindings (translated), which the help screen and the palette list.

        The palette's own key is left out: the help has a line for it, and the palette need
        not offer to open itself.
        """
        return [b for b in type(self).BINDINGS if isinstance(b, Binding) and b.id != "palette"]

    def action_quit(self) -> None:
        """``q``: leave; the meeting stays live and everything is already saved."""
        self.app.exit()

    def action_end_meeting(self) -> None:
        """From the palette: end the meeting after a confirmation."""
        from reviewroom.tui.screens.confirm import ConfirmDialog

        if self.project.live_meeting is None:
            return
        self.app.push_screen(ConfirmDialog(t(self.lang, "tui.confirm_end")), self._end_confirmed)

    def _end_confirmed(self, confirmed: bool | None) -> None:
        """End the meeting and leave, telling the facilitator how to export."""
        if not confirmed:
            return
        try:
            meeting = self.project.end_meeting()
        except ReviewError as error:
            self.notify(error.message(self.lang), severity="error")
            return
        project = export_reference(self.project.path)
        self.app.exit(Outcome(message=t(self.lang, "tui.ended", id=meeting.id,
                                        title=clean_line(meeting.title), project=project)))

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every action for the command palette, in the meeting's language."""
        for binding in self.active_bindings_list():
            if self.check_action(binding.action, ()):
                yield SystemCommand(
                    binding.description,
                    t(self.lang, f"help.{binding.id}"),
                    self._runner(binding.action),
                )
        if not self.read_only and self.project.live_meeting is not None:
            yield SystemCommand(
                t(self.lang, "key.end"), t(self.lang, "help.end"), self.action_end_meeting
            )

    def _runner(self, action: str) -> Callable[[], Any]:
        """The screen's action for the palette to run, through the app's guard like a key."""
        return partial(self.run_action, action)
