"""What keeps `briefbook serve` safe from its clients: only regular files inside the output
folder, a deadline for every client, a bound on how many are served at once, only loopback
host names on loopback, and headers that tell browsers to run nothing but the site's own
scripts and styles.

These are mixins for the standard library's server and handler classes (see serve.py); the
server is a development tool on loopback, but a page open in a browser can make requests to
it, and so can anything else on the machine.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
import re
import socket
import stat
import threading
import time

IDLE_TIMEOUT = 10.0  # seconds a client may stay silent, or take over its request's headers
MAX_CLIENTS = 128  # connections served at once; more get 503 at once (each has a thread)
# The site's own pages need no inline script or style and nothing from another host.
CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
])


class GuardedServer:
    """Mixin for a ThreadingHTTPServer: at most MAX_CLIENTS at once, and connections whose
    request line and headers have not arrived within the timeout are shut."""

    closed: threading.Event | None = None  # until guard(): a server that failed to bind closes before

    def guard(self, timeout: float) -> None:
        """Start guarding, with this many seconds for each client (call after __init__)."""
        self.client_timeout = timeout
        self.clients = threading.BoundedSemaphore(MAX_CLIENTS)
        self.reading: dict[socket.socket, float] = {}  # connections still sending headers: deadline
        self.reading_lock = threading.Lock()
        self.closed = threading.Event()  # set by server_close: the timeouts' thread ends with it
        threading.Thread(target=self._close_slow_clients, name="briefbook-serve-timeouts", daemon=True).start()

    def server_close(self) -> None:
        if self.closed:
            self.closed.set()
        super().server_close()

    def process_request(self, request, client_address) -> None:
        if not self.clients.acquire(blocking=False):  # too many at once: say so rather than queue
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.clients.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.clients.release()

    def expect_headers(self, connection: socket.socket) -> None:
        with self.reading_lock:
            self.reading[connection] = time.monotonic() + self.client_timeout

    def got_headers(self, connection: socket.socket) -> None:
        with self.reading_lock:
            self.reading.pop(connection, None)

    def _close_slow_clients(self) -> None:
        """Shut the connections whose request has not arrived in time: a client sending a byte
        now and then would never meet the per-read timeout."""
        while not self.closed.wait(min(0.25, self.client_timeout / 4)):
            now = time.monotonic()
            with self.reading_lock:
                late = [c for c, deadline in self.reading.items() if deadline < now]
                for connection in late:
                    del self.reading[connection]
            for connection in late:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class GuardedHandler:
    """Mixin for a BaseHTTPRequestHandler of a GuardedServer: the socket timeout, the header
    deadline, nosniff on every response and the Content-Security-Policy on every page."""

    policy = CSP  # a handler may set its own for one response (see allowing_inline_styles)
    _policy_sent = False

    def setup(self) -> None:
        self.timeout = self.server.client_timeout  # for each read and write of the socket
        super().setup()
        self.server.expect_headers(self.connection)

    def parse_request(self) -> bool:
        try:
            parsed = super().parse_request()  # reads the headers
        finally:
            self.server.got_headers(self.connection)
        if parsed and not self._host_allowed():
            self.send_error(403, "Host not allowed: use http://127.0.0.1 or http://localhost")
            return False
        return parsed

    def _host_allowed(self) -> bool:
        """On loopback, only requests for a loopback name: a page elsewhere that has its own host
        name point at 127.0.0.1 (DNS rebinding) must not read the site through the browser."""
        if not ipaddress.ip_address(self.server.server_address[0]).is_loopback:
            return True  # listening for others on purpose (--host): their names are unknown
        host = self.headers.get("Host")
        if host is None:
            return True  # HTTP/1.0 without a Host: no browser sends that
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]").lower()
        if name == "localhost" or name.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False

    def finish(self) -> None:
        self.server.got_headers(self.connection)
        super().finish()

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def send_response(self, code, message=None) -> None:
        super().send_response(code, message)
        self._policy_sent = False

    def send_header(self, keyword: str, value: str) -> None:
        super().send_header(keyword, value)
        if keyword.lower() == "content-type" and value.startswith("text/html") and not self._policy_sent:
            self._policy_sent = True  # pages only: a PDF viewer, say, is not the site's to restrict
            super().send_header("Content-Security-Policy", self.policy)


def within(folder, name: str) -> bool:
    """Whether `name`, symlinks followed, is inside `folder` (itself resolved)."""
    try:
        root, target = os.path.realpath(folder), os.path.realpath(name)
    except (OSError, ValueError):
        return False
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def open_regular(name: str):
    """`name` opened for reading if it is a regular file; OSError for anything else (a named
    pipe is opened without waiting for a writer, then refused)."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IsADirectoryError(name)
    return os.fdopen(fd, "rb")


def allowing_inline_styles(page: bytes) -> str:
    """The policy, letting in exactly the page's own inline <style> blocks by their hashes
    (the dev server's error page has one)."""
    hashes = [f"'sha256-{base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode()}'" for m in re.finditer(rb"<style>(.*?)</style>", page, re.S)]
    return CSP.replace("style-src 'self'", " ".join(["style-src 'self'", *hashes]))
