"""The command palette in the meeting's language, and a screenshot that says where it went.

Textual's own palette commands (Theme, Quit, Keys, Maximize, Screenshot), its search prompt and
its "No matches found" line are English; a Polish meeting must show none of it. So reviewroom
offers the same commands itself, translated, and replaces Textual's *Keys* panel (which lists
Textual's English descriptions of every widget's keys) with its own help screen.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widgets.option_list import Option

from reviewroom.store.i18n import t

if TYPE_CHECKING:
    from reviewroom.tui.app import ReviewApp

PALETTE_ID = "--command-palette"


class LocalPalette(CommandPalette):
    """Textual's command palette with its prompt and its "no matches" line in ``lang``.

    ``_start_no_matches_countdown`` is Textual's private hook for that line (textual>=8.2,<9);
    tests/app/test_tui_polish.py fails should it change, rather than English coming back silently.

    ``enter`` runs a command through a chain of messages (the input's Submitted, the command
    list's OptionSelected, the palette closing, the command called on the app), so keys typed
    right after it wait for the whole chain (tui/typeahead.py): the command list is on their
    path and the marker makes three trips instead of two; otherwise the next keys went into
    the closing palette and were lost (tests/app/test_flow_hostile.py).
    """

    TYPEAHEAD_ALSO = ("CommandList",)
    TYPEAHEAD_PASSES = 3

    def __init__(self, lang: str, placeholder_key: str = "palette.placeholder",
                 **kwargs: Any) -> None:
        super().__init__(placeholder=t(lang, placeholder_key), **kwargs)
        self.lang = lang

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a short pause with nothing found, say so in the palette's language."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if not search_value:  # browsing with no query: nothing to report
                self._list_visible = False
                return
            text = Text(t(self.lang, "palette.no_matches"), style="not bold")
            self.query_one(CommandList).add_option(
                Option(Align.center(text), disabled=True, id=self._NO_MATCHES)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def system_commands(app: ReviewApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Textual's system commands, translated; a watcher gets no Screenshot (it writes nothing).

    Quit is offered here only where the screen has no commands of its own: the meeting screen
    lists its own Quit (``q``), which says the meeting stays live.
    """
    lang = app.lang
    yield SystemCommand(t(lang, "palette.theme"), t(lang, "palette.theme_help"),
                        lambda: app.push_screen(LocalPalette(lang, "palette.themes",
                                                             providers=[ThemeProvider])))
    yield SystemCommand(t(lang, "palette.keys"), t(lang, "palette.keys_help"), app.action_help)
    if screen.maximized is not None:
        yield SystemCommand(t(lang, "palette.minimize"), t(lang, "palette.minimize_help"),
                            screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(t(lang, "palette.maximize"), t(lang, "palette.maximize_help"),
                            screen.action_maximize)
    if not app.read_only:
        yield SystemCommand(t(lang, "palette.screenshot"), t(lang, "palette.screenshot_help"),
                            lambda: app.set_timer(0.1, lambda: save_screenshot(app)))
    if getattr(screen, "palette_commands", None) is None:
        yield SystemCommand(t(lang, "palette.quit"), t(lang, "palette.quit_help"), app.exit)


def screenshot_folder() -> Path:
    """The user's Downloads folder (where Textual puts screenshots) if there is one, else here.

    On a server there is often no Downloads folder; the working directory is where the
    facilitator started reviewroom, so it is the next place they would look.
    """
    import platformdirs

    downloads = platformdirs.user_downloads_path()
    return downloads if downloads.is_dir() else Path.cwd()


def save_screenshot(app: ReviewApp) -> None:
    """Save an SVG picture of the screen and say where, or say why it could not be saved.

    The file is created user-only (0600), like everything else that shows client material,
    and never replaces an existing file.
    """
    lang = app.lang
    folder: Path | str = "?"
    try:
        folder = screenshot_folder()
        path = _write_new(folder, _screenshot_name(app.project.slug), app.export_screenshot())
    except OSError as error:
        reason = error.strerror or str(error)
        app.notify(t(lang, "tui.screenshot.failed", folder=str(folder), reason=reason),
                   severity="error", timeout=8, markup=False)
        return
    app.notify(t(lang, "tui.screenshot.saved", path=str(path)), timeout=8, markup=False)


def _screenshot_name(slug: str) -> str:
    """``reviewroom-acme-20261127-093005`` (the extension is added when writing)."""
    return f"reviewroom-{slug}-{dt.datetime.now():%Y%m%d-%H%M%S}"


def _write_new(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to a new file ``stem.svg`` (``stem-2.svg``… if taken) in ``folder``."""
    for number in range(1, 100):
        path = folder / (f"{stem}.svg" if number == 1 else f"{stem}-{number}.svg")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path
    raise FileExistsError(0, "too many screenshots with this name", str(folder))
