"""Shared test pieces: the sample brief, a fixed clock, the one project builder, the one CLI
runner, and the app helpers."""

from __future__ import annotations

import atexit
import datetime as dt
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from textual import events
from textual.app import App
from textual.keys import key_to_character
from textual.screen import Screen

from reviewroom.store.model import Attendee, Side
from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.cli import cli
from reviewroom.tui.typeahead import TypeAheadApp

BRIEF_TEMPLATE = """---
title: {title}
client: Northwind Retail
vendor: Brightpath Learning
language: {lang}
---

# {title}

## Problem
- P1: New staff make till errors that cost about 2% of store revenue in their first month.

## Goals
### Result
- R1: Till discrepancies of staff in their first 30 days fall by 40% by the end of Q3.
### Behaviour
- B1: Staff run the end-of-day cash-up without help by their fifth shift.
### Knowledge
- K1: Staff can name the five steps of the cash-up and when each applies.
### Attitude
- A1: Staff see asking a colleague for help as expected, not as failure.

## Concept
- C1: Six scenario-based micro-lessons of at most 7 minutes, taken on the shop-floor tablet.
"""
TITLE = "Onboarding for new store staff"
A1 = "- A1: Staff see asking a colleague for help as expected, not as failure.\n"


def brief_text(lang: str = "en", title: str = TITLE) -> str:
    """The DESIGN.md §5 brief (one item per section, no warnings) in ``lang``."""
    return BRIEF_TEMPLATE.format(lang=lang, title=title)


BRIEF = brief_text()


# The first moment of the tests' clocks.
CLOCK_START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def fixed_clock() -> Callable[[], dt.datetime]:
    """Deterministic timestamps: one minute per event from 27 Nov 2026, 09:00."""
    counter = itertools.count()
    return lambda: CLOCK_START + dt.timedelta(minutes=next(counter))


@dataclass(frozen=True)
class LiveMeeting:
    """A meeting :func:`make_project` starts and leaves live: its title and who is there."""

    title: str
    attendees: tuple[Attendee, ...] = ()
    facilitator: str = ""


# The meeting of DESIGN.md's example: the client's head of operations and the vendor's facilitator.
PROTOTYPE_REVIEW = LiveMeeting(
    "Prototype review",
    (Attendee("Dana Whitfield", Side.CLIENT, "Head of Store Operations"),
     Attendee("Marta Kowalczyk", Side.VENDOR, "Facilitator")),
    facilitator="Marta Kowalczyk",
)


def make_project(
    home: Path,
    slug: str = "acme",
    *,
    lang: str = "en",
    brief: str | None = None,
    meeting: LiveMeeting | str | None = None,
    requests: Iterable[str | Mapping[str, Any]] = (),
    clock: Callable[[], dt.datetime] | None = None,
) -> Path:
    """Create a project through :meth:`Project.create` and close it: the one test builder.

    Args:
        home: the projects home (created when missing).
        slug: the project's name under ``home``.
        lang: the language of the default brief.
        brief: the brief's text (default: :func:`brief_text` in ``lang``).
        meeting: start this meeting and leave it live: a title (nobody attending), or a
            :class:`LiveMeeting` such as :data:`PROTOTYPE_REVIEW`.
        requests: capture these in the live meeting, in order: a request's text, or the
            fields :meth:`Project.add_request` takes, as a mapping.
        clock: the project's clock (default: a fresh :func:`fixed_clock`); open the folder with
            the same clock to go on with the story on the same time line.

    Returns the project's folder; open it again with ``Project.open(folder)``.

    On the default clock the same arguments always give the same files, byte for byte, so each
    test process builds a kind of project once and copies it (:func:`_copied`); a test that
    changes how projects are created or written (a patched schema, a failing disk) must call
    :meth:`Project.create` itself.
    """
    requests = tuple(requests)
    if clock is None:
        copied = _copied(home, slug, (lang, brief, meeting, requests))
        if copied is not None:
            return copied
    return _build(home, slug, lang, brief, meeting, requests, clock)


def _build(home: Path, slug: str, lang: str, brief: str | None,
           meeting: LiveMeeting | str | None, requests: tuple[str | Mapping[str, Any], ...],
           clock: Callable[[], dt.datetime] | None) -> Path:
    """:func:`make_project`'s work, through the store's own calls."""
    created = Project.create(slug, brief or brief_text(lang), home=home,
                             clock=clock or fixed_clock())
    with created:
        if meeting is not None:
            live = LiveMeeting(meeting) if isinstance(meeting, str) else meeting
            created.start_meeting(live.title, live.attendees, facilitator=live.facilitator)
        for request in requests:
            created.add_request(**({"request": request} if isinstance(request, str) else request))
    return created.path


_BUILT: dict[str, Path] = {}  # this process's projects built once, by make_project's arguments
_SCRATCH: list[Path] = []  # the folder they are built in, made on first use


def _copied(home: Path, slug: str, how: tuple[Any, ...]) -> Path | None:
    """``home/slug`` copied from this process's first build with the same arguments (built now
    if there is none); None when the copy could differ from a build, so the caller builds.

    Building costs a brief parsed twice, three to five commits and a TinyDB load (about 13 ms of
    CPU; make_project is called ~1,100 times a run); a copy about 2 ms. The copy is made of files
    only (mode kept, modification time now, as a build leaves them) and no test ever gets the
    original. A home that is not a folder or cannot be written, a project already there, or
    arguments the build refuses go to the real build, for its error.
    """
    folder = home / slug
    if os.path.lexists(folder) or (os.path.lexists(home) and not home.is_dir()):
        return None
    key = repr((slug, how))
    original = _BUILT.get(key)
    if original is None:
        try:
            original = _build(_built_home() / str(len(_BUILT)), slug, *how, None)
        except Exception:
            return None
        _BUILT[key] = original
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)  # as Project.create makes it
        shutil.copytree(original, folder, copy_function=shutil.copy)
    except OSError:  # an unwritable home, say: the build says it in the store's words
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder


def _built_home() -> Path:
    """The scratch folder of :data:`_BUILT`, removed when this process ends."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="reviewroom-built-")))
        atexit.register(shutil.rmtree, _SCRATCH[0], ignore_errors=True)
    return _SCRATCH[0]


def run_cli(home: Path | None, *args: str, **kwargs: Any) -> Result:
    """``reviewroom [--home HOME] ARGS…`` in-process, stdout and stderr kept apart: the one runner.

    ``REVIEWROOM_HOME`` is cleared unless ``env`` sets it, so the caller's environment never
    decides which home a test reaches.

    Args:
        home: passed as ``--home`` before the arguments; None to give none (or give it in ``args``).
        kwargs: as :meth:`CliRunner.invoke` takes them (``input``, ``env``, ``catch_exceptions``).
    """
    env = {"REVIEWROOM_HOME": "", **kwargs.pop("env", {})}
    prefix = [] if home is None else ["--home", str(home)]
    return CliRunner().invoke(cli, [*prefix, *args], env=env, **kwargs)


def make_app(folder: Path, *, read_only: bool = False, lang: str | None = None,
             facilitator_view: bool = False) -> ReviewApp:
    """Open the project the way the CLI does and build the app around it.

    The app's clock stands still (the header's elapsed time, "0:00"): on the real clock a new
    minute during a test drew the header in a frame of its own, and a test counting a key's
    frames failed when one fell in its key's window (seen once in five runs under load).
    """
    project = Project.open(folder, readonly=read_only, clock=fixed_clock())
    return ReviewApp(project, lang=lang, read_only=read_only, facilitator_view=facilitator_view,
                     clock=standing_clock)


def standing_clock() -> dt.datetime:
    """The app's "now" in tests: the first moment of :func:`fixed_clock`, always."""
    return CLOCK_START


def reopen(folder: Path) -> Project:
    """A fresh read-only view of what is on disk."""
    return Project.open(folder, readonly=True)


async def wait_until(pilot: Any, check: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let the app run until ``check()`` holds; fail after ``timeout`` seconds.

    Tests wait for what they expect rather than for a fixed time, so a loaded machine makes them
    slower, never wrong. The timeout is generous on purpose: it only bounds a real failure.
    """
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout}s: {check.__doc__ or check}")
        await pilot.pause(0.05)


def panels_in_sight(screen: Any) -> list[str]:
    """The meeting screen's panels that take room on it, by id: none while the enlarge notice
    shows (below 80×24), the criteria, the list and the detail pane or the open form else."""
    return [widget.id for widget in screen.query("#criteria, #requests, #detail, #form")
            if widget.region]


def notice_shown(screen: Any) -> bool:
    """Whether the meeting screen shows the enlarge notice (made the first time it is needed)."""
    return any(notice.display for notice in screen.query("#too-small"))


def key_names(text: str) -> list[str]:
    """The key names that type ``text`` (``space`` for a blank, as Textual names it)."""
    return [{" ": "space", "'": "apostrophe"}.get(ch, ch) for ch in text]


def burst(app: Any, *keys: str | events.Key) -> None:
    """Post every key to the app at once, as the driver does with one read from the terminal.

    Pilot's ``press`` waits for the app to go idle after every key, which costs tens of
    milliseconds a key and hides the type-ahead problems a real terminal has; a burst is both
    faster and closer to what a facilitator's keyboard (or SSH) sends.
    """
    for key in keys:
        event = key if isinstance(key, events.Key) else events.Key(key, key_to_character(key))
        app.post_message(event)


async def settle(pilot: Any) -> None:
    """Let every queued key and the messages it caused be handled (an event, not a delay).

    ``TypeAheadApp.keys_pending`` says when the last key has taken effect; the loop bounds a
    real failure at a minute on a loaded machine and normally ends within milliseconds.
    """
    app = pilot.app
    await pilot.pause()  # the app has taken the burst from its message queue
    for _ in range(600):
        if not app.keys_pending or not app.is_running:  # (a key may have quit the app)
            break
        await pilot.pause(0.1)
    if app.is_running:
        await pilot.pause()
        assert not app.keys_pending
    assert app.lost_markers == 0


async def type_text(pilot: Any, text: str) -> None:
    """Type ``text`` into the focused field in one burst and wait until it has all arrived."""
    burst(pilot.app, *key_names(text))
    await settle(pilot)


UNSET = object()  # a dialog's result before it was dismissed


class Host(TypeAheadApp[None]):
    """A bare app that shows one dialog and keeps what it returned; keys go as in reviewroom.

    Args:
        make: builds the dialog (called once the app is up).
        lang: the UI language the dialog reads from its app.
    """

    def __init__(self, make: Callable[[], Screen[Any]], lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.make = make
        self.result: Any = UNSET

    def on_mount(self) -> None:
        """Push the dialog; its result lands in ``self.result``."""
        self.push_screen(self.make(), self._done)

    def _done(self, result: Any) -> None:
        self.result = result


class FormHost(TypeAheadApp[None]):
    """A bare app with the docked request form beside the criteria panel, open on ``request``;
    what the form saved (or None) lands in ``self.result``. Keys go as in reviewroom.

    Args:
        project: the open project.
        request: the request to edit, or None for a new one.
        lang: the UI language.
        options: what ``RequestForm.open`` takes (focus_field, preset, error).
    """

    def __init__(self, project: Project, request: Any = None, lang: str = "en",
                 **options: Any) -> None:
        super().__init__()
        self.project, self.request, self.lang, self.options = project, request, lang, options
        self.result: Any = UNSET

    def compose(self) -> Any:
        """The panel and the form, side by side."""
        from textual.containers import Horizontal

        from reviewroom.tui.widgets import CriteriaPanel
        from reviewroom.tui.widgets.request_form import RequestForm

        panel = CriteriaPanel(self.lang)
        with Horizontal():
            yield panel
            yield RequestForm(self.project, self.lang, panel)

    def on_mount(self) -> None:
        """Fill the panel and open the form."""
        from reviewroom.tui.widgets import CriteriaPanel
        from reviewroom.tui.widgets.request_form import RequestForm

        self.query_one(CriteriaPanel).show(self.project.criteria, self.project.criteria_version)
        self.form = self.query_one(RequestForm)
        self.form.open(self.request, self._done, **self.options)

    def _done(self, result: Any) -> None:
        self.result = result


@dataclass(frozen=True)
class Note:
    """A notification as the app was asked to show it."""

    message: str
    severity: str


def record_shown_notes(monkeypatch: Any) -> list[Note]:
    """Every notification as it reaches Textual's own ``App.notify``: after ReviewApp sanitised
    it, so the text is exactly what the toast shows (``record_notes`` sees what was asked)."""
    notes: list[Note] = []
    show = App.notify

    def recording(app: App[Any], message: str, **options: Any) -> None:
        notes.append(Note(str(message), str(options.get("severity", "information"))))
        show(app, message, **options)

    monkeypatch.setattr(App, "notify", recording)
    return notes


def record_notes(app: App[Any]) -> list[Note]:
    """Every notification ``app`` shows from now on, taken at its public ``notify``.

    Widgets and screens notify through ``app.notify``, so wrapping it on the instance sees them
    all; the notification is then shown as usual.
    """
    notes: list[Note] = []
    show = app.notify

    def recording(message: str, *, title: str = "", severity: Any = "information",
                  timeout: float | None = None, markup: bool = True) -> None:
        notes.append(Note(str(message), str(severity)))
        show(message, title=title, severity=severity, timeout=timeout, markup=markup)

    app.notify = recording  # type: ignore[method-assign]
    return notes
