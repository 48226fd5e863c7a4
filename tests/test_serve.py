"""``reviewroom serve``: the watch view in a browser, loopback by default, a watch per session."""

from __future__ import annotations

import asyncio
import importlib.util
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner, Result

from store.project import Project
from tests.conftest import ProjectFactory
from tui.cli import cli
from tui.commands import live
from tui.commands.live import is_loopback, watch_command_line


def run(home: Path, *args: str) -> Result:
    """``reviewroom --home HOME ARGS…`` in-process."""
    return CliRunner().invoke(cli, ["--home", str(home), *args])


class FakeServer:
    """Stands in for textual-serve's Server: records what it was given, serves nothing."""

    made: ClassVar[list[FakeServer]] = []

    def __init__(self, command: str, **options: Any) -> None:
        self.command = command
        self.options = options
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    """``serve`` builds a FakeServer instead of starting textual-serve."""
    FakeServer.made = []
    monkeypatch.setattr(live, "load_server", lambda lang: FakeServer)
    return FakeServer


def test_missing_extra_is_one_clear_line(home: Path, project: ProjectFactory,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project()
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import now raises ImportError
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    result = run(home, "serve", "acme")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "Error: Serving the watch view needs textual-serve; install it with: "
        "pip install 'reviewroom[serve]' (from a clone of reviewroom: pip install -e '.[serve]')"
    ]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "reviews.example.com"])
def test_listening_beyond_loopback_warns_and_recommends_a_tunnel(
    home: Path, project: ProjectFactory, fake_server: type[FakeServer], host: str
) -> None:
    project()
    result = run(home, "serve", "acme", "--host", host, "--port", "8123")
    assert result.exit_code == 0, result.output
    warning = result.stderr
    assert "no login of its own" in warning and host in warning
    assert "ssh -L 8123:127.0.0.1:8123" in warning
    assert fake_server.made[0].options["host"] == host and fake_server.made[0].served


@pytest.mark.parametrize("host", [None, "127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_is_the_default_and_quiet(
    home: Path, project: ProjectFactory, fake_server: type[FakeServer], host: str | None
) -> None:
    project()
    result = run(home, "serve", "acme", *(["--host", host] if host else []))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    server = fake_server.made[0]
    assert server.options["host"] == (host or "127.0.0.1") and server.options["port"] == 8000
    line = shlex.split(server.command)
    assert line[-3:] == ["watch", "acme", "--no-ascii"]
    assert line[line.index("--home") + 1] == str(home.absolute())


def test_serve_refuses_an_unknown_project_before_serving(
    home: Path, fake_server: type[FakeServer]
) -> None:
    result = run(home, "serve", "nope")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert fake_server.made == []


def test_the_session_command_is_a_watch_with_home_and_language(tmp_path: Path) -> None:
    line = watch_command_line("acme", home=tmp_path / "h", lang="pl")
    assert line[-2:] == ["watch", "acme"]
    assert line[line.index("--home") + 1] == str((tmp_path / "h").absolute())
    assert line[line.index("--lang") + 1] == "pl"
    assert line.index("--lang") < line.index("watch")  # root options come before the command
    assert "open" not in line


def test_the_session_command_uses_the_console_script_or_the_package(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    assert watch_command_line("acme", home=tmp_path, executable=str(python))[:4] == [
        str(python), "-P", "-m", "tui"]
    (bin_dir / "reviewroom").touch()
    assert watch_command_line("acme", home=tmp_path, executable=str(python))[0] == \
        str(bin_dir / "reviewroom")


def test_a_project_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = watch_command_line("./clients/acme", home=tmp_path, ascii_look=True)
    assert line[-2:] == [str(tmp_path / "clients" / "acme"), "--ascii"]


def test_the_package_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-P", "-m", "tui", "--version"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and "reviewroom" in result.stdout


def test_loopback_detection() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "10.0.0.1", "example.com", ""]))


# ------------------------------------------------------------------ the real server, briefly


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def read_until(url: str, steps: list[str | Callable[[], object]],
                     timeout: float) -> list[float]:
    """Open a browser session's websocket and follow ``steps``; when each text was drawn.

    A text step waits until the session has drawn it; a callable step runs at once (to let the
    writer change something). Returns the seconds from connecting to each text.
    """
    import aiohttp

    seen: list[float] = []
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as websocket:
        started = time.monotonic()
        output = b""
        pending = list(steps)
        while pending:
            step = pending[0]
            if callable(step):
                step()
                pending.pop(0)
                output = b""
                continue
            if step.encode() in output:
                pending.pop(0)
                seen.append(time.monotonic() - started)
                continue
            left = timeout - (time.monotonic() - started)
            message = await asyncio.wait_for(websocket.receive(), max(left, 0.01))
            if message.type is aiohttp.WSMsgType.BINARY:
                output += message.data
            elif message.type is not aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the session ended before showing {step!r}")
    return seen


@pytest.mark.skipif(importlib.util.find_spec("textual_serve") is None,
                    reason="textual-serve is not installed: pip install 'reviewroom[serve]'")
def test_a_browser_session_shows_the_read_only_view(home: Path, project: ProjectFactory) -> None:
    folder = project(meeting="Prototype review")
    with Project.open(folder) as writer:
        writer.add_request("Bigger logo on page 1")
    port = free_port()
    script = Path(sys.executable).with_name("reviewroom")
    server = subprocess.Popen([str(script), "--home", str(home), "serve", "acme", "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and server.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/ws?width=100&height=30"

        def capture() -> None:
            with Project.open(folder) as writer:  # the browser session holds no lock
                writer.add_request("Shorter final quiz")

        steps: list[str | Callable[[], object]] = [
            "READ-ONLY", "Bigger logo on page 1", capture, "Shorter final quiz"]
        seen = asyncio.run(read_until(url, steps, timeout=20))
        lag = seen[2] - seen[1]  # includes the writer's own open, save and close
        assert lag < 1.5, f"the browser view followed the writer after {lag:.2f}s"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        assert server.stderr is not None
        server.stderr.close()


async def test_the_watch_palette_offers_nothing_that_writes(tmp_path: Path) -> None:
    from tests.support import make_app, make_project

    folder = make_project(tmp_path)
    for read_only in (True, False):
        app = make_app(folder, read_only=read_only)
        async with app.run_test() as pilot:
            await pilot.pause()
            titles = {command.title for command in app.get_system_commands(app.screen)}
        app.project.close()
        assert ("Screenshot" in titles) is not read_only
        assert ("New" in titles) is not read_only
