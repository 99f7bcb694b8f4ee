"""`briefbook serve`: a real server on 127.0.0.1 over a scratch briefing, edited while it runs.

Every wait polls with a generous bound, so the tests hold on a loaded machine and never hang.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.error import HTTPError

import pytest
from markupsafe import escape

from generator import pipeline
from generator.serve import Server, ServeError
from generator.serve_http import SCRIPT

from conftest import tree
from tools import axe, browser, vnu

T = TypeVar("T")
SLUG = "b"  # the scratch copy's folder name
CHRONOLOGY = f"{SLUG}/chronology.html"
OLD_TITLE = "title: Pakistan recalls its ambassador from Iran"
NEW_TITLE = "Pakistan calls its ambassador home"
LATER_TITLE = "Pakistan withdraws its ambassador"
UNKNOWN_ACTOR = "b/events.yml:36:13: error: unknown actor 'jaish-al-adl'; did you mean 'jaish-al-adal'?"
READY = 90.0  # seconds for the first build and the watcher to start
SOON = 45.0  # seconds for a change to be rebuilt and served
# No proxy, whatever the environment says: these requests never leave 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@contextmanager
def running(out: Path = Path("site"), folders: tuple[Path, ...] = (Path("b"),)) -> Iterator[Server]:
    """A Server on a free port of 127.0.0.1, run in a thread until the block ends; every
    thread it started has ended once the block has (a thread left behind would keep the
    process from forking workers: forked.can_fork)."""
    before = set(threading.enumerate())
    server = Server(list(folders), out, port=0)
    stop = threading.Event()
    thread = threading.Thread(target=server.run, args=(stop,), daemon=True)
    thread.start()
    try:
        until(lambda: server.ready.is_set() or not thread.is_alive(), READY, "the server to start")
        assert server.ready.is_set(), "the server stopped before it was ready"
        yield server
    finally:
        stop.set()
        thread.join(30)
        assert not thread.is_alive(), "the server did not stop"
        until(lambda: set(threading.enumerate()) <= before, 5, "the server's threads to end")


def until(check: Callable[[], T], timeout: float = SOON, what: str = "the condition") -> T:
    """Poll `check` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.1)


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET, error statuses included."""
    try:
        with OPENER.open(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as err:
        with err:
            return err.code, err.headers["Content-Type"], err.read()


def served_text(server: Server, path: str = CHRONOLOGY) -> str:
    return fetch(server.url + path)[2].decode()


def change(scratch, name: str, *replacements: tuple[str, str]) -> None:
    """Edit a fact file in one atomic step, as many editors save, so that no rebuild sees it
    half-written (a half-written file is valid input too, but would make the waits ambiguous)."""
    path = scratch.folder / name
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} not in {name}"
        text = text.replace(old, new, 1)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


TAG = re.compile(rb'<script src="/__briefbook__/reload\.js" data-build="[0-9]+"></script>\n')


def test_serves_the_build_with_the_reload_script_only_in_served_pages(scratch, tmp_path):
    with running() as server:
        assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0/")
        status, kind, body = fetch(server.url + CHRONOLOGY)
        on_disk = (tmp_path / "site" / CHRONOLOGY).read_bytes()
        assert (status, kind) == (200, "text/html; charset=utf-8")
        assert len(TAG.findall(body)) == 1 and b"__briefbook__" not in on_disk
        assert TAG.sub(b"", body) == on_disk and TAG.search(body).end() == body.rindex(b"</body>")
        status, kind, body = fetch(server.url)
        assert (status, kind) == (200, "text/html; charset=utf-8")
        assert TAG.sub(b"", body) == (tmp_path / "site" / "index.html").read_bytes()
        # A folder is redirected to its index page; other files are served as they are.
        assert fetch(server.url + SLUG)[2] == fetch(server.url + SLUG + "/index.html")[2]
        assert fetch(server.url + "assets/style.css") == (200, "text/css", (tmp_path / "site" / "assets" / "style.css").read_bytes())
        assert fetch(server.url + SCRIPT.lstrip("/"))[:2] == (200, "text/javascript; charset=utf-8")
        assert fetch(server.url + "nothing-here.html")[0] == 404
        assert fetch(server.url + "%00.html")[0] == 404
    # What is on disk is exactly what `briefbook build --no-pdf` writes.
    pipeline.build([Path("b")], tmp_path / "clean" / "site", None)
    assert tree(tmp_path / "site") == tree(tmp_path / "clean" / "site")


def test_serves_a_draft_marked_as_one(scratch, tmp_path):
    """serve is the analyst's preview: it builds drafts, which `build` leaves out."""
    scratch.write("briefing.yml", (scratch.folder / "briefing.yml").read_text(encoding="utf-8") + "draft: true\n")
    with running() as server:
        for path in (f"{SLUG}/index.html", CHRONOLOGY):
            status, _, body = fetch(server.url + path)
            assert status == 200 and '<strong class="draft-mark">DRAFT — not published</strong>' in body.decode(), path
        assert f'href="{SLUG}/index.html"' in served_text(server, "")
    assert "DRAFT — not published" in (tmp_path / "site" / CHRONOLOGY).read_text(encoding="utf-8")


def test_a_change_is_rebuilt_served_and_announced(scratch):
    with running() as server, OPENER.open(server.url + "__briefbook__/events", timeout=SOON) as events:
        assert events.headers["Content-Type"] == "text/event-stream"
        assert events.readline() == b"retry: 1000\n"
        assert events.readline() == b"\n"
        first = int(events.readline().removeprefix(b"data: "))
        assert first == server.builds.latest().number
        change(scratch, "events.yml", (OLD_TITLE, f"title: {NEW_TITLE}"))
        assert events.readline() == b"\n"
        assert int(events.readline().removeprefix(b"data: ")) > first  # announced when built ...
        assert NEW_TITLE in served_text(server)  # ... so the page has it


def test_errors_are_shown_in_pages_until_fixed(scratch, tmp_path, capsys):
    with running() as server:
        change(scratch, "events.yml", (OLD_TITLE, f"title: {NEW_TITLE}"))
        until(lambda: NEW_TITLE in served_text(server), what="the new title")
        good = tree(tmp_path / "site")

        change(scratch, "events.yml", ("by: jaish-al-adal\n", "by: jaish-al-adl\n"))
        status, kind, body = until(lambda: (r := fetch(server.url + CHRONOLOGY))[0] == 500 and r, what="the error page")
        page = body.decode()
        assert status == 500
        assert kind == "text/html; charset=utf-8"
        assert f"\n{escape(UNKNOWN_ACTOR)}\n1 error, 0 warnings\n" in page
        assert page.count("error:") == 1 and SCRIPT in page
        (tmp_path / "error.html").write_bytes(body)
        assert vnu([tmp_path / "error.html"]) == []
        # Every HTML request gets the errors, even for a page that does not exist ...
        for path in ("", SLUG + "/", "nothing-here.html"):
            assert fetch(server.url + path)[:2] == (500, "text/html; charset=utf-8")
        # ... while other files, and the folder on disk, are still the last good build.
        assert fetch(server.url + "assets/style.css")[0] == 200
        assert fetch(server.url + f"{SLUG}/events.csv")[0] == 200
        assert tree(tmp_path / "site") == good
        assert UNKNOWN_ACTOR in capsys.readouterr().err

        # The messages are escaped, whatever they quote.
        change(scratch, "events.yml", ("by: jaish-al-adl\n", 'by: "<b>x</b>"\n'))
        until(lambda: "b-x-b" in served_text(server), what="the next error")
        page = served_text(server)
        assert "b/events.yml:36:13: error: &#39;&lt;b&gt;x&lt;/b&gt;&#39; is not a valid id; try &#39;b-x-b&#39;" in page
        assert "<b>" not in page

        change(scratch, "events.yml", ('by: "<b>x</b>"\n', "by: jaish-al-adal\n"), (NEW_TITLE, LATER_TITLE))
        status, _, body = until(lambda: (r := fetch(server.url + CHRONOLOGY))[0] == 200 and r, what="the page to come back")
        assert LATER_TITLE in body.decode() and NEW_TITLE not in body.decode()


def test_a_broken_briefing_is_served_as_its_errors_from_the_start(scratch):
    change(scratch, "events.yml", ("by: jaish-al-adal\n", "by: jaish-al-adl\n"))
    with running() as server:
        status, _, body = fetch(server.url + CHRONOLOGY)
        assert status == 500 and str(escape(UNKNOWN_ACTOR)) in body.decode()
        assert fetch(server.url + "assets/style.css")[0] == 404  # no build to serve it from
        change(scratch, "events.yml", ("by: jaish-al-adl\n", "by: jaish-al-adal\n"))
        until(lambda: fetch(server.url + CHRONOLOGY)[0] == 200, what="the first good build")


def test_pages_stay_whole_while_builds_swap_the_folder(scratch):
    """Requests racing a stream of rebuilds never see a missing file or a truncated page."""
    with running() as server:
        failures: list[str] = []
        done = threading.Event()

        def hammer() -> None:
            while not done.is_set():
                for path in (CHRONOLOGY, "assets/style.css", f"{SLUG}/index.html"):
                    status, _, body = fetch(server.url + path)
                    if status != 200 or (path.endswith(".html") and b"</html>" not in body):
                        failures.append(f"{path}: {status}")

        threads = [threading.Thread(target=hammer) for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            for n in range(12):
                number = server.builds.latest().number
                change(scratch, "events.yml", ("title: Pakistan", f"title: Pakistan ({n})"))
                until(lambda number=number: server.builds.latest().number > number, what=f"rebuild {n}")
        finally:
            done.set()
            for thread in threads:
                thread.join(60)
        assert failures == []


def test_stopping_closes_the_port_and_the_event_streams(scratch):
    with running() as server:
        port = server.httpd.server_address[1]
        events = OPENER.open(server.url + "__briefbook__/events", timeout=SOON)
        assert events.readline() == b"retry: 1000\n"
    with events:  # the rest of the stream, which ends at once, not at the next heartbeat
        assert re.fullmatch(rb"\ndata: [0-9]+\n\n", events.read())
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=10)


def test_an_address_in_use_is_refused(scratch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"cannot listen on 127.0.0.1 port {port}: Address already in use"):
            Server([Path("b")], Path("site"), port=port)


def command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "serve", *args], capture_output=True, text=True, timeout=120, check=False)


def test_the_command_stops_on_ctrl_c(scratch):
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "b", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A test run started in the background inherits SIGINT ignored, and Python then
        # never turns Ctrl-C into KeyboardInterrupt: give the command a terminal's default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        until(lambda: any(line.startswith("serving ") for line in lines) or proc.poll() is not None, READY, "the command to serve")
        url = next(line.split()[1] for line in lines if line.startswith("serving "))
        assert url.startswith("http://127.0.0.1:")
        assert fetch(url + CHRONOLOGY)[0] == 200
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        reader.join(10)
        err = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, err
    assert lines[-1] == "stopped\n" and "Traceback" not in err


def test_the_command_refuses_bad_options_and_a_foreign_folder(scratch, tmp_path):
    bad_port = command("b", "--port", "70000")
    assert bad_port.returncode == 2 and "70000 is not in the range" in bad_port.stderr
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("not a site")
    foreign = command("b", "--port", "0", "--out", "mine")
    assert foreign.returncode == 1 and "Traceback" not in foreign.stderr
    assert "briefbook: mine exists and was not made by briefbook; refusing to replace it" in foreign.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "not a site"


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_an_open_page_reloads_itself(scratch, chromium):
    from playwright.sync_api import expect

    with running() as server:
        context = chromium.new_context()
        requests: list[str] = []
        try:
            context.on("request", lambda request: requests.append(request.url))
            # Anything not on this server is aborted before it reaches the network.
            context.route(lambda url: not url.startswith(server.url), lambda route: route.abort())
            page = context.new_page()
            page.goto(server.url + CHRONOLOGY)
            expect(page.locator("main")).to_contain_text("Pakistan recalls its ambassador from Iran")

            change(scratch, "events.yml", (OLD_TITLE, f"title: {NEW_TITLE}"))
            expect(page.locator("main")).to_contain_text(NEW_TITLE, timeout=SOON * 1000)

            change(scratch, "events.yml", ("by: jaish-al-adal\n", "by: jaish-al-adl\n"))
            expect(page.locator("h1")).to_have_text("The site was not rebuilt", timeout=SOON * 1000)
            expect(page.locator("pre")).to_contain_text(UNKNOWN_ACTOR)
            assert axe(page) == []

            change(scratch, "events.yml", ("by: jaish-al-adl\n", "by: jaish-al-adal\n"), (NEW_TITLE, LATER_TITLE))
            expect(page.locator("main")).to_contain_text(LATER_TITLE, timeout=SOON * 1000)
        finally:
            context.close()
        assert [url for url in requests if not url.startswith(server.url)] == []
