"""A real HTTP server on 127.0.0.1 for tests that fetch web pages (capture, outcome checks).

Tests never fetch from the internet: they fetch from this server, whose pages the test sets::

    def test_something(local_site, settings):
        settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = True   # the server is on 127.0.0.1
        url = local_site.set("/post/1", body=b"<p>Hello</p>")    # 200, text/html; returns the URL
        local_site.set("/photo.png", body=png, content_type="image/png")
        local_site.remove("/post/2")                             # 404 (or status=410)
        local_site.redirect("/short", "/post/1")                 # 302 (or status=301, 307, ...)
        local_site.url("/anything")                              # http://127.0.0.1:<port>/anything
        local_site.requests                                      # what was asked for, in order

``set(path, *, status=200, body=b"", content_type="text/html; charset=utf-8", headers=None,
delay=0.0)`` answers GET (and HEAD, without the body) for ``path``; ``path`` may include a query
string, which is matched first. Paths never set answer 404. ``delay`` waits that many seconds
before answering. Routes can be changed while the server runs (a page can come down mid-test).

The server speaks plain http only: a TLS handshake (an https:// URL) is closed at once, so a
client trying https first fails fast instead of waiting for a timeout.

Use the ``local_site`` fixture (registered in ``endeavour/online/tests/conftest.py``; import it in
another conftest to use it elsewhere), or ``with LocalSite.running() as site:`` outside pytest.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = ["LocalSite", "Page", "SeenRequest", "local_site"]


@dataclass(frozen=True)
class Page:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]


NOT_FOUND = Page(status=404, body=b"<h1>Not found</h1>")


class LocalSite:
    """A running local server with a routing table (see the module docstring)."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self._lock = threading.Lock()
        self._pages: dict[str, Page] = {}
        self.requests: list[SeenRequest] = []
        host, port = server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path if path.startswith('/') else '/' + path}"

    def set(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes | str = b"",
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> str:
        """Serve ``body`` at ``path``; returns the page's full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._pages[path] = Page(status, data, content_type, dict(headers or {}), delay)
        return self.url(path)

    def remove(self, path: str, *, status: int = 404) -> str:
        """The page is gone: answer ``status`` (404 or 410) from now on."""
        body = b"<h1>Gone</h1>" if status == 410 else NOT_FOUND.body
        return self.set(path, status=status, body=body)

    def redirect(self, path: str, to: str, *, status: int = 302) -> str:
        """Redirect ``path`` to ``to`` (a path on this server or a full URL)."""
        return self.set(path, status=status, body=b"", headers={"Location": to})

    def page_for(self, path: str) -> Page:
        with self._lock:
            return self._pages.get(path) or self._pages.get(path.split("?", 1)[0]) or NOT_FOUND

    def record(self, seen: SeenRequest) -> None:
        with self._lock:
            self.requests.append(seen)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[LocalSite]:
        server = _Server(("127.0.0.1", 0), _Handler)
        site = cls(server)
        server.site = site
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield site
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a test that ends mid-response does not wait for it
    site: LocalSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early (a capped download, a refused handshake) are normal."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "EndeavourTestSite/1.0"

    def handle(self) -> None:
        try:
            first = self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if first == b"\x16":  # a TLS ClientHello: this server speaks plain http only
            return
        super().handle()

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        site = self.server.site
        site.record(SeenRequest(self.command, self.path, dict(self.headers.items())))
        page = site.page_for(self.path)
        if page.delay:
            time.sleep(page.delay)
        try:
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if with_body and page.body:
                self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test output is not the place for an access log."""


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    """A local HTTP server for the test, shut down after it (see the module docstring)."""
    with LocalSite.running() as site:
        yield site
