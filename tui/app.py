"""ReviewApp: the facilitator's meeting app, built around one opened Project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store.i18n import normalise_language, t
from store.model import Meeting
from store.project import Project
from tui.typeahead import TypeAheadApp


class ReviewApp(TypeAheadApp[None]):
    """The meeting TUI. It receives an opened project and never opens files itself.

    Args:
        project: the project, opened for writing (or read-only when ``read_only``).
        lang: the UI language; defaults to the project's.
        read_only: the watch view: no key or command changes anything.
        meeting_title: with no live meeting, start one with this title instead of asking.
        ascii: the ASCII-safe look: borders drawn without box-drawing glyphs (``-ascii`` class).
        clock: what "now" is for the elapsed time (tests fix it; default: the system clock).
        notice: a message to show once the app is up (the demo says where its folder is).
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
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.set_class(ascii, "-ascii")
        self.clock = clock or (lambda: dt.datetime.now().astimezone())
        self.project = project
        self.lang = normalise_language(lang or project.lang)
        self.read_only = read_only
        self.meeting_title = meeting_title
        self.notice = notice

    def t(self, key: str, **params: Any) -> str:
        """A UI string in the meeting's language (every label comes from the catalogs)."""
        return t(self.lang, key, **params)

    def on_mount(self) -> None:
        """Resume the live meeting, or ask for a title and attendees and start one."""
        self.title = self.project.criteria.title or self.project.slug
        if self.notice:
            self.notify(self.notice, timeout=15, markup=False)
        live = self.project.live_meeting
        if live is not None or self.read_only:
            self._show_meeting()
        elif self.meeting_title:
            self._started(self.project.start_meeting(self.meeting_title))
        else:
            from tui.keys import localised
            from tui.screens.start_meeting import StartMeetingDialog

            dialog = localised(StartMeetingDialog, self.lang)(self.project)
            self.push_screen(dialog, self._started)

    def _started(self, meeting: Meeting | None) -> None:
        """After the start dialog: open the meeting screen, or leave when it was cancelled."""
        if meeting is None:
            self.exit()
            return
        self._show_meeting()

    def _show_meeting(self) -> None:
        """Replace whatever is showing with the meeting screen."""
        from tui.keys import localised
        from tui.screens.meeting import MeetingScreen

        screen_class = localised(MeetingScreen, self.lang)
        self.push_screen(screen_class(self.project, read_only=self.read_only))

    def action_help(self) -> None:
        """Every key: the meeting screen's help, over whatever dialog is open."""
        for screen in reversed(self.screen_stack):
            action = getattr(screen, "action_help", None)
            if action is not None:
                action()
                return

    def action_command_palette(self) -> None:
        """Textual's command palette, with its prompt in the meeting's language."""
        from tui.palette import PALETTE_ID, LocalPalette

        if self.use_command_palette and not LocalPalette.is_open(self):
            self.push_screen(LocalPalette(self.lang, id=PALETTE_ID))

    def action_help_quit(self) -> None:
        """``ctrl+c`` outside a text field: say how to quit, in the meeting's language."""
        self.notify(self.t("tui.help_quit"), markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands (translated, see tui/palette.py), then the screen's actions."""
        from tui.palette import system_commands

        yield from system_commands(self, screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
