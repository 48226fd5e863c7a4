"""ReviewApp: the facilitator's meeting app, built around one opened Project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual import actions, events
from textual.actions import ActionParseResult
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import normalise_language, t
from reviewroom.store.model import Meeting
from reviewroom.store.project import Project
from reviewroom.store.text import clean_line, clean_text
from reviewroom.tui import one_layout, read_only
from reviewroom.tui.outcome import Outcome
from reviewroom.tui.typeahead import Held, TypeAheadApp

if TYPE_CHECKING:
    from reviewroom.tui.screens.meeting import MeetingScreen


class ReviewApp(TypeAheadApp[Outcome]):
    """The meeting TUI. It receives an opened project and never opens files itself.

    Args:
        project: the project, opened for writing (or read-only when ``read_only``).
        lang: the UI language; defaults to the project's.
        read_only: the watch view: no key or command changes anything.
        meeting_title: with no live meeting, start one with this title instead of asking.
        ascii: the ASCII-safe look: borders drawn without box-drawing glyphs (``-ascii`` class).
        clock: what "now" is for the elapsed time (tests fix it; default: the system clock).
        notice: a message to show once the app is up (the demo says where its folder is).
        facilitator_view: a watcher sees the facilitator's tone warnings too (``--facilitator-
            view``); a writer always does.
    """

    CSS_PATH = "app.tcss"
    TITLE = "reviewroom"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, id="help-f1"),
    ]

    def __init__(
        self,
        project: Project,
        *,
        lang: str | None = None,
        read_only: bool = False,
        meeting_title: str | None = None,
        ascii: bool = False,
        clock: Callable[[], dt.datetime] | None = None,
        notice: str | None = None,
        facilitator_view: bool = False,
        **kwargs: Any,
    ) -> None:
        # the ASCII look's rules are parsed only when it is on (see ascii.tcss)
        kwargs.setdefault("css_path", [self.CSS_PATH, *(["ascii.tcss"] if ascii else [])])
        super().__init__(**kwargs)
        one_layout.install()  # one layout per change, not two (see tui/one_layout.py)
        self.set_class(ascii, "-ascii")
        self.clock = clock or (lambda: dt.datetime.now().astimezone())
        self.project = project
        self.lang = normalise_language(lang or project.lang)
        self.read_only = read_only
        self.meeting_title = meeting_title
        self.notice = notice
        self.facilitator_view = facilitator_view
        # A real run (run(), not Pilot's run_test): the process ends with the app, so what the
        # screen froze is never thawed (tui/gc_policy.py).
        self.ends_with_process = False

    def run(self, **kwargs: Any) -> Outcome | None:
        """Run the app for real (the process ends with it: see tui/gc_policy.py)."""
        self.ends_with_process = True
        return super().run(**kwargs)

    def t(self, key: str, **params: Any) -> str:
        """A UI string in the meeting's language (every label comes from the catalogs)."""
        return t(self.lang, key, **params)

    def on_load(self) -> None:
        """Collect cycles less often from the start (tui/gc_policy.py): whoever runs the app,
        the CLI or a script, gets the policy, and it already holds while the meeting screen is
        built and first drawn (opening 1,000 requests paid about 50 ms of collections). A real
        run also freezes what it holds before the app starts (modules, the opened project), and
        then collects again if the launcher held collection while it started (gc_policy.hold)."""
        from reviewroom.tui.gc_policy import freeze_start, resume

        if self.ends_with_process:
            freeze_start()
        resume()

    def on_mount(self) -> None:
        """Resume the live meeting, or ask for a title and attendees and start one.

        A title given on the command line that the project refuses (blank, say) ends the app
        with that refusal, which the CLI reports as an ``Error:`` line.
        """
        self.project.on_notice = self._store_notice
        self.title = clean_line(self.project.criteria.title or self.project.slug)
        if self.notice:
            self.notify(self.notice, timeout=15)
        if isinstance(self.screen_stack[0], self._meeting_screen_class()):
            return  # the first screen already (get_default_screen)
        if self.meeting_title is not None:
            from reviewroom.tui.screens.start_meeting import start_as_last_time

            try:
                meeting = start_as_last_time(self.project, self.meeting_title)
            except ReviewError as error:
                self.exit(Outcome(error=error))
                return
            self._started(meeting)
        else:
            from reviewroom.tui.keys import localised
            from reviewroom.tui.screens.start_meeting import StartMeetingDialog

            dialog = localised(StartMeetingDialog, self.lang)(self.project)
            self.push_screen(dialog, self._started)

    def _store_notice(self, notice: ReviewError) -> None:
        """A warning from the store that did not stop the change (a larger backup kept)."""
        self.notify(notice.message(self.lang), severity="warning", timeout=15, markup=False)

    def _started(self, meeting: Meeting | None) -> None:
        """After the start dialog: open the meeting screen, or leave when it was cancelled."""
        if meeting is None:
            self.exit()
            return
        self._show_meeting()

    def get_default_screen(self) -> Screen[Any]:
        """The meeting screen is the first screen when a meeting is running (or for a watcher).

        Pushed over Textual's blank default screen instead, the blank screen was styled and laid
        out for nothing, and the meeting screen was laid out once more for each of the two
        resizes the app gets as it starts, all before its first frame (issue 13, part 2).
        """
        if self.project.live_meeting is not None or self.read_only:
            return self._meeting_screen_class()(self.project, read_only=self.read_only)
        return super().get_default_screen()

    def _meeting_screen_class(self) -> type[MeetingScreen]:
        """The meeting screen, localised (one class per language: tui/keys.py ``localised``)."""
        from reviewroom.tui.keys import localised
        from reviewroom.tui.screens.meeting import MeetingScreen

        return localised(MeetingScreen, self.lang)

    def _show_meeting(self) -> None:
        """Replace whatever is showing with the meeting screen."""
        self.push_screen(self._meeting_screen_class()(self.project, read_only=self.read_only))

    def action_help(self) -> None:
        """Every key: the meeting screen's help, over whatever dialog is open."""
        for screen in reversed(self.screen_stack):
            action = getattr(screen, "action_help", None)
            if action is not None:
                action()
                return

    def action_command_palette(self) -> None:
        """Textual's command palette, with its prompt in the meeting's language."""
        from reviewroom.tui.palette import PALETTE_ID, LocalPalette

        open_already = LocalPalette.is_open(self)  # type: ignore[arg-type]  # App[T] is invariant
        if self.use_command_palette and not open_already:
            self.push_screen(LocalPalette(self.lang, id=PALETTE_ID))

    def action_help_quit(self) -> None:
        """``ctrl+c`` outside a text field: say how to quit, in the meeting's language."""
        self.notify(self.t("tui.help_quit"), markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands (translated, see tui/palette.py), then the screen's actions.

        A watcher gets only the commands its read-only policy allows: *Quit* and *Keys*, not
        *Theme*, *Maximize* or *Screenshot* (an SVG file written on the server).
        """
        from reviewroom.tui.palette import system_commands

        for command in system_commands(self, screen):
            if not self.read_only or self._command_allowed(command):
                yield command
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()

    def _command_allowed(self, command: SystemCommand) -> bool:
        """Whether a Textual system command runs an action the read-only policy allows."""
        callback = command.callback
        name = getattr(callback, "__name__", "")
        target = getattr(callback, "__self__", None)
        if not name.startswith("action_") or not isinstance(target, DOMNode):
            return False
        return read_only.allows(self, target, name.removeprefix("action_"))

    # ------------------------------------------------------------------ every action, guarded

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action, unless a read-only session may not; a refusal becomes a notification.

        Keys, clicks, the footer, ``[@click=…]`` actions and the palette's screen commands all
        arrive here, so this is the one place read-only is enforced.
        """
        if self.read_only:
            target, name = self._action_target(action, default_namespace, namespaces)
            if not read_only.allows(self, target, name):
                return False
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except ReviewError as error:
            self.notify(error.message(self.lang), severity="error")
            return True

    def _action_target(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None,
        namespaces: Mapping[str, DOMNode] | None,
    ) -> tuple[DOMNode | None, str]:
        """The node an action would run on, and its bare name (as Textual resolves them)."""
        destination, name, _ = actions.parse(action) if isinstance(action, str) else action
        if not destination:
            return (default_namespace or self), name
        known: dict[str, DOMNode | None] = {
            "app": self, "screen": self.screen, "focused": self.focused, **(namespaces or {})
        }
        return known.get(destination), name

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Screenshots are off in read-only sessions: they would write files on the server."""
        if self.read_only:
            return None
        return super().deliver_screenshot(filename, path, time_format)

    # ------------------------------------------------------------------ text reaching the terminal

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast shows its text literally: sanitised, and never parsed as markup.

        Messages quote client text (a meeting title, a path, a refused value), so this one
        override covers every notification of every screen, whatever ``markup`` says.
        """
        super().notify(clean_text(message), title=clean_line(title), severity=severity,
                       timeout=timeout, markup=False)

    def handing_on(self, event: Held) -> None:
        """A paste reaches its field sanitised, so no field can hold (and draw) raw escape
        characters.

        Into a one-line field its lines are joined with spaces: Textual would keep only the first
        line of a paragraph pasted from an e-mail. Which field takes it is known only now, as
        the type-ahead hands it on: a paste that came right after ``n`` arrived while the list
        had the focus, and goes to the form's Request field.
        """
        if isinstance(event, events.Paste):
            if isinstance(self.focused, Input):
                event.text = clean_line(" ".join(event.text.splitlines()))
            else:
                event.text = clean_text(event.text)
