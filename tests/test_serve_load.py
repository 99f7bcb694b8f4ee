"""`briefbook serve` under hostile clients on 127.0.0.1: a bounded concurrent load with slow and
idle clients, and every path and symlink that could lead out of the output folder."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.guard import CSP
from generator.serve import Server

TIMEOUT = 1.0  # the server's idle and header timeout in these tests
SECRET = b"not-for-the-web-7d1f"
PAGES = ["", "b/", "b/chronology.html", "b/actors/", "assets/style.css", "b/briefing.json", "search.html", "b"]


@contextmanager
def serving(tmp_path: Path) -> Iterator[Server]:
    server = Server([Path("b")], Path("site"), port=0, timeout=TIMEOUT)
    stop = threading.Event()
    thread = threading.Thread(target=server.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert server.ready.wait(90), "the server did not start"
        yield server
    finally:
        stop.set()
        thread.join(30)


def address(server: Server) -> tuple[str, int]:
    return server.httpd.server_address[:2]


def request(server: Server, raw: bytes, pause: float = 0.0) -> bytes:
    """Send `raw` (one byte at a time with `pause` between, for a slow client); the whole reply."""
    with socket.create_connection(address(server), timeout=30) as sock:
        if pause:
            for byte in raw:
                sock.sendall(bytes([byte]))
                time.sleep(pause)
        else:
            sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def get(server: Server, path: str, pause: float = 0.0) -> bytes:
    return request(server, f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(), pause)


def body_of(reply: bytes) -> bytes:
    return reply.partition(b"\r\n\r\n")[2]


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes this connection within `seconds`."""
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_load_with_slow_and_idle_clients_is_answered_and_timed_out(scratch, tmp_path):
    with serving(tmp_path) as server:
        expected = {path: body_of(get(server, path)) for path in PAGES}
        idle = [socket.create_connection(address(server)) for _ in range(40)]
        trickle = socket.create_connection(address(server))  # one byte every 0.2 s, for ever
        started = time.monotonic()

        def keep_trickling() -> None:
            try:
                for byte in b"GET / HTTP/1.1\r\n" + b"X-Slow: " + b"y" * 1000:
                    trickle.sendall(bytes([byte]))
                    time.sleep(0.2)
            except OSError:
                pass  # closed by the server, as it should be

        threading.Thread(target=keep_trickling, daemon=True).start()
        jobs = [(path, 0.0) for path in PAGES * 12] + [(path, 0.01) for path in PAGES[:4]]  # the last: slow but in time
        with ThreadPoolExecutor(max_workers=24) as pool:
            replies = list(pool.map(lambda job: (job[0], get(server, *job)), jobs))
        for path, reply in replies:
            assert reply.startswith(b"HTTP/1.0 200 ") or reply.startswith(b"HTTP/1.0 302 "), (path, reply[:80])
            assert b"\r\nX-Content-Type-Options: nosniff\r\n" in reply
            if reply.startswith(b"HTTP/1.0 200 "):
                served = body_of(reply)
                assert served == expected[path]
        assert all(closed_within(sock, TIMEOUT + 5) for sock in idle), "an idle connection stayed open"
        assert closed_within(trickle, TIMEOUT + 5), "a client sending a byte now and then kept its connection"
        assert time.monotonic() - started < TIMEOUT + 15
        for sock in [*idle, trickle]:
            sock.close()
        assert body_of(get(server, "b/chronology.html")) == expected["b/chronology.html"]  # still serving


def test_pages_carry_a_strict_content_security_policy(scratch, tmp_path):
    with serving(tmp_path) as server:
        reply = get(server, "b/chronology.html")
        assert f"\r\nContent-Security-Policy: {CSP}\r\n".encode() in reply
        assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP and "default-src 'none'" in CSP
        assert b"Content-Security-Policy" not in get(server, "assets/style.css")  # only for pages


def test_nothing_outside_the_output_folder_is_served(scratch, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    (outside / "index.html").write_bytes(SECRET)
    (tmp_path / "secret.html").write_bytes(SECRET)
    with serving(tmp_path) as server:
        site = tmp_path / "site"
        os.symlink(outside / "secret.txt", site / "link.txt")
        os.symlink(outside, site / "folder")
        os.symlink(outside / "index.html", site / "b" / "page.html")
        os.symlink("../secret.html", site / "relative.html")
        os.mkfifo(site / "pipe.txt")
        paths = [
            "link.txt", "folder/secret.txt", "folder/", "folder", "b/page.html", "relative.html", "pipe.txt",
            "../secret.html", "..%2fsecret.html", "%2e%2e/secret.html", "b/../../secret.html", "%2e%2e%2fsecret.html",
            "..\\secret.html", "b/%2e%2e/%2e%2e/outside/secret.txt", "%252e%252e/secret.html", "/" + str(outside / "secret.txt"),
            str(outside / "secret.txt"), "%00", "b/%00/../../secret.html", "./../secret.html",
        ]
        for path in paths:
            reply = request(server, f"GET /{path} HTTP/1.0\r\n\r\n".encode())
            assert SECRET not in reply, path
            assert reply.split(b" ", 2)[1] in (b"404", b"400", b"302", b"301"), (path, reply[:60])
        absolute = request(server, f"GET http://127.0.0.1/../secret.html HTTP/1.0\r\n\r\n".encode())
        assert SECRET not in absolute
        assert body_of(get(server, "b/chronology.html")).startswith(b"<!doctype html>")  # the pipe blocked nothing


def test_the_error_page_may_use_its_own_style_and_nothing_else(scratch, tmp_path):
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: jaish-al-adl\n")
    with serving(tmp_path) as server:
        reply = get(server, "b/chronology.html")
        assert reply.startswith(b"HTTP/1.0 500 ")
        policy = next(line for line in reply.split(b"\r\n") if line.startswith(b"Content-Security-Policy: ")).decode()
        assert re.fullmatch(r"Content-Security-Policy: " + re.escape(CSP).replace(r"style\-src\ 'self'", r"style\-src\ 'self'\ 'sha256-[A-Za-z0-9+/]{43}='"), policy), policy


def test_on_loopback_only_loopback_host_names_are_answered(scratch, tmp_path):
    with serving(tmp_path) as server:
        port = address(server)[1]
        for host in ["127.0.0.1", f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}", "app.localhost"]:
            reply = request(server, f"GET /b/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            assert reply.startswith(b"HTTP/1.0 200 "), host
        for host in [f"rebound.example:{port}", "evil.example", "127.0.0.1.evil.example", "[::1].evil"]:
            reply = request(server, f"GET /b/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            assert reply.startswith(b"HTTP/1.0 403 "), host
            assert b"Iran" not in reply
