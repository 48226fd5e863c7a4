"""``reviewroom serve``'s web server: textual-serve's ``Server``, refusing what it must not.

textual-serve accepts a WebSocket from any page the client's browser has open and starts a
process per connection without limit. This subclass (no fork: it overrides the public handlers)

* refuses a request whose ``Host`` is not one this server answers to, and a WebSocket upgrade
  whose ``Origin`` is not the served origin — the bound address on the served port, its loopback
  aliases (``localhost``, ``127.0.0.1``, ``[::1]``) when it listens on loopback, and the names
  given with ``--allow-host`` — so no other site can stream the meeting (nor a DNS-rebinding page
  pretend to be this one);
* caps concurrent sessions (``--max-sessions``) and says so on a clear page when full;
* keeps the page's terminal from turning URLs in client text into clickable links (its xterm.js
  web-links addon is made inert before textual-serve's script loads it);
* builds the page's URLs from the (checked) ``Host`` the browser used, so an allowed name works;
* serves its own page (``web/templates/app_index.html``): every asset from this server — no
  Google font, no inline script — under a Content-Security-Policy that refuses any other host;
* prints its own start-up line and log lines sanitised, like every other terminal output.

Importing this module needs textual-serve (the ``serve`` extra).
"""

from __future__ import annotations

import html
import ipaddress
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from reviewroom.store.i18n import t
from reviewroom.store.text import clean_line, clean_text

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
# reviewroom's own page (templates/app_index.html) and the script and style it adds (static/,
# served under PAGE_PREFIX); textual-serve's script, terminal style and font stay under /static/.
WEB_FILES = Path(__file__).resolve().parent / "web"
PAGE_PREFIX = "/page"
# Only this server: its page, scripts, style sheets, images, font and WebSocket. Style allows
# inline because textual-serve's bundled script inserts its terminal style as <style> elements;
# scripts do not (the page has none inline). {connect} adds the session's ws(s):// origin, named
# because older browsers do not count ws: as 'self'.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self'; font-src 'self'; connect-src 'self'{connect}; object-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def authority(host: str, port: int) -> str:
    """``host:port`` as a ``Host`` header writes it (IPv6 addresses in brackets), lower-cased."""
    host = host.strip().lower()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def served_authorities(host: str, port: int, allowed: Iterable[str] = ()) -> frozenset[str]:
    """Every ``host:port`` this server answers to.

    The bound address on the served port; on loopback (or on every address) its loopback aliases
    too; and each ``--allow-host`` name, on the served port unless it gives its own.
    """
    names = {authority(host, port)}
    try:
        address = ipaddress.ip_address(host.strip("[]"))
        local = address.is_loopback or address.is_unspecified
    except ValueError:
        local = host.strip().lower() == "localhost"
    if local:
        names |= {authority(name, port) for name in LOOPBACK_NAMES}
    for name in allowed:
        split = urlsplit(f"//{name.strip()}")
        if split.hostname:
            names.add(authority(split.hostname, split.port or port))
    return frozenset(names)


def host_authority(value: str | None, default_port: int) -> str | None:
    """A ``Host`` header as ``host:port`` (the scheme's port when it names none), or None."""
    if not value:
        return None
    try:
        split = urlsplit(f"//{value.strip()}")
        return authority(split.hostname, split.port or default_port) if split.hostname else None
    except ValueError:
        return None


def origin_authority(value: str | None) -> str | None:
    """An ``Origin`` header (``http(s)://host[:port]``) as ``host:port``, or None."""
    if not value:
        return None
    try:
        split = urlsplit(value.strip())
        if split.scheme not in ("http", "https") or not split.hostname:
            return None
        port = split.port or (443 if split.scheme == "https" else 80)
    except ValueError:
        return None
    return authority(split.hostname, port)


class SafeLogFormatter(logging.Formatter):
    """Log lines (which quote request paths and headers) sanitised for the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        """The usual line, with every control, C1 and bidi character shown as a placeholder."""
        return clean_text(super().format(record))


class GuardedServer(Server):
    """textual-serve's server with origin and host checks, a session cap and no link detection.

    Args:
        command: the shell command each session runs (``reviewroom … watch PROJECT``).
        host: the address to listen on.
        port: the port to listen on.
        title: the page's title.
        allowed_hosts: further names (``NAME`` or ``NAME:PORT``) browsers may use to reach it.
        max_sessions: how many sessions may run at once.
        lang: the language of its pages and messages.
    """

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        allowed_hosts: Iterable[str] = (),
        max_sessions: int = 8,
        lang: str = "en",
    ) -> None:
        super().__init__(command, host=host, port=port, title=title,
                         templates_path=WEB_FILES / "templates")
        self.allowed = served_authorities(host, port, allowed_hosts)
        self.max_sessions = max_sessions
        self.lang = lang
        self.sessions = 0
        self.refused = 0
        self.accepted = 0

    # ------------------------------------------------------------------ checks

    def checked_host(self, request: web.Request) -> str | None:
        """The request's ``Host`` as ``host:port`` if this server answers to it, else None.

        Built from the parsed name rather than the raw header, so the page and its policy never
        repeat anything else a client wrote there.
        """
        default = 443 if request.scheme == "https" else 80
        name = host_authority(request.headers.get("Host"), default)
        return name if name in self.allowed else None

    def host_allowed(self, request: web.Request) -> bool:
        """Whether the request's ``Host`` is one this server answers to."""
        return self.checked_host(request) is not None

    def origin_allowed(self, request: web.Request) -> bool:
        """Whether the WebSocket upgrade comes from the served origin (browsers always send it)."""
        return origin_authority(request.headers.get("Origin")) in self.allowed

    def _page(self, status: int, key: str, **params: Any) -> web.Response:
        """A small page with one message in the project's language."""
        message = html.escape(t(self.lang, key, **params))
        body = (f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
                f"<title>reviewroom</title></head><body><p>{message}</p></body></html>\n")
        return web.Response(status=status, text=body, content_type="text/html")

    def socket_origin(self, request: web.Request) -> str | None:
        """The session's WebSocket origin (``ws://host:port``) for a ``Host`` we answer to."""
        name = self.checked_host(request)
        if name is None:
            return None
        return ("wss://" if request.scheme == "https" else "ws://") + name

    # ------------------------------------------------------------------ the page and its headers

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, plus reviewroom's page files and security headers on each reply.

        textual-serve builds its application in this (private) method and takes no further
        routes; pinned below 2, it is the one place to add ours.
        """
        app = await super()._make_app()
        app.router.add_static(PAGE_PREFIX, WEB_FILES / "static", name="page")
        app.on_response_prepare.append(self.add_security_headers)
        return app

    async def add_security_headers(self, request: web.Request,
                                   response: web.StreamResponse) -> None:
        """The policy that keeps the page to this server, on every reply (pages, files, refusals).

        The WebSocket origin is named only for a ``Host`` this server answers to, so a header
        never echoes a name it refuses.
        """
        socket = self.socket_origin(request)
        connect = f" {socket}" if socket else ""
        response.headers["Content-Security-Policy"] = CSP.format(connect=connect)
        response.headers.update(SECURITY_HEADERS)

    # ------------------------------------------------------------------ handlers

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, if the host is ours and a session is free; a clear page otherwise."""
        socket = self.socket_origin(request)
        if socket is None:
            return self._page(403, "serve.wrong_host")
        if self.sessions >= self.max_sessions:
            return self._page(503, "serve.full", count=self.max_sessions)
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": socket + str(request.app.router["websocket"].url_for()),
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(  # type: ignore[override]  # a refusal is a plain response
        self, request: web.Request
    ) -> web.StreamResponse:
        """A session for the served origin while a place is free; refused before any process."""
        if not (self.host_allowed(request) and self.origin_allowed(request)):
            self.refused += 1
            return self._page(403, "serve.wrong_origin")
        if self.sessions >= self.max_sessions:
            self.refused += 1
            return self._page(503, "serve.full", count=self.max_sessions)
        self.sessions += 1
        self.accepted += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    # ------------------------------------------------------------------ terminal output

    def initialize_logging(self) -> None:
        """Plain log lines on stderr, sanitised (they quote paths and headers sent to us)."""
        handler = logging.StreamHandler()
        handler.setFormatter(SafeLogFormatter("%(levelname)s %(message)s"))
        logging.basicConfig(level="DEBUG" if self.debug else "WARNING", handlers=[handler])

    async def on_startup(self, app: web.Application) -> None:
        """One sanitised line saying where the view is served and how many may watch."""
        line = t(self.lang, "serve.started", url=clean_line(self.public_url),
                 count=self.max_sessions)
        print(clean_line(line), flush=True)
