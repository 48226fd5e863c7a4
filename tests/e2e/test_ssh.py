"""End-to-end over a real SSH connection to localhost: a dropped connection loses nothing.

The fixture starts OpenSSH's server on a free loopback port with a throw-away host key and a key
pair for the current user. The test logs in from a tmux pane (``ssh -tt``) and opens the meeting
app, captures a request with its intent, then kills the ssh client as a dropped link would. The
server hangs up the remote terminal (SIGHUP); the app must end cleanly, releasing the lock, and
a new login shows the request.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewroom.store.lock import ProjectLock, read_holder
from reviewroom.store.project import Project
from tests.e2e.launch import RECORD_ENDING, reviewroom, wait_ending
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

SSHD = "/usr/sbin/sshd"
PRIVSEP_DIR = Path("/run/sshd")  # OpenSSH's compiled-in privilege separation directory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(
        not (Path(SSHD).exists() and shutil.which("ssh") and shutil.which("ssh-keygen")),
        reason="openssh-server and openssh-client are not installed (.ci/run installs them)",
    ),
]


@dataclass(frozen=True)
class SSHServer:
    """How to log in to the test's sshd."""

    port: int
    key: Path
    user: str

    def command(self, *remote: str, tty: bool = True) -> list[str]:
        """``ssh -tt`` to this server running ``remote`` (quoted for the remote shell)."""
        return ["ssh", "-tt" if tty else "-T", "-i", str(self.key), "-p", str(self.port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                f"{self.user}@127.0.0.1", shlex.join(remote)]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def keygen(path: Path) -> Path:
    """An ed25519 key pair without a passphrase; returns the private key's path."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "reviewroom-test",
                    "-f", str(path)], check=True)
    return path


SSHD_CONFIG = """\
ListenAddress 127.0.0.1
Port {port}
HostKey {host_key}
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
"""


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SSHServer]:
    """sshd on a free loopback port, accepting a fresh key for the current user."""
    folder = tmp_path / "sshd"
    folder.mkdir()
    host_key = keygen(folder / "host_key")
    client_key = keygen(folder / "client_key")
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(SSHD_CONFIG.format(port=port, host_key=host_key, folder=folder))
    if os.geteuid() == 0:
        PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)
    log = folder / "sshd.log"
    server = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(log)])
    try:
        wait_listening(port, server, log)
        login = SSHServer(port, client_key, getpass.getuser())
        check_login(login, log)
        yield login
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_listening(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Until sshd accepts connections; fail with its log when it exits or never listens."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    text = log.read_text() if log.exists() else ""
    pytest.fail(f"sshd did not start on port {port}:\n{text}")


def check_login(login: SSHServer, log: Path) -> None:
    """One plain login first, so that a refused key fails with sshd's own reason."""
    probe = subprocess.run(login.command("true", tty=False), capture_output=True, text=True,
                           timeout=30, stdin=subprocess.DEVNULL)
    if probe.returncode != 0:
        pytest.fail(f"ssh login as {login.user} failed: {probe.stderr}\n{log.read_text()}")


def gone(pid: int, timeout: float) -> float:
    """Seconds until process ``pid`` is gone; fails after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"the app (pid {pid}) was still running {timeout}s after the hang-up")


def lock_is_free(folder: Path) -> bool:
    """Whether a writer could take the project's lock right now."""
    lock = ProjectLock(folder)
    try:
        lock.acquire()
    except Exception:
        return False
    lock.release()
    return True


def test_dropped_ssh_connection_loses_nothing_and_frees_the_lock(
    tmp_path: Path, sshd: SSHServer
) -> None:
    folder = make_project(tmp_path / "home", meeting=PROTOTYPE_REVIEW)
    app = [reviewroom(), "--home", str(tmp_path / "home"), "open", "acme"]
    ending = tmp_path / "ending"
    # The recorder outlives the hang-up and writes how the app ended.
    remote = ["env", "TERM=xterm-256color", sys.executable, "-c", RECORD_ENDING, str(ending),
              *app]
    pane = TmuxPane(sshd.command(*remote), env={"TERM": "xterm-256color"})
    try:
        pane.wait_for("Prototype review", timeout=20)
        pane.capture_request("Make the logo bigger", "Staff recognise the brand")
        pid = int(read_holder(folder / "reviewroom.lock")["pid"])
        pane.kill_program(signal.SIGKILL)  # the ssh client: the link drops
    finally:
        pane.close()

    took = gone(pid, timeout=10)
    assert wait_ending(ending) == f"exit {128 + signal.SIGHUP}", "the app did not end cleanly"
    assert took < 5, f"the app took {took:.1f}s to end after the hang-up"
    assert lock_is_free(folder)
    with Project.open(folder) as project:
        stored = project.request("CR-1")
        assert (stored.request, stored.intent) == ("Make the logo bigger",
                                                   "Staff recognise the brand")

    again = TmuxPane(sshd.command("env", "TERM=xterm-256color", *app),
                     env={"TERM": "xterm-256color"})
    try:
        screen = again.wait_for("CR-1", timeout=20)
        assert "Make the logo bigger" in screen
        again.send("q")
        deadline = time.monotonic() + 10
        while again.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not again.alive(), "q did not end the app over ssh"
    finally:
        again.close()
    assert lock_is_free(folder)
