"""What the meeting screen shows: criteria on the left, the running list and the highlighted
request right (its keys and dialog flows are in ``tui/screens/meeting.py``).

State lives in reactives (``filter``, ``heading``) bound to the widgets that show it; the list
says which request is highlighted with a message; dialog flows are workers that await their
dialogs (``tui.typeahead.flow``); a watcher's StoreWatcher reads the store in a thread and
posts what changed; Textual's breakpoints swap the panels for a notice on terminals too small.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.reactive import Reactive, var
from textual.widget import Widget
from textual.widgets import Static

from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest, Listing, Meeting
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui import gc_policy
from reviewroom.tui.keys import localised
from reviewroom.tui.one_layout import OneLayoutScreen
from reviewroom.tui.widgets import (
    CriteriaPanel,
    DetailPane,
    KeysFooter,
    MeetingHeader,
    RequestsTable,
)
from reviewroom.tui.widgets.meeting_header import Heading
from reviewroom.tui.widgets.requests_table import RowState

if TYPE_CHECKING:
    from reviewroom.store.repository import Snapshot
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.widgets.request_form import RequestForm
    from reviewroom.tui.widgets.store_watcher import StoreWatcher

MIN_WIDTH, MIN_HEIGHT = 80, 24


class MeetingView(OneLayoutScreen):
    """The meeting's panels and what they show; ``MeetingScreen`` adds the keys that change it."""

    # Below 80×24 the panels cannot fit: the screen gets -narrow or -short and app.tcss shows
    # the enlarge notice instead of a broken layout.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall")]

    # What the list shows; a new filter redraws the list and the header says it is on.
    filter: var[RequestFilter] = var(RequestFilter, init=False, always_update=True)
    # What the header says (bound to MeetingHeader.heading).
    heading: var[Heading] = var(Heading)
    # Binding ids, most needed first: what the footer keeps when the line is short.
    FOOTER_PRIORITY: tuple[str, ...] = ()
    # Textual's screen repaints itself whole whenever the cursor moves to another widget (its
    # ``focused`` is a repainting reactive): a full frame at every tab, ``n`` and save. The two
    # widgets whose focus changed restyle and redraw themselves (``Widget.has_focus``), so
    # nothing else needs drawing (tests/app/test_frames.py checks the cells on the terminal).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

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
        # The docked request form, built a moment after a writer's screen is up or on the first
        # ``n`` before that (a watcher never has one): its dozen fields would otherwise double
        # what opening the screen costs.
        self.form: RequestForm | None = None

    @property
    def review_app(self) -> ReviewApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Header, footer, criteria beside the list and the detail pane, and the size notice
        when the terminal is too small already.

        No layout containers: app.tcss splits the header's line, the footer's and the criteria
        panel's column off the screen (splits are taken in the children's order, so the footer
        comes before the panel), and the list and the detail pane (or the request form, mounted
        after it) share the rest from the top. Two containers drew their blank lines under
        the panels and were composed, mounted and styled, each in a round of its own.
        """
        app = self.review_app
        self._size_classes()
        self.lang = lang = app.lang
        header = MeetingHeader(lang, app.clock, id="header")
        yield header.data_bind(MeetingView.heading)
        yield KeysFooter(self.FOOTER_PRIORITY, id="keys")
        yield localised(CriteriaPanel, lang)(lang, checklist=not self.read_only, id="criteria")
        table = RequestsTable(lang, id="requests")
        # It gets the cursor as the screen mounts (_focus_now): styled as focused from its first
        # styling, it is not styled a second time for the focus before the first frame.
        table.set_reactive(Widget.has_focus, True)
        yield table
        yield DetailPane(lang, id="detail")
        if self.too_small:
            yield self._notice()

    def _notice(self) -> Static:
        """The enlarge notice, shown by app.tcss below 80×24. Made only once the terminal is
        that small (at opening or at a resize): a terminal that size is rare, and the notice
        was the screen's one Static, whose class made Textual parse the stylesheet once more
        and style one widget more before the first frame."""
        return Static(t(self.lang, "tui.too_small", width=MIN_WIDTH, height=MIN_HEIGHT),
                      id="too-small", markup=False)

    @on(events.Resize)
    def _notice_when_small(self, event: events.Resize) -> None:
        """The terminal became too small: the enlarge notice is mounted, the first time (the
        breakpoint classes show and hide it from then on)."""
        width, height = event.size
        if (width < MIN_WIDTH or height < MIN_HEIGHT) and not self.query("#too-small"):
            self.mount(self._notice())

    @property
    def too_small(self) -> bool:
        """Whether the terminal is below 80×24 (the breakpoint classes): the panels are hidden
        and the enlarge notice shows."""
        return self.has_class("-narrow") or self.has_class("-short")

    def _size_classes(self) -> None:
        """The breakpoint classes for the terminal's size, before anything under the screen is
        styled: set by Textual at the first resize, they restyled every widget once more. The
        screen itself is not styled again for them (no rule styles it by them, only what is
        under it, styled after this), which was one more styling before the first frame."""
        width, height = self.app.size
        classes = {name: False for _, name in
                   self.HORIZONTAL_BREAKPOINTS + self.VERTICAL_BREAKPOINTS}
        for name in (self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS)
                     | self._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS)):
            classes[name] = True
        self.update_classes(classes, update=False)

    def on_mount(self) -> None:
        """Fill every panel from the project and focus the list."""
        self.query_one(MeetingHeader).set_class(self.read_only, "read-only")
        panel = self._expected_panel_width()
        self.query_one(CriteriaPanel).expect_width(panel)
        table = self.query_one(RequestsTable)
        table.expect_width(max(self.app.size.width - panel, 0))
        table.on_cursor_moved = self._show_current
        self.reload()
        self._focus_now(table)
        if self.read_only:  # imported here: a writer's screen never needs it
            from reviewroom.tui.widgets.store_watcher import StoreWatcher

            self.mount(StoreWatcher(self.project, self.lang))
        self._opened()

    def _focus_now(self, widget: Widget) -> None:
        """Give ``widget`` the cursor before the first layout: ``focus()`` waits for the app's
        queue, and the restyle it caused came after the first frame on a loaded machine, as a
        second one. The list is styled as focused already (``has_focus`` is set as it is
        composed), so the screen's focus is all that is left to set."""
        self.set_focus(widget, scroll_visible=False)

    def _opened(self) -> None:
        """The panels are filled, before the first frame: what a subclass starts then."""

    def _expected_panel_width(self) -> int:
        """The criteria panel's width in the first layout, from its width rules (the list and
        the detail pane share the rest), so the panel and the list are built for the first
        frame. Only a guess: the first resize corrects it."""
        size = self.app.size
        styles = self.query_one(CriteriaPanel).styles
        panel = styles.width.resolve(size, size) if styles.width else 0
        if styles.min_width:
            panel = max(panel, styles.min_width.resolve(size, size))
        if styles.max_width:
            panel = min(panel, styles.max_width.resolve(size, size))
        return int(panel)

    def on_store_watcher_changed(self, event: StoreWatcher.Changed) -> None:
        """A watcher: show what the writer changed, then what a subclass does after it. (A
        handler by name: ``@on`` needed the watcher's module imported with this one, and a
        writer's screen never uses it.)"""
        self._show_change(event.snapshot)
        self._change_shown()

    def _change_shown(self) -> None:
        """A change of the writer's is shown: nothing more here (presenter mode follows)."""

    def _show_change(self, snapshot: Snapshot) -> None:
        """Show what the writer changed, and say when its meeting ended or began.

        When only requests changed (the usual save) just their rows are touched: rebuilding
        the list of a 10,000-request store froze the view for seconds after every save. Which
        requests changed was worked out in the reader's thread (``Project.adopt`` says).
        """
        before, version = self.meeting, self.project.criteria_version
        changed = self.project.adopt(snapshot)
        if self._watched_meeting() == before and self.project.criteria_version == version:
            self._follow_requests(self.project.requests_numbered(changed))
            if snapshot.whole:
                self.call_after_refresh(self._freeze)  # a store read anew lives on
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
        self.query_one(RequestsTable).set_rows([r for r in listed if self._shown(r)], self._state)
        self._show_current()
        self.call_after_refresh(self._freeze)  # they live on: see tui/gc_policy.py

    def _freeze(self) -> None:
        """Leave what the screen shows out of later collections (see tui/gc_policy.py)."""
        gc_policy.freeze(full=self.review_app.ends_with_process)

    def on_unmount(self) -> None:
        """The screen closes: what was frozen may be collected again, unless the process ends
        with the app (see tui/gc_policy.py)."""
        if not self.review_app.ends_with_process:
            gc_policy.thaw()

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
            tone=self.shows_tone and bool(self.project.tone_warnings([req])),
            carried=self._carried(req),
            earlier=why is not None and why.is_earlier,
            agenda=self._waiting(req),
        )

    def _waiting(self, req: ChangeRequest) -> bool:
        """Whether the row shows the agenda's marker (the agenda screen's rows do)."""
        return False

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
        misplaced = False
        for req in changed:
            if self._remember(req) is None or not self._shown(req):
                table.drop(req.id)
            elif req.id in table.rows or self._goes_last(req.id, table.last_id):
                table.put(req, self._state(req))
            else:
                misplaced = True
        if misplaced:  # newly listed between rows (an edit now matching the filter, say): the
            self.reload()  # list drawn again in the meeting's order, which a table cannot insert
            return
        self._show_current()

    def _goes_last(self, rid: str, last: str | None) -> bool:
        """Whether a request newly listed belongs after the list's last row (store/listing.py
        orders the meeting's list)."""
        if last is None or self.meeting is None:
            return True
        why, last_why = self._listing.get(rid), self._listing.get(last)
        if why is None or last_why is None:
            return True
        place = self.project.place_in
        return place(self.meeting, rid, why) > place(self.meeting, last, last_why)

    def _show_current(self) -> None:
        """Show the highlighted request in the detail pane and its criteria in the panel."""
        req = self.current
        detail = self.query_one(DetailPane)
        panel = self.query_one(CriteriaPanel)
        editing = self.editing
        if req is None:
            detail.show(None, self.project.criteria)
            if not editing:
                panel.highlight(())
            return
        detail.show(
            req,
            self.project.criteria,
            stale=req.id in self._stale,
            carried=self._carried(req),
            tone=self.project.tone_warnings([req]) if self.shows_tone else None,
            listing=self._listing.get(req.id),
        )
        if not editing:  # the open form's ticks are what the panel shows meanwhile
            panel.highlight(req.criteria)

    @property
    def editing(self) -> bool:
        """Whether the request form is open (the screen's own keys are off meanwhile)."""
        return self.form is not None and self.form.is_open

    @property
    def shows_tone(self) -> bool:
        """Tone warnings are the facilitator's: a watcher sees them only with
        ``--facilitator-view``."""
        return not self.read_only or self.review_app.facilitator_view

    @property
    def current(self) -> ChangeRequest | None:
        """The highlighted request (read fresh from the project)."""
        rid = self.query_one(RequestsTable).current_id
        return self.project.request(rid) if rid else None

    @on(RequestsTable.Highlighted)
    def _highlighted(self) -> None:
        """Moving the cursor shows that request."""
        self._show_current()

    @on(RequestsTable.Selected)
    async def _selected(self) -> None:
        """``enter`` on a row (or a click on the highlighted one) edits it, as the action would,
        so a read-only session refuses it like the key."""
        await self.run_action("edit")
