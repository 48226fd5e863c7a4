"""End-to-end in a real browser: ``reviewroom serve`` opened in headless Chromium.

Playwright drives Debian's ``chromium`` (/usr/bin/chromium, which .ci/run installs), launched
with ``executable_path`` so Playwright never downloads a browser. The page opens, its session
starts, the project's requests appear, and a writer's change and highlighted request follow;
meanwhile every request the page makes (and its WebSocket) is recorded and must go to the
server's own host and port.

The terminal is drawn on a canvas, so what it shows is read from the WebSocket frames the page
receives (the session's terminal output), never from the page's text.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from reviewroom.store.project import Project
from tests.app.test_serve import ServeProcess
from tests.conftest import ProjectFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FRAME_TIMEOUT = 90.0  # seconds: a session starts a `reviewroom watch` process; a loaded CI is slow
FONT = "/static/fonts/RobotoMono-VariableFont_wght.ttf"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="no chromium browser (apt-get install chromium; .ci/run does)"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="Playwright is not installed: pip install -e '.[test]'"),
    pytest.mark.skipif(importlib.util.find_spec("textual_serve") is None,
                       reason="textual-serve is not installed: pip install -e '.[test]'"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module (Debian's; Playwright downloads nothing)."""
    from playwright.sync_api import sync_playwright

    # Chromium refuses to start its sandbox as root (CI containers): only then go without it.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Session:
    """A page showing the served view, with everything it asked for and received."""

    page: Any
    base: str  # the server's host:port
    requests: list[str] = field(default_factory=list)  # every URL the page requested
    statuses: dict[str, int] = field(default_factory=dict)  # URL -> the answer's status
    failures: dict[str, str] = field(default_factory=dict)  # URL -> why it got no answer
    sockets: list[str] = field(default_factory=list)  # every WebSocket URL it opened
    frames: list[bytes] = field(default_factory=list)  # what its WebSockets received
    console: list[str] = field(default_factory=list)  # console messages (CSP refusals land here)

    def shown(self, since: int = 0) -> str:
        """The terminal output received (from frame ``since`` on), as text."""
        return b"".join(self.frames[since:]).decode("utf-8", "replace")

    def foreign(self) -> list[str]:
        """Every request or WebSocket that went anywhere but this server."""
        return [url for url in self.requests + self.sockets
                if urlsplit(url).netloc != self.base or urlsplit(url).scheme not in ("http", "ws")]


def record(page: Any, base: str) -> Session:
    """Listen to everything ``page`` asks for and receives, before it loads anything."""
    session = Session(page, base)
    page.on("request", lambda request: session.requests.append(request.url))
    page.on("response", lambda response: session.statuses.__setitem__(response.url,
                                                                       response.status))
    page.on("requestfailed", lambda request: session.failures.__setitem__(request.url,
                                                                          request.failure))
    page.on("console", lambda message: session.console.append(message.text))

    def on_socket(websocket: Any) -> None:
        session.sockets.append(websocket.url)
        websocket.on("framereceived", lambda payload: session.frames.append(
            payload.encode() if isinstance(payload, str) else payload))

    page.on("websocket", on_socket)
    return session


def wait_for_frames(session: Session, predicate: Callable[[str], bool], *, since: int = 0,
                    timeout: float = FRAME_TIMEOUT) -> str:
    """Wait until the terminal output received (from frame ``since`` on) satisfies ``predicate``.

    Waiting on the page lets Playwright deliver its events; returns the output that satisfied it.
    """
    deadline = time.monotonic() + timeout
    while True:
        shown = session.shown(since)
        if predicate(shown):
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"the page never showed what was expected; its last output: "
                                 f"{shown[-400:]!r}")
        session.page.wait_for_timeout(100)


@pytest.fixture
def served(browser: Any, home: Path, new_project: ProjectFactory) -> Iterator[Session]:
    """A real ``reviewroom serve acme`` and a fresh browser page recording what it does."""
    new_project(meeting="Prototype review", requests=["Bigger logo on page 1"])
    server = ServeProcess(home)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(FRAME_TIMEOUT * 1000)  # page loads too, on a loaded machine
    try:
        yield record(context.new_page(), server.base)
    finally:
        context.close()
        server.stop()


def test_the_browser_view_follows_the_writer_and_asks_only_its_own_server(
    served: Session, home: Path
) -> None:
    served.page.goto(f"http://{served.base}/")  # loading the page starts the session
    wait_for_frames(served, lambda shown: "READ-ONLY" in shown and "Bigger logo" in shown)

    mark = len(served.frames)
    with Project.open(home / "acme") as writer:  # the browser session holds no lock
        writer.add_request("Shorter final quiz")
        wait_for_frames(served, lambda shown: "Shorter final quiz" in shown, since=mark)
        # Presenter mode: the writer highlights a request, and the page's view follows it (its
        # detail pane is redrawn for that request, titled with its ID).
        for rid, text in (("CR-2", "Shorter final quiz"), ("CR-1", "Bigger logo on page 1")):
            mark = len(served.frames)
            assert writer.publish_cursor(rid, "CR-1", 0)
            wait_for_frames(served, lambda shown, rid=rid, text=text: rid in shown
                            and text in shown, since=mark)

    assert served.foreign() == [], "the page asked another host"
    assert served.sockets == [f"ws://{served.base}/ws?" + served.sockets[0].split("?", 1)[1]]
    assert served.statuses[f"http://{served.base}{FONT}"] == 200  # the font: ours, not Google's
    assert served.page.evaluate("document.fonts.check(\"16px 'Roboto Mono'\")")
    assert not [line for line in served.console if "Content Security Policy" in line]


def test_the_page_policy_refuses_other_hosts(served: Session) -> None:
    served.page.goto(f"http://{served.base}/")
    wait_for_frames(served, lambda shown: "READ-ONLY" in shown)
    refused = served.page.evaluate("""async () => {
        const refused = new Set();
        const wanted = ["connect-src", "style-src-elem"];
        const all = new Promise((done) => document.addEventListener(
            "securitypolicyviolation", (event) => {
                refused.add(event.effectiveDirective);
                if (wanted.every((name) => refused.has(name))) done();
            }));
        const sheet = document.createElement("link");
        sheet.rel = "stylesheet";
        sheet.href = "https://fonts.googleapis.com/css?family=Roboto%20Mono";
        document.head.append(sheet);
        const fetched = await fetch("http://other.invalid/").then(() => "fetched", () => "refused");
        const socket = new WebSocket("ws://other.invalid/ws");
        const opened = await new Promise((done) => {
            socket.onopen = () => done(true);
            socket.onerror = socket.onclose = () => done(false);
        });
        // Bounded, so that a page without the policy fails here rather than hangs.
        await Promise.race([all, new Promise((done) => setTimeout(done, 20000))]);
        return {fetched, opened, refused: [...refused].sort()};
    }""")
    assert refused == {"fetched": "refused", "opened": False,
                       "refused": ["connect-src", "style-src-elem"]}
    # The style sheet reached the request log (the fetch and socket not even that): refused there.
    assert served.foreign() == ["https://fonts.googleapis.com/css?family=Roboto%20Mono"]
    assert {served.failures[url] for url in served.foreign()} == {"csp"}  # Chromium: blocked:csp
