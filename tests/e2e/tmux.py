"""Drive the real ``reviewroom`` command in a detached tmux session, as a facilitator's terminal."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Mapping

KEY_PAUSE = 0.15


def tmux_available() -> bool:
    """End-to-end tests need tmux (``.ci/run`` installs it)."""
    return shutil.which("tmux") is not None


class TmuxPane:
    """One detached tmux session running one command at a fixed size."""

    def __init__(
        self,
        command: list[str],
        *,
        width: int = 100,
        height: int = 30,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.last_key_at = float("-inf")  # when tmux took the last key or text sent here
        self.name = f"rr-{uuid.uuid4().hex[:8]}"
        self.socket = f"rr-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = f"exec env {exports} {shlex.join(command)}"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                   line)

    def _tmux(self, *args: str) -> str:
        """Run a tmux command on our private server socket."""
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                             check=True, env={**os.environ, "TERM": "xterm-256color"})
        return out.stdout

    def send(self, *keys: str) -> None:
        """Send tmux key names (``Enter``, ``Tab``, ``C-s``, ``Escape``), one at a time.

        A short pause between keys, as a person's typing has: a burst of keys arriving in one
        read can otherwise reach the app before the widget that should take them has focus.
        """
        for key in keys:
            self._paced("send-keys", "-t", self.name, key)

    def type(self, text: str) -> None:
        """Type literal text into the focused field (paced as :meth:`send` paces keys)."""
        self._paced("send-keys", "-t", self.name, "-l", text)

    def _paced(self, *args: str) -> None:
        """A tmux command that sends input, at least ``KEY_PAUSE`` after the previous one.

        The pause comes before the next key rather than after each one: what a test does after
        its last key (wait for the screen, read the store, send a signal) starts at once, as it
        would after a person's last key, instead of ``KEY_PAUSE`` later (the kill tests' signal
        "just after the save key" came 150 ms after it). Keys still never come closer together.
        """
        wait = self.last_key_at + KEY_PAUSE - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._tmux(*args)
        self.last_key_at = time.monotonic()

    def capture_request(self, request: str, intent: str, saved: str = "CR-1 saved") -> None:
        """``n``, the request, two tabs to Intent, the intent, ``ctrl+s``; wait for the save."""
        self.send("n")
        self.wait_for("New request")
        self.type(request)
        self.send("Tab", "Tab")
        self.type(intent)
        self.send("C-s")
        self.wait_for(saved)

    def screen(self) -> str:
        """The visible pane as plain text."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll the pane until ``text`` shows; fail with the last screen when it never does."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            # One tmux command a poll: when the session has ended, capturing fails where
            # alive() would have said so, and the last screen is kept.
            with contextlib.suppress(subprocess.CalledProcessError):
                screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear within {timeout}s; screen was:\n{screen}")

    def pid(self) -> int:
        """The pid of the program running in the pane."""
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def alive(self) -> bool:
        """Whether the tmux session still exists."""
        result = subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", self.name],
                                capture_output=True)
        return result.returncode == 0

    def kill_program(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """Send ``sig`` to the program in the pane and wait until it is gone."""
        pid = self.pid()
        os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise AssertionError(f"process {pid} survived {sig.name}")

    def close(self) -> None:
        """Kill the tmux server of this pane."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
