"""``reviewroom serve``: the watch view in a browser, loopback by default, a watch per session."""

from __future__ import annotations

import asyncio
import importlib.util
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from reviewroom.store.project import Project
from reviewroom.tui.cli import live
from reviewroom.tui.cli.live import is_loopback, watch_command_line
from tests.conftest import ProjectFactory
from tests.support import make_app, run_cli


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


def test_missing_extra_is_one_clear_line(home: Path, new_project: ProjectFactory,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    new_project()
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import now raises ImportError
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.setitem(sys.modules, "reviewroom.tui.web_server", None)
    result = run_cli(home, "serve", "acme")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "Error: Serving the watch view needs textual-serve; install it with: "
        "pip install 'reviewroom[serve]' (from a clone of reviewroom: pip install -e '.[serve]')"
    ]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "reviews.example.com"])
def test_listening_beyond_loopback_warns_and_recommends_a_tunnel(
    home: Path, new_project: ProjectFactory, fake_server: type[FakeServer], host: str
) -> None:
    new_project()
    result = run_cli(home, "serve", "acme", "--host", host, "--port", "8123")
    assert result.exit_code == 0, result.output
    warning = result.stderr
    assert "no login of its own" in warning and host in warning
    assert "ssh -L 8123:127.0.0.1:8123" in warning
    assert fake_server.made[0].options["host"] == host and fake_server.made[0].served


@pytest.mark.parametrize("host", [None, "127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_is_the_default_and_quiet(
    home: Path, new_project: ProjectFactory, fake_server: type[FakeServer], host: str | None
) -> None:
    new_project()
    result = run_cli(home, "serve", "acme", *(["--host", host] if host else []))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    server = fake_server.made[0]
    assert server.options["host"] == (host or "127.0.0.1") and server.options["port"] == 8000
    line = shlex.split(server.command)
    assert line[-3:] == ["watch", "acme", "--no-ascii"]
    assert line[line.index("--home") + 1] == str(home.absolute())


@pytest.mark.parametrize("host", [" 0.0.0.0", "0.0.0.0 ", "", "[::", "a b", "host_name", "-x"])
def test_a_host_that_is_no_address_is_one_clear_line(
    home: Path, new_project: ProjectFactory, fake_server: type[FakeServer], host: str
) -> None:
    new_project()
    result = run_cli(home, "serve", "acme", "--host", host)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: '{host}' is not an address or a host name; give one such as 127.0.0.1, ::1, "
        "0.0.0.0, :: or reviews.example.com (no spaces)."
    ]
    assert fake_server.made == []


def test_brackets_around_an_ipv6_address_are_accepted(
    home: Path, new_project: ProjectFactory, fake_server: type[FakeServer]
) -> None:
    new_project()
    result = run_cli(home, "serve", "acme", "--host", "[::1]", "--port", str(free_port()))
    assert result.exit_code == 0, result.output
    assert fake_server.made[0].options["host"] == "::1"


@pytest.mark.parametrize("where", ["port in use", "address not on this machine"])
def test_an_address_that_cannot_be_listened_on_is_one_clear_line(
    home: Path, new_project: ProjectFactory, fake_server: type[FakeServer], where: str
) -> None:
    new_project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        host, port = "127.0.0.1", taken.getsockname()[1]
        if where != "port in use":
            host = "192.0.2.1"  # TEST-NET-1: documentation only, never assigned to a machine
        result = run_cli(home, "serve", "acme", "--host", host, "--port", str(port))
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: Cannot listen on {host} port {port}")
    assert fake_server.made == []


def test_a_failure_to_listen_while_serving_is_one_clear_line(
    home: Path, new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Refused(FakeServer):
        def serve(self) -> None:
            raise OSError(98, "Address already in use")

    new_project()
    monkeypatch.setattr(live, "load_server", lambda lang: Refused)
    result = run_cli(home, "serve", "acme", "--port", str(free_port()))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: Cannot listen on 127.0.0.1 port ")
    assert "(Address already in use)" in result.stderr


def test_serve_refuses_an_unknown_project_before_serving(
    home: Path, fake_server: type[FakeServer]
) -> None:
    result = run_cli(home, "serve", "nope")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert fake_server.made == []


def test_the_session_command_is_a_watch_with_home_and_language(tmp_path: Path) -> None:
    line = watch_command_line("acme", home=tmp_path / "h", lang="pl")
    assert line[-2:] == ["watch", "acme"]
    assert line[line.index("--home") + 1] == str((tmp_path / "h").absolute())
    assert line[line.index("--lang") + 1] == "pl"
    assert line.index("--lang") < line.index("watch")  # root options come before the command
    assert "open" not in line


@pytest.mark.parametrize("given", [True, False])
def test_serve_passes_facilitator_view_on_to_each_session(
    home: Path, new_project: ProjectFactory, fake_server: type[FakeServer], given: bool
) -> None:
    """Watchers see no tone warnings unless the server was told the viewers are facilitators."""
    new_project()
    result = run_cli(home, "serve", "acme", *(["--facilitator-view"] if given else []))
    assert result.exit_code == 0, result.output
    line = shlex.split(fake_server.made[0].command)
    assert ("--facilitator-view" in line) is given
    assert line.index("watch") < line.index("--no-ascii")
    if given:
        assert line.index("watch") < line.index("--facilitator-view")


@pytest.mark.parametrize("given", [True, False])
def test_watch_takes_facilitator_view(home: Path, new_project: ProjectFactory,
                                      monkeypatch: pytest.MonkeyPatch, given: bool) -> None:
    new_project()
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(live, "run_app", lambda project, **options: runs.append(options))
    result = run_cli(home, "watch", "acme", *(["--facilitator-view"] if given else []))
    assert result.exit_code == 0, result.output
    assert runs[0]["read_only"] is True
    assert runs[0]["facilitator_view"] is given


def test_the_session_command_uses_the_console_script_or_the_package(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    assert watch_command_line("acme", home=tmp_path, executable=str(python))[:4] == [
        str(python), "-P", "-m", "reviewroom"]
    (bin_dir / "reviewroom").touch()
    assert watch_command_line("acme", home=tmp_path, executable=str(python))[0] == \
        str(bin_dir / "reviewroom")


def test_a_project_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = watch_command_line("./clients/acme", home=tmp_path, ascii_look=True)
    assert line[-2:] == [str(tmp_path / "clients" / "acme"), "--ascii"]


def test_the_package_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-P", "-m", "reviewroom", "--version"],
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
                     timeout: float, origin: str | None = None) -> list[float]:
    """Open a browser session's websocket and follow ``steps``; when each text was drawn.

    A text step waits until the session has drawn it; a callable step runs at once (to let the
    writer change something). Returns the seconds from connecting to each text.
    """
    import aiohttp

    seen: list[float] = []
    origin = origin or "http://" + url.split("/")[2]  # the page's own origin, as a browser sends
    async with aiohttp.ClientSession() as session, \
            session.ws_connect(url, headers={"Origin": origin}) as websocket:
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
def test_a_browser_session_shows_the_read_only_view(home: Path,
                                                    new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Prototype review", requests=["Bigger logo on page 1"])
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


async def test_the_watch_palette_offers_nothing_that_writes(folder: Path) -> None:
    for read_only in (True, False):
        app = make_app(folder, read_only=read_only)
        async with app.run_test() as pilot:
            await pilot.pause()
            titles = {command.title for command in app.get_system_commands(app.screen)}
        app.project.close()
        assert ("Screenshot" in titles) is not read_only
        assert ("New" in titles) is not read_only


# ------------------------------------------------------------------ who may connect, how many


def test_the_served_authorities() -> None:
    from reviewroom.tui.web_server import origin_authority, served_authorities

    loopback = served_authorities("127.0.0.1", 8000)
    assert loopback == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert served_authorities("::1", 8000) == loopback
    named = served_authorities("10.0.0.5", 8000, ["reviews.example", "proxy.example:443"])
    assert named == {"10.0.0.5:8000", "reviews.example:8000", "proxy.example:443"}
    assert origin_authority("http://LOCALHOST:8000") == "localhost:8000"
    assert origin_authority("https://proxy.example") == "proxy.example:443"
    assert origin_authority("null") is None and origin_authority("file:///x") is None
    assert origin_authority(None) is None


class ServeProcess:
    """A real ``reviewroom serve`` on a free port, stopped with SIGTERM."""

    def __init__(self, home: Path, *options: str) -> None:
        self.port = free_port()
        script = Path(sys.executable).with_name("reviewroom")
        self.process = subprocess.Popen(
            [str(script), "--home", str(home), "serve", "acme", "--port", str(self.port),
             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("serve did not start listening")

    @property
    def base(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> bytes:
        self.process.send_signal(signal.SIGTERM)
        try:
            out, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        return out


async def upgrade(url: str, headers: dict[str, str]) -> int:
    """Try a WebSocket upgrade; 101 when it was accepted (and READ-ONLY drawn), else the status."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers) as websocket:
                output = b""
                while b"READ-ONLY" not in output:
                    message = await asyncio.wait_for(websocket.receive(), 30)
                    assert message.type is aiohttp.WSMsgType.BINARY, message
                    output += message.data
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


async def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET a page: its status and text."""
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as reply:
        return reply.status, await reply.text()


needs_serve = pytest.mark.skipif(importlib.util.find_spec("textual_serve") is None,
                                 reason="textual-serve is not installed: pip install -e '.[serve]'")


@needs_serve
def test_only_the_served_origin_may_connect(home: Path, new_project: ProjectFactory) -> None:
    new_project(meeting="Prototype review")
    server = ServeProcess(home, "--allow-host", "reviews.example")
    port, url = server.port, f"ws://{server.base}/ws?width=100&height=30"
    cases = {
        "cross-origin page": ({"Origin": "http://evil.example"}, 403),
        "no origin": ({}, 403),
        "same host, other port": ({"Origin": f"http://127.0.0.1:{port + 1}"}, 403),
        "file page": ({"Origin": "null"}, 403),
        "rebinding host": ({"Origin": f"http://evil.example:{port}",
                            "Host": f"evil.example:{port}"}, 403),
        "served origin": ({"Origin": f"http://127.0.0.1:{port}"}, 101),
        "loopback alias": ({"Origin": f"http://localhost:{port}"}, 101),
        "allowed name": ({"Origin": f"http://reviews.example:{port}",
                          "Host": f"reviews.example:{port}"}, 101),
    }
    try:
        results = {name: asyncio.run(upgrade(url, headers))
                   for name, (headers, _) in cases.items()}
        assert results == {name: status for name, (_, status) in cases.items()}
        status, page = asyncio.run(get(f"http://{server.base}/"))
        assert status == 200
        assert page.index("/page/no-links.js") < page.index("textual.js")  # links off, first
        assert f"ws://{server.base}/ws" in page
        status, page = asyncio.run(get(f"http://{server.base}/", {"Host": "evil.example"}))
        assert status == 403 and "not one the reviewroom view is served on" in page
        status, page = asyncio.run(get(f"http://{server.base}/",
                                       {"Host": f"localhost:{port}"}))
        assert status == 200 and f"ws://localhost:{port}/ws" in page
    finally:
        printed = server.stop()
    assert b"Serving the read-only meeting view on http://127.0.0.1" in printed


@needs_serve
def test_the_session_cap_holds_and_says_so(home: Path, new_project: ProjectFactory) -> None:
    import aiohttp

    new_project(meeting="Prototype review")
    server = ServeProcess(home, "--max-sessions", "2")
    url = f"ws://{server.base}/ws?width=100&height=30"
    origin = {"Origin": f"http://{server.base}"}

    async def scenario() -> list[int]:
        statuses = []
        async with aiohttp.ClientSession() as session:
            held = []
            for _ in range(2):
                websocket = await session.ws_connect(url, headers=origin)
                output = b""
                while b"READ-ONLY" not in output:
                    output += (await asyncio.wait_for(websocket.receive(), 30)).data
                held.append(websocket)
            statuses.append(await upgrade(url, origin))  # a third while two are held
            status, page = await get(f"http://{server.base}/")
            statuses.append(status)
            assert "full: 2 viewers" in page
            await held[0].close()
            for _ in range(100):  # the server notices the closed session
                if (await get(f"http://{server.base}/"))[0] == 200:
                    break
                await asyncio.sleep(0.1)
            statuses.append(await upgrade(url, origin))  # a place is free again
            await held[1].close()
        return statuses

    try:
        assert asyncio.run(scenario()) == [503, 503, 101]
    finally:
        server.stop()


async def fetch(url: str, headers: dict[str, str] | None = None
                ) -> tuple[int, dict[str, str], bytes]:
    """GET anything: its status, headers and body."""
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as reply:
        return reply.status, dict(reply.headers), await reply.read()


ASSET = re.compile(r"""(?:src|href)="([^"]*)"|url\("([^"]*)"\)""")


@needs_serve
def test_the_page_and_everything_it_loads_come_from_this_server(
    home: Path, new_project: ProjectFactory
) -> None:
    new_project(meeting="Prototype review")
    server = ServeProcess(home)
    try:
        status, headers, body = asyncio.run(fetch(f"http://{server.base}/"))
        assert status == 200
        page = body.decode()
        policy = headers["Content-Security-Policy"]
        assert policy.startswith("default-src 'self'; script-src 'self';")
        assert f"connect-src 'self' ws://{server.base};" in policy
        assert "frame-ancestors 'none'" in policy and headers["X-Content-Type-Options"] == "nosniff"
        assert "googleapis" not in page and "<script>" not in page and "onClick" not in page
        assets = [a or b for a, b in ASSET.findall(page)]
        _, _, style = asyncio.run(fetch(f"http://{server.base}/page/page.css"))
        assets += [a or b for a, b in ASSET.findall(style.decode())]
        assert "/static/fonts/RobotoMono-VariableFont_wght.ttf" in assets
        for asset in assets:
            assert asset.startswith("/") and not asset.startswith("//"), asset
            status, headers, _ = asyncio.run(fetch(f"http://{server.base}{asset}"))
            assert status == 200, asset
            assert "default-src 'self'" in headers["Content-Security-Policy"]
        status, headers, _ = asyncio.run(fetch(f"http://{server.base}/",
                                               {"Host": "evil.example"}))
        assert status == 403 and "connect-src 'self';" in headers["Content-Security-Policy"]
    finally:
        server.stop()


def test_the_page_script_still_names_the_web_links_addon() -> None:
    """The no-links script relies on textual-serve's page storing the addon as weblinksAddon."""
    spec = importlib.util.find_spec("textual_serve")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("textual-serve is not installed")
    script = Path(list(spec.submodule_search_locations)[0]) / "static" / "js" / "textual.js"
    source = script.read_text("utf-8")
    assert "this.weblinksAddon=new" in source and "loadAddon(this.weblinksAddon)" in source


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_the_no_links_script_leaves_the_addon_inert() -> None:
    """Run the injected script, then textual-serve's pattern (``this.weblinksAddon = new …;
    this.terminal.loadAddon(this.weblinksAddon)``): the addon never registers a link provider."""
    pytest.importorskip("textual_serve")
    from reviewroom.tui.web_server import WEB_FILES

    page = (WEB_FILES / "static" / "no-links.js").read_text("utf-8") + """
    let providers = 0;
    class WebLinksAddon { activate(terminal) { providers += 1; } }
    class Terminal { loadAddon(addon) { addon.activate(this); } }
    class Client {
      constructor() {
        this.terminal = new Terminal();
        this.weblinksAddon = new WebLinksAddon();
        this.terminal.loadAddon(this.weblinksAddon);
      }
    }
    const client = new Client();
    if (!(client.weblinksAddon instanceof WebLinksAddon)) throw new Error("addon lost");
    other = {}; other.weblinksAddon = 1;  // another object keeps working
    console.log(JSON.stringify({providers, other: other.weblinksAddon}));
    """
    result = subprocess.run(["node", "-e", page], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '{"providers":0,"other":1}'
