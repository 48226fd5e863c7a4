"""The ``reviewroom`` console script: early keys held (see :mod:`reviewroom.tui.early_keys`)
before anything heavy is imported, then the click CLI, then the terminal given back.

Only the standard library and :mod:`~reviewroom.tui.early_keys` are imported before the terminal
is held: click, the store and the commands (a third of a second) come after. A command that starts
the app collects no cycles until the app loads (:func:`reviewroom.tui.gc_policy.hold`).
"""

from __future__ import annotations

import signal
import sys

from reviewroom.tui.early_keys import (
    EXIT_SIGNALS,
    INTERRUPTED,
    STDIN,
    exit_on_signal,
    hold_keys,
    restore_terminal,
    starts_app,
)
from reviewroom.tui.gc_policy import hold


def main() -> None:
    """The ``reviewroom`` console script: hold early keys when the command starts the app, then
    run the CLI, and give the terminal back as it was however the command ends.

    A command that starts the app holds collection until the app loads (see gc_policy.hold)."""
    if starts_app(sys.argv[1:]):
        hold()
        if hold_keys(STDIN):
            for sig in EXIT_SIGNALS:
                signal.signal(sig, exit_on_signal)
    try:
        from reviewroom.tui.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:  # ctrl+c before click was up: no traceback
        restore_terminal()
        sys.exit(INTERRUPTED)
    finally:
        restore_terminal()
