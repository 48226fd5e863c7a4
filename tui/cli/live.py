"""The commands that start the meeting app: ``open`` (also ``reviewroom PROJECT``), ``watch``,
``serve`` (the watch view in a browser) and ``demo``.

Textual is imported only inside these commands, so the rest of the CLI stays fast.
"""

from __future__ import annotations

import io
import ipaddress
import os
import re
import shlex
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from reviewroom.store.errors import ReviewError
from reviewroom.store.home import default_home, is_path_ref
from reviewroom.store.i18n import t
from reviewroom.store.project import Project
from reviewroom.tui.cli.common import ERROR_PREFIX, Settings, one_line, out
from reviewroom.tui.early_keys import restore_terminal

DEFAULT_SAMPLE = "northwind-onboarding"
# Terminals whose fonts lack the rounded box-drawing corners: the ASCII-safe look by default.
ASCII_TERMS = frozenset({"linux"})
SERVE_HOST, SERVE_PORT = "127.0.0.1", 8000
MAX_SESSIONS = 8  # each session is a watch process: a bound on what one server may start

F = TypeVar("F", bound=Callable[..., Any])


def _root_options(ctx: click.Context) -> tuple[Path | None, str | None]:
    """``--home`` and ``--lang``, given before the command or after it."""
    settings = ctx.ensure_object(Settings)
    return settings.home, settings.lang


def facilitator_view_option(func: F) -> F:
    """``--facilitator-view``: a watcher sees the tone warnings, which clients never do."""
    return click.option("--facilitator-view", is_flag=True,
                        help="Show the facilitator's tone warnings (the ~ marker and the detail "
                             "pane's tone lines), which watchers otherwise never see.")(func)


def no_mouse_option(func: F) -> F:
    """``--no-mouse``: no mouse tracking traffic (slow SSH links)."""
    return click.option("--no-mouse", is_flag=True,
                        help="No mouse tracking (quieter over slow SSH links).")(func)


def ascii_option(func: F) -> F:
    """``--ascii/--no-ascii``: borders without box-drawing glyphs; by default only on TERM=linux."""
    return click.option("--ascii/--no-ascii", "ascii_look", default=None,
                        help="Borders in plain ASCII, for consoles and fonts without box-drawing "
                             "glyphs (default: on with TERM=linux).")(func)


def wants_ascii(choice: bool | None, term: str | None = None) -> bool:
    """The ASCII-safe look when asked for, or by default on terminals known to lack the glyphs."""
    if choice is not None:
        return choice
    term = os.environ.get("TERM", "") if term is None else term
    return term in ASCII_TERMS


def run_app(
    project: Project,
    *,
    lang: str | None,
    read_only: bool = False,
    meeting_title: str | None = None,
    mouse: bool = True,
    ascii_look: bool = False,
    notice: str | None = None,
    facilitator_view: bool = False,
) -> None:
    """Run the meeting app on an opened project and close it (releasing the lock) whatever happens.

    ``notice`` is shown as a notification once the app is up (the demo says where it is);
    ``facilitator_view`` shows a watcher the tone warnings.

    SIGHUP (a dropped SSH connection) and SIGTERM end the app as ``q`` would, so Textual restores
    the terminal and the lock is released here; the process then exits with 128 + the signal.
    The app returns an :class:`~reviewroom.tui.outcome.Outcome`: its message is printed
    (sanitised) once the terminal is back, and a refusal at start-up is raised as the
    ``ReviewError`` it is (one ``Error:`` line, exit 1). A crash inside the app ends in one
    ``Error:`` line naming the report and :data:`~reviewroom.tui.crash.CRASH_EXIT`, never in a
    traceback and exit 0.

    Raises:
        ReviewError: the app refused to start (a blank ``--new-meeting`` title, say), or its
            input is no terminal.
    """
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.shutdown import exit_on_signals

    with project:
        refuse_without_terminal()
        app = ReviewApp(project, lang=lang, read_only=read_only, meeting_title=meeting_title,
                        ascii=ascii_look, notice=notice, facilitator_view=facilitator_view)
        errors = capture_errors(app)
        try:
            with exit_on_signals(app) as ending:
                outcome = app.run(mouse=mouse)
        finally:
            restore_terminal()  # Textual put back the launcher's mode: now the user's own
    if ending.signum is not None:
        ending.leave()
    printed = errors.getvalue()
    if app.return_code not in (None, 0):
        stop_after_crash(printed, app.return_code, app.lang)
    if printed.strip():  # an exit message given to Textual rather than in the Outcome
        out(printed.rstrip("\n"), err=True)
    if outcome is not None and outcome.error is not None:
        raise outcome.error
    if outcome is not None and outcome.message:
        out(outcome.message)


def refuse_without_terminal() -> None:
    """Refuse to start the app when its input is no terminal (``< /dev/null``, a pipe, ``ssh``
    without ``-t``): Textual would draw a screen no key can reach and spin a core until killed.
    ``reviewroom serve`` runs its sessions on a pipe, with Textual's web driver named in the
    environment (``TEXTUAL_DRIVER``): those run.

    Raises:
        ReviewError: ``cli.no_terminal``.
    """
    stdin = sys.__stdin__  # what Textual's driver reads, whatever replaced sys.stdin
    if os.environ.get("TEXTUAL_DRIVER") or (stdin is not None and os.isatty(stdin.fileno())):
        return
    raise ReviewError("cli.no_terminal")


def capture_errors(app: Any) -> io.StringIO:
    """Send what Textual prints when the app ends to a buffer instead of the terminal.

    Textual prints an unhandled exception's traceback (and any exit message) with
    ``app.error_console`` once the terminal is restored; a traceback becomes the crash report,
    anything else is printed sanitised.
    """
    from rich.console import Console

    buffer = io.StringIO()
    app.error_console = Console(file=buffer, width=120, force_terminal=False, color_system=None,
                                markup=False, highlight=False, emoji=False)
    return buffer


def stop_after_crash(details: str, return_code: int | None, lang: str) -> NoReturn:
    """Report a crash of the app: the details to the log folder, one line to the terminal."""
    from reviewroom.tui.crash import CRASH_EXIT, report

    details = details or f"The app ended with status {return_code} and no further details."
    out(ERROR_PREFIX + report(details, lang), err=True)
    sys.exit(CRASH_EXIT)


def sample_names() -> list[str]:
    """The bundled samples, shipped inside the package."""
    root = resources.files("reviewroom.tui").joinpath("samples")
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir())


def copy_sample(name: str, home: Path) -> Path:
    """Copy a bundled sample into ``home`` (0700) so the demo never touches the package."""
    if name not in sample_names():
        raise click.BadParameter(
            f"'{name}' is not a bundled sample; choose one of: {', '.join(sample_names())}",
            param_hint="SAMPLE",
        )
    source = resources.files("reviewroom.tui").joinpath("samples", name)
    target = home / name
    with resources.as_file(source) as folder:
        # A sample opened in place (sample_projects/) leaves its lock, backup and presenter
        # side file there: none of them belongs to a fresh copy.
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns(
            "*.lock", "*.bak", "reviewroom.cursor", ".reviewroom.cursor.tmp"))
    for path in [target, *target.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return target


@click.command("open")
@click.argument("project")
@click.option("--new-meeting", "meeting_title", metavar="TITLE",
              help="With no live meeting, start one with this title instead of asking.")
@no_mouse_option
@ascii_option
@click.pass_context
def open_command(ctx: click.Context, project: str, meeting_title: str | None,
                 no_mouse: bool, ascii_look: bool | None) -> None:
    """Open the meeting screen of PROJECT (resumes its live meeting).

    \b
    Example:
      reviewroom open northwind-onboarding
      reviewroom northwind-onboarding --new-meeting "Prototype review 2"
    """
    home, lang = _root_options(ctx)
    opened = Project.open(project, home=home, lang=lang)
    run_app(opened, lang=lang, meeting_title=meeting_title, mouse=not no_mouse,
            ascii_look=wants_ascii(ascii_look))


@click.command("watch")
@click.argument("project")
@facilitator_view_option
@no_mouse_option
@ascii_option
@click.pass_context
def watch_command(ctx: click.Context, project: str, facilitator_view: bool, no_mouse: bool,
                  ascii_look: bool | None) -> None:
    """Follow PROJECT's live meeting read-only, as it happens.

    Takes no lock and writes nothing, so any number of watchers can follow one writer: give a
    client their own SSH login and let them run this. Changes show within a second, and the
    view follows the writer's highlighted request and scroll (presenter mode): f stops
    following, f again resumes.

    \b
    Example:
      reviewroom watch northwind-onboarding
    """
    home, lang = _root_options(ctx)
    opened = Project.open(project, home=home, lang=lang, readonly=True)
    run_app(opened, lang=lang, read_only=True, mouse=not no_mouse,
            ascii_look=wants_ascii(ascii_look), facilitator_view=facilitator_view)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine (``localhost``, 127.x, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to a public address


# RFC 1123 host names: dot-separated labels of letters, digits and inner dashes.
HOST_NAME = re.compile(
    r"(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?", re.ASCII)


def listen_address(host: str, port: int, lang: str) -> str:
    """The address ``serve`` listens on, checked before anything starts.

    ``[::]`` is taken as ``::`` (the brackets of a URL); anything that is neither an IP address
    nor a host name (`` 0.0.0.0`` with a space, say) is refused, and so is an address whose port
    is already taken, instead of a traceback from the web server.

    Raises:
        ReviewError: ``serve.bad_host`` or ``serve.unavailable``.
    """
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        if not HOST_NAME.fullmatch(bare):
            raise ReviewError("serve.bad_host", lang=lang, host=host) from None
        return bare  # a name: the web server resolves it (and its failure is caught too)
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((bare, port))
        except OSError as exc:
            raise ReviewError("serve.unavailable", lang=lang, host=bare, port=port,
                              detail=exc.strerror or str(exc)) from None
    return bare


def watch_command_line(
    project: str,
    *,
    home: Path,
    lang: str | None = None,
    ascii_look: bool | None = None,
    facilitator_view: bool = False,
    executable: str | None = None,
) -> list[str]:
    """The command ``serve`` runs for each browser session: ``reviewroom … watch PROJECT``.

    The home is made absolute and passed explicitly, as are ``--lang`` and ``--ascii``, so every
    session shows the same project whatever its environment. The console script beside the
    interpreter is preferred; without one, the interpreter runs the package (``-P``: the
    server's working directory is never searched for a ``tui`` package).

    Args:
        project: the project as given (a slug, or a path made absolute here).
        home: the projects home.
        lang: ``--lang``, when given.
        ascii_look: ``--ascii`` / ``--no-ascii``, when given.
        facilitator_view: ``--facilitator-view``, when given.
        executable: the Python interpreter (default: the running one).
    """
    python = Path(executable or sys.executable)
    script = python.with_name("reviewroom")
    prefix = [str(script)] if script.is_file() else [str(python), "-P", "-m", "reviewroom"]
    ref = str(Path(project).expanduser().absolute()) if is_path_ref(project) else project
    line = [*prefix, "--home", str(home.expanduser().absolute())]
    if lang:
        line += ["--lang", lang]
    line += ["watch", ref]
    if ascii_look is not None:
        line.append("--ascii" if ascii_look else "--no-ascii")
    if facilitator_view:
        line.append("--facilitator-view")
    return line


def load_server(lang: str) -> Any:
    """The guarded subclass of textual-serve's ``Server``, or the error telling how to install it.

    Raises:
        ReviewError: ``serve.missing`` when textual-serve is not installed.
    """
    try:
        from reviewroom.tui.web_server import GuardedServer
    except ImportError:
        raise ReviewError("serve.missing", lang=lang) from None
    return GuardedServer


@click.command("serve")
@click.argument("project")
@click.option("--host", default=SERVE_HOST, show_default=True,
              help="Address to listen on; anything but loopback exposes the view to the network.")
@click.option("--port", default=SERVE_PORT, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME[:PORT]",
              help="Another name browsers use to reach the view (a reverse proxy, say); "
                   "repeat for each. Pages and connections for other names are refused.")
@click.option("--max-sessions", default=MAX_SESSIONS, show_default=True,
              type=click.IntRange(1, 1000),
              help="How many browser sessions may follow the meeting at once.")
@facilitator_view_option
@click.pass_context
def serve_command(ctx: click.Context, project: str, host: str, port: int,
                  allowed_hosts: tuple[str, ...], max_sessions: int,
                  facilitator_view: bool) -> None:
    """Serve PROJECT's read-only watch view to web browsers (textual-serve).

    Each browser tab runs its own `reviewroom watch`: it follows the live meeting, takes no lock
    and writes nothing. The view has no login of its own, so it listens on 127.0.0.1 unless
    --host says otherwise; let a client reach it through an SSH tunnel instead, with the same
    port on both ends. Only the page itself may connect (other sites' pages are refused), and
    at most --max-sessions tabs at once. Needs the extra: pip install 'reviewroom[serve]' (from
    a clone of reviewroom: pip install -e '.[serve]').

    \b
    Example:
      reviewroom serve northwind-onboarding
      ssh -L 8000:127.0.0.1:8000 server    # then open http://127.0.0.1:8000
    """
    home, lang = _root_options(ctx)
    with Project.open(project, home=home, lang=lang, readonly=True) as opened:
        label_lang, slug = opened.lang, opened.slug
    server_class = load_server(label_lang)
    host = listen_address(host, port, label_lang)
    if not is_loopback(host):
        out(t(label_lang, "serve.exposed", host=one_line(host), port=port), err=True)
    # A browser has every glyph: never the ASCII look, whatever the server's own TERM is.
    line = watch_command_line(project, home=home or default_home(), lang=lang, ascii_look=False,
                              facilitator_view=facilitator_view)
    server = server_class(shlex.join(line), host=host, port=port, title=f"reviewroom · {slug}",
                          allowed_hosts=allowed_hosts, max_sessions=max_sessions,
                          lang=label_lang)
    try:
        server.serve()
    except OSError as exc:  # taken (or unresolvable) between the check and the bind
        raise ReviewError("serve.unavailable", lang=label_lang, host=host, port=port,
                          detail=exc.strerror or str(exc)) from None


@click.command("demo")
@click.argument("sample", required=False, default=DEFAULT_SAMPLE)
@click.option("--keep", is_flag=True,
              help="Keep the scratch folder after quitting (its path is printed).")
@no_mouse_option
@ascii_option
@click.pass_context
def demo_command(ctx: click.Context, sample: str, keep: bool, no_mouse: bool,
                 ascii_look: bool | None) -> None:
    """Copy a bundled sample project to a scratch folder and open it.

    Your own projects are never touched. The scratch folder's path is printed (and shown in
    the app) as it opens; it is removed when you quit unless --keep. With --home, the sample
    is copied into that home instead and stays there.

    \b
    Example:
      reviewroom demo
      reviewroom demo ochrona-danych-przychodnia --keep
      reviewroom demo --home ~/reviewroom-try
    """
    home, lang = _root_options(ctx)
    scratch: Path | None = None
    if home is None:
        scratch = target = Path(tempfile.mkdtemp(prefix="reviewroom-demo-"))
    else:
        target = home
    try:
        _run_demo(sample, target, lang, kept=keep or scratch is None,
                  mouse=not no_mouse, ascii_look=wants_ascii(ascii_look))
    finally:
        if scratch is not None and not keep:
            shutil.rmtree(scratch, ignore_errors=True)
    if scratch is not None:
        folder = scratch / sample
        said = t(lang or _sample_language(sample), "cli.demo.kept" if keep else "cli.demo.removed",
                 folder=str(folder))
        out(said, err=not keep)


def _run_demo(sample: str, home: Path, lang: str | None, *, kept: bool, mouse: bool,
              ascii_look: bool) -> None:
    """Copy the sample into ``home``, say where it is, and run the app on it (with no terminal,
    nothing is copied)."""
    refuse_without_terminal()
    if (home / sample).exists():
        raise ReviewError("project.exists", lang=lang or "en", slug=sample, home=str(home))
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = copy_sample(sample, home)
    project = Project.open(folder, lang=lang)
    notice = t(project.lang, "cli.demo.opening_kept" if kept else "cli.demo.opening",
               folder=str(folder))
    out(notice, err=True)  # before the app takes the screen: it stays in the scrollback
    title = None if project.live_meeting else _next_title(project)
    run_app(project, lang=lang, meeting_title=title, mouse=mouse, ascii_look=ascii_look,
            notice=notice)


def _sample_language(sample: str) -> str:
    """A bundled sample's language, read from its brief (English when it cannot be read)."""
    from reviewroom.store.brief import read_brief
    from reviewroom.store.errors import BriefError

    source = resources.files("reviewroom.tui").joinpath("samples", sample, "brief.md")
    try:
        with resources.as_file(source) as path:
            criteria, _ = read_brief(path)
    except (BriefError, OSError):
        return "en"
    return criteria.language


def _next_title(project: Project) -> str:
    """A title for the demo's next meeting, so the demo opens straight onto the screen."""
    return t(project.lang, "tui.demo_meeting", number=len(project.meetings()) + 1)
