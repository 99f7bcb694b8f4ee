"""The dev server's HTTP side (serve.py): the output folder served as each request finds it,
every HTML page with the reload script, and the reload events.

What it serves and how it meets the swap of the output folder is told in serve.py's
docstring; the site it serves (`Server`) gives the folder (`root`), the builds (`builds`)
and the clients' time limit (`timeout`).
"""

from __future__ import annotations

import os
import socket
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from socketserver import TCPServer
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

from .guard import GuardedHandler, GuardedServer, allowing_inline_styles, open_regular, within
from .shipped import templates_dir

if TYPE_CHECKING:
    from .serve import Server

PREFIX = "/__briefbook__/"  # the server's own URLs; a built site has no such folder
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "reload.js"
HEARTBEAT = 15.0  # seconds between keep-alive comments on an event stream
SWAP_ATTEMPTS = 5  # a request that meets the swap looks for its file this many times


class HTTPServer(GuardedServer, ThreadingHTTPServer):
    """ThreadingHTTPServer for any address family, quiet about clients that hang up."""

    def __init__(self, address: tuple[str, int], site: Server) -> None:
        self.site = site
        self.address_family = socket.getaddrinfo(*address, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
        super().__init__(address, _Handler)
        self.guard(site.timeout)
    def server_bind(self) -> None:
        # http.server's own looks the host's name up in DNS, which can hang for seconds.
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed tab is no error
            super().handle_error(request, client_address)


class _Handler(GuardedHandler, SimpleHTTPRequestHandler):
    """Serves the output folder as it is at each request, HTML with the reload script."""

    server: HTTPServer

    def __init__(self, request, client_address, server: HTTPServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.site.root))

    def log_message(self, format: str, *args) -> None:
        pass  # a line per request would bury the build reports

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            return self._events()
        if path == SCRIPT:
            script = (templates_dir() / "assets" / "reload.js").read_bytes()
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", script)
        build = self.server.site.builds.latest()  # before the file: see the module's docstring
        if build.errors and (path.endswith("/") or self.guess_type(path) == "text/html"):
            self.policy = allowing_inline_styles(build.page)  # the error page's own <style>
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", _inject(build.page, build.number))
        found = self._open(path)
        if found is None:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if isinstance(found, str):
            return self._redirect(found)
        name, file = found
        kind = self.guess_type(name)
        if kind == "text/html":
            with file:
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", _inject(file.read(), build.number))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(os.fstat(file.fileno()).st_size))
        self.end_headers()
        return file

    def _open(self, path: str):
        """The requested file as (name, open file); a URL to redirect a folder to; or None."""
        out = Path(self.directory)
        for _ in range(SWAP_ATTEMPTS):
            folder = next((f for f in (out, out.with_name(f".{out.name}.previous")) if _identity(f)), None)
            if folder is None:
                continue  # between the checks the swap finished: look again
            seen = _identity(folder)
            self.directory = str(folder)
            name = self.translate_path(self.path)
            self.directory = str(out)
            if not within(folder, name):
                return None  # a symlink (or a path) leading out of the site: as if not there
            if os.path.isdir(name):
                if not path.endswith("/"):
                    parts = urlsplit(self.path)
                    return urlunsplit(parts._replace(path=parts.path + "/"))
                name = os.path.join(name, "index.html")
                if not within(folder, name):
                    return None
            try:
                return name, open_regular(name)
            except (OSError, ValueError):  # ValueError: a NUL byte in the path
                if folder == out and _identity(out) == seen:
                    return None  # the folder is still the site, so the file is really not there
        return None

    def _events(self) -> None:
        """The Server-Sent Events stream of build numbers; runs until the client or server leaves."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        if self.command == "HEAD":
            return
        builds = self.server.site.builds
        seen = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while (build := builds.wait(seen, HEARTBEAT)) is not None:
                if build.number != seen:
                    seen = build.number
                    self.wfile.write(f"data: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": waiting\n\n")
        except OSError:
            pass  # the page went away

    def _send(self, status: HTTPStatus, kind: str, data: bytes) -> BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return BytesIO(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _inject(page: bytes, number: int) -> bytes:
    """The page with the reload script's tag before its last </body> (or at its end)."""
    tag = f'<script src="{SCRIPT}" data-build="{number}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at this path now (device and inode), or None if none is."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino) if os.path.isdir(folder) else None
