"""The ``reviewroom`` command line: a thin click group over ``store.project.Project``.

Commands live in this package (one module per group) and are registered here, one line each.
Only the commands that start the meeting app import Textual, so everything else stays fast.
"""

from __future__ import annotations

import sys

import click

from reviewroom.store.i18n import normalise_language
from reviewroom.tui.cli.common import (
    ERROR_PREFIX,
    ReviewGroup,
    Settings,
    out,
    root_options,
)
from reviewroom.tui.early_keys import INTERRUPTED, restore_terminal

# Every command, in the order of the design: its name, and the module (in this package) and name
# it is defined under. A command's module is imported when the command is run, or listed by
# ``--help``: ``reviewroom open`` imported every command's module (the minutes, the report, the
# import of spreadsheets, click's help for each), ~17 ms before the meeting screen came up.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("project", "new_command"),
    "list": ("project", "list_command"),
    "check": ("project", "check_command"),
    "open": ("live", "open_command"),
    "watch": ("live", "watch_command"),
    "serve": ("live", "serve_command"),
    "demo": ("live", "demo_command"),
    "meeting": ("meeting", "meeting_group"),
    "request": ("request", "request_group"),
    "import": ("importing", "import_command"),
    "criteria": ("criteria", "criteria_group"),
    "export": ("export", "export_command"),
    "report": ("report", "report_command"),
    "restore": ("project", "restore_command"),
}


@click.group(cls=ReviewGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@root_options
@click.version_option(package_name="reviewroom", prog_name="reviewroom")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """reviewroom: run e-learning review meetings against shared criteria.

    Record each change request with the client's intent, judge it against the agreed problem,
    goals and concept, and keep a neutral record. A PROJECT is a slug under the home or a path.

    \b
    Example:
      reviewroom new acme-onboarding --title "Onboarding for store staff" --edit
      reviewroom meeting start acme-onboarding --title "Prototype review"
      reviewroom request add acme-onboarding "Make the logo bigger" --by Dana
      reviewroom --lang pl request list acme-onboarding
    """
    ctx.ensure_object(Settings)  # --home and --lang wrote into it (see root_options)




def all_commands() -> dict[str, click.Command]:
    """Every command by name, in the order of the design (each module imported): for what lists
    or checks them all (the tests, the help)."""
    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


def main() -> None:
    """The ``reviewroom`` console script.

    An unexpected exception (a bug) is never a traceback and never exit 0: the details go to a
    private report in the user's log folder, and the terminal gets one ``Error:`` line naming it.
    An exception that a ``ctrl+c`` caused is an interrupt, not a bug (exit 130, as the launcher's).
    """
    try:
        cli.main(prog_name="reviewroom")
    except Exception as error:
        from reviewroom.tui.crash import CRASH_EXIT, report_exception

        restore_terminal()
        if _caused_by_interrupt(error):
            sys.exit(INTERRUPTED)
        out(ERROR_PREFIX + report_exception(error, _argv_language(sys.argv[1:])), err=True)
        sys.exit(CRASH_EXIT)


def _caused_by_interrupt(error: BaseException) -> bool:
    """Whether ``ctrl+c`` is behind ``error``: Python wraps a KeyboardInterrupt raised while a
    class body runs (as Textual's are, while the app is imported) in a RuntimeError."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _argv_language(args: list[str]) -> str:
    """``--lang`` as typed (before or after the command), for the crash line (else English)."""
    for number, arg in enumerate(args):
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
        if arg == "--lang" and number + 1 < len(args):
            return normalise_language(args[number + 1])
    return "en"
