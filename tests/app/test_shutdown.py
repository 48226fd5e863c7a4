"""SIGHUP and SIGTERM end the app through ``app.exit`` (tui/shutdown.py); handlers come back after.

The end-to-end proof (terminal restored, lock free, exit status 128 + signal) is in
tests/e2e/test_kills.py and tests/e2e/test_ssh.py; these check the mechanism in-process.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from reviewroom.tui.shutdown import exit_on_signals
from tests.support import make_app


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
async def test_signal_exits_the_running_app(folder: Path, sig: signal.Signals) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGHUP, signal.SIGTERM, signal.SIGALRM)}
    app = make_app(folder)
    with exit_on_signals(app) as ending:
        async with app.run_test() as pilot:
            await pilot.pause()
            os.kill(os.getpid(), sig)
            deadline = time.monotonic() + 30
            while app.is_running and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert not app.is_running
    app.project.close()
    assert ending.signum == sig and ending.exit_code == 128 + sig
    assert app.return_code == 128 + sig
    assert {s: signal.getsignal(s) for s in before} == before
    assert signal.alarm(0) == 0  # the backstop was disarmed


def test_signal_outside_the_app_loop_unwinds_with_its_status(folder: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    app = make_app(folder)
    with pytest.raises(SystemExit) as ended, exit_on_signals(app):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler raises before this returns
    app.project.close()
    assert ended.value.code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before
