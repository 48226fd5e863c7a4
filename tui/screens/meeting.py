"""The meeting screen: criteria on the left, the running list and the highlighted request right.

State lives in reactives (``filter``, ``heading``) bound to the widgets that show it; the list
says which request is highlighted with a message; dialog flows are workers that await their
dialogs (``tui.typeahead.flow``); a watcher's StoreWatcher reads the store in a thread and
posts what changed; Textual's breakpoints swap the panels for a notice on terminals too small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reviewroom.store.errors import ReviewError
from reviewroom.store.home import command_reference
from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest, Decision, Listing, Meeting, Verdict
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.store.text import clean_line
from reviewroom.tui.keys import DECISION_KEYS, VERDICT_KEYS, localised
from reviewroom.tui.outcome import Outcome
from reviewroom.tui.typeahead import flow
from reviewroom.tui.widgets import (
    CriteriaPanel,
    DetailPane,
    KeysFooter,
    MeetingHeader,
    RequestsTable,
)
from reviewroom.tui.widgets.meeting_header import Heading
from reviewroom.tui.widgets.requests_table import RowState
from reviewroom.tui.widgets.store_watcher import StoreWatcher

if TYPE_CHECKING:
    from reviewroom.tui.app import ReviewApp

MIN_WIDTH, MIN_HEIGHT = 80, 24
# Decisions that rule 4 lets stand only with a text: a rejection's reason, an alternative's text.
NEEDS_TEXT = {Decision.REJECTED.value: "reason", Decision.ALTERNATIVE.value: "alternative"}
# Actions a watcher may use: none of them changes anything ("follow" is the f key of a later
# issue: following the newest request).
READ_ONLY_ACTIONS = frozenset({"filter", "help", "quit", "command_palette", "follow"})


class MeetingScreen(Screen[None]):
    """The live meeting. Every change goes through ``Project`` and is on disk before it shows."""

    READ_ONLY_ACTIONS = READ_ONLY_ACTIONS  # what tui.read_only lets a watcher run here
    # Below 80×24 the panels cannot fit: the screen gets -narrow or -short and app.tcss shows
    # the enlarge notice instead of a broken layout.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall")]

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

    # What the list shows; a new filter redraws the list and the header says it is on.
    filter: var[RequestFilter] = var(RequestFilter, init=False, always_update=True)
    # What the header says (bound to MeetingHeader.heading).
    heading: var[Heading] = var(Heading)

    def __init__(self, project: Project, *, read_only: bool = False) -> None:
        super().__init__()
        self.project = project
        self.read_only = read_only
        self.lang = project.lang
        # Requests captured or edited while a filter is on stay listed even when they do not
        # match it, so what was just saved never vanishes (and ``i`` acts on it); a new
        # filter starts from the filter alone.
        self._pinned: set[str] = set()
        self.meeting: Meeting | None = project.live_meeting
        self._stale: frozenset[str] = frozenset()
        self._listing: dict[str, Listing] = {}

    @property
    def review_app(self) -> ReviewApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Header, criteria beside the list and the detail pane, footer, and the size notice."""
        app = self.review_app
        self.lang = lang = app.lang
        header = MeetingHeader(lang, app.clock, id="header")
        yield header.data_bind(MeetingScreen.heading)
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
        self.query_one(MeetingHeader).set_class(self.read_only, "read-only")
        self.reload()
        self.query_one(RequestsTable).focus()
        if self.read_only:
            self.mount(StoreWatcher(self.project, self.lang))

    @on(StoreWatcher.Changed)
    def _writer_changed(self, event: StoreWatcher.Changed) -> None:
        """A watcher: show what the writer changed, and say when its meeting ended or began.

        When only requests changed (the usual save) just their rows are touched: rebuilding
        the list of a 10,000-request store froze the view for seconds after every save.
        """
        before, version = self.meeting, self.project.criteria_version
        requests = {req.id: req for req in self.project.requests()}
        self.project.adopt(event.snapshot)
        if self._watched_meeting() == before and self.project.criteria_version == version:
            self._follow_requests(r for r in self.project.requests() if requests.get(r.id) != r)
            return
        self.reload()
        after = self.meeting
        if before and before.is_live and after and after.id == before.id and not after.is_live:
            self.notify(t(self.lang, "tui.watch.ended", title=after.title), severity="warning")
        elif after and (before is None or after.id != before.id) and after.is_live:
            self.notify(t(self.lang, "tui.watch.new_meeting", title=after.title))

    # ------------------------------------------------------------------ drawing

    def reload(self) -> None:
        """Redraw all from the project: opening, filtering, revisions, a watcher's refresh."""
        project = self.project
        self.meeting = project.live_meeting if not self.read_only else self._watched_meeting()
        listed = self._meeting_requests()
        self._stale = frozenset(r.id for r in listed if project.is_stale(r))
        self.heading = self._heading()
        self.query_one(CriteriaPanel).show(project.criteria, project.criteria_version)
        rows = [(r, self._state(r)) for r in listed if self._shown(r)]
        self.query_one(RequestsTable).set_rows(rows)
        self._show_current()

    def watch_filter(self) -> None:
        """A new filter starts from the filter alone: nothing pinned, every row re-checked."""
        self._pinned.clear()
        self.reload()

    def _shown(self, req: ChangeRequest) -> bool:
        """Whether the list shows ``req``: it passes the filter, or was saved under it."""
        return req.id in self._pinned or self.filter.matches(req)

    def _watched_meeting(self) -> Meeting | None:
        """A watcher follows the live meeting, else shows the latest one."""
        return self.project.live_meeting or self.project.latest_meeting

    def _meeting_requests(self) -> list[ChangeRequest]:
        """The requests this meeting lists (carried over, brought back, raised), and why."""
        listing = self.project.meeting_listing(self.meeting) if self.meeting else []
        self._listing = {req.id: why for req, why in listing}
        return [req for req, _ in listing]

    def _heading(self) -> Heading:
        """Project, meeting, its start (while live), criteria version, filter, watch banner.

        A watcher's banner says LIVE only while the meeting it shows is live.
        """
        meeting = self.meeting
        live = meeting is not None and meeting.is_live
        banner = ""
        if self.read_only:
            banner = t(self.lang, "tui.read_only_banner" if live else "tui.read_only_banner_ended")
        title = meeting.title if meeting else t(self.lang, "tui.no_meeting")
        if meeting and not live:
            title = t(self.lang, "tui.meeting_ended", title=meeting.title)
        return Heading(
            project=self.project.criteria.title or self.project.slug,
            meeting=title,
            started_at=meeting.started_at if meeting and live else None,
            version=self.project.criteria_version,
            banner=banner,
            filter=self.filter,
        )

    def _state(self, req: ChangeRequest) -> RowState:
        """Markers of one row."""
        why = self._listing.get(req.id)
        return RowState(
            stale=req.id in self._stale,
            tone=bool(self.project.tone_warnings([req])),
            carried=self._carried(req),
            earlier=why is not None and why.is_earlier,
        )

    def _carried(self, req: ChangeRequest) -> bool:
        """Whether ``req`` came over from an earlier meeting into this one."""
        return bool(self.meeting and req.id in self.meeting.carried_over)

    def _remember(self, req: ChangeRequest) -> Listing | None:
        """Note whether a saved or followed request is stale, and why this meeting lists it
        (None: it does not)."""
        self._stale = (self._stale - {req.id}) | ({req.id} if self.project.is_stale(req) else set())
        why = self.project.listed_as(self.meeting, req) if self.meeting else None
        if why is None:
            self._listing.pop(req.id, None)
        else:
            self._listing[req.id] = why
        return why

    def put(self, req: ChangeRequest, *, select: bool = False) -> None:
        """Show one saved request: update its row in place and, if highlighted, the detail pane."""
        self._remember(req)
        table = self.query_one(RequestsTable)
        if not self.filter.matches(req):
            self._pinned.add(req.id)
        table.put(req, self._state(req))
        if select:
            table.select(req.id)
        self._show_current()

    def _follow_requests(self, changed: Iterable[ChangeRequest]) -> None:
        """A watcher: update, add or drop the rows of the requests the writer changed (the
        filter holds for them; the watcher pins nothing, it saves nothing)."""
        table = self.query_one(RequestsTable)
        for req in changed:
            if self._remember(req) is None or not self._shown(req):
                table.drop(req.id)
            else:
                table.put(req, self._state(req))
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

    @on(RequestsTable.Highlighted)
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

    async def _form(
        self,
        req: ChangeRequest | None,
        focus: str = "request",
        preset: dict[str, Any] | None = None,
        error: ReviewError | None = None,
    ) -> None:
        """In a flow: the request form; whatever it saved is shown and highlighted."""
        from reviewroom.tui.screens.request_form import RequestForm

        form = localised(RequestForm, self.lang)
        saved = await self.app.push_screen_wait(
            form(self.project, req, focus_field=focus, preset=preset, error=error))
        if saved is not None:
            self.put(saved, select=True)
            self.notify(t(self.lang, "tui.saved", id=saved.id), timeout=2)

    edit_flow = flow(_form)

    def action_new_request(self) -> None:
        """``n``: capture a request (enter in the Request field saves at once)."""
        if self.project.live_meeting is None:
            self.notify(t(self.lang, "meeting.none_live"), severity="error")
            return
        self.edit_flow(None)

    def action_edit(self) -> None:
        """``enter``: edit the highlighted request."""
        if self.current is not None:
            self.edit_flow(self.current)

    def action_edit_intent(self) -> None:
        """``i``: edit the highlighted request with the cursor in Intent."""
        if self.current is not None:
            self.edit_flow(self.current, focus="intent")

    def action_verdict(self) -> None:
        """``v`` then c/x/u/p: judge the highlighted request."""
        rid = self.query_one(RequestsTable).current_id
        if rid is not None:
            self.judge_flow(rid, "verdict", VERDICT_KEYS)

    def action_decision(self) -> None:
        """``d`` then a/r/f/l/o: decide about the highlighted request."""
        rid = self.query_one(RequestsTable).current_id
        if rid is not None:
            self.judge_flow(rid, "decision", DECISION_KEYS)

    @flow
    async def judge_flow(self, rid: str, field: str,
                         keys: Iterable[tuple[str, Verdict | Decision]]) -> None:
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
            await self._form(req, focus=error.field or "request", preset=values, error=error)
            return
        self.put(saved)
        self.notify(t(self.lang, "tui.saved", id=saved.id), timeout=2)

    def action_revise(self) -> None:
        """``c``: revise the criteria, offering to link the request highlighted at the key."""
        self.revise_flow(self.query_one(RequestsTable).current_id)

    @flow
    async def revise_flow(self, current: str | None) -> None:
        """The criteria editor; stale verdicts light up at once and the count is said."""
        from reviewroom.tui.screens.criteria_editor import CriteriaEditor

        version = await self.app.push_screen_wait(
            localised(CriteriaEditor, self.lang)(self.project, current)
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
