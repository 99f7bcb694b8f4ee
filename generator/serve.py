"""The dev server: build, serve the site on this machine, rebuild on change, reload open pages.

`Server.run` does the work in the calling thread and `serve` is the command's wrapper; the
HTTP side is serve_http.py:

- **Threads.** The HTTP server (the standard library's `ThreadingHTTPServer`, one thread per
  request) runs in a background thread; the calling thread watches the briefing folders and
  the templates folder with `watchfiles` and rebuilds with `pipeline.build`. Setting the
  stop event (or Ctrl-C, in the CLI) ends the watch, wakes every open event stream and
  shuts the HTTP server down.
- **What is served.** The files of the output folder, exactly as `briefbook build` wrote them
  (`--no-pdf` unless asked), with one change made on the fly: every HTML response gets a
  `<script>` tag before `</body>` that loads `/__briefbook__/reload.js`. The files on disk
  never hold it. Responses are sent with `Cache-Control: no-store`.
- **Reload protocol.** Every finished build, good or failed, gets the next build number. The
  injected tag carries the number current when the page was served (`data-build`). The
  script opens `/__briefbook__/events`, a Server-Sent Events stream that sends the current
  number at once and each new one as it comes (and a comment every 15 s so that closed
  connections are noticed), and reloads the page when the number differs from its own.
  The number is read before the file, so a page is at least as new as its number says: a
  build is never missed, at worst a page reloads once more than needed.
- **Failed builds.** While the latest build has errors, every request for an HTML page (a path
  ending in `/` or naming an `.html` file, whether or not it exists) gets the error page,
  status 500: the same `path:line:column: error: ...` lines as `briefbook check` prints,
  escaped, from `templates/error.html`, with the reload script, so it turns back into the
  page as soon as a build succeeds. Every other request (stylesheets, scripts, exports,
  PDFs) is served from the output folder, which still holds the last good build:
  `pipeline.build` writes nothing when there is any error. The terminal shows the same lines.
- **Hostile clients** (guard.py). Only regular files inside the output folder are served: a
  path or symlink leading out of it, or a named pipe, is "not found". Idle and slow clients
  are cut off after `timeout` seconds, at most MAX_CLIENTS are served at once, and every
  response says `nosniff`; pages get a strict Content-Security-Policy.
- **The swap.** A build replaces the output folder by renames (`write._swap`: the old folder
  becomes `.<out>.previous`, the new one takes its name, the old one is deleted). The
  handler never keeps the folder open: it resolves the folder by name for each request,
  falls back to `.<out>.previous` in the instant between the two renames, and tries again
  when a file is missing but the folder it looked in was replaced meanwhile. A file once
  opened stays readable after the swap.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import cache, pipeline
from .guard import IDLE_TIMEOUT
from .problems import BriefbookError, format_text
from .reread import FactFiles
from .render import templates_dir
from .render.memo import code_version
from .serve_http import HTTPServer
from .write import OutputError

WATCH_TICK_MS = 200  # how often the watcher wakes up when nothing changes


class ServeError(Exception):
    """The server cannot start: the address is unusable or the output folder is not ours."""


@dataclass(frozen=True, slots=True)
class Build:
    """The outcome of one build, as the server shows it."""

    number: int
    errors: tuple[str, ...] = ()  # empty when the build succeeded; else the lines `check` prints
    page: bytes = b""  # the error page, when it failed


class Builds:
    """The latest build, shared by the builder and the request threads; waiters wake on each new one."""

    def __init__(self) -> None:
        self._latest = Build(0)
        self._closed = False
        self._changed = threading.Condition()

    def latest(self) -> Build:
        with self._changed:
            return self._latest

    def publish(self, errors: tuple[str, ...] = (), page: bytes = b"") -> Build:
        """Record a finished build under the next number and wake every waiter."""
        with self._changed:
            self._latest = Build(self._latest.number + 1, errors, page)
            self._changed.notify_all()
            return self._latest

    def wait(self, seen: int | None, timeout: float) -> Build | None:
        """The latest build once its number is not `seen` (or after `timeout`); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._latest.number != seen, timeout)
            return None if self._closed else self._latest

    def close(self) -> None:
        """Wake every waiter for the last time: the server is stopping."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class Server:
    """A dev server for some briefing folders: bound to its address when made, working once `run`."""

    def __init__(self, folders: list[Path], out: Path, host: str = "127.0.0.1", port: int = 8000, paper: str | None = None, timeout: float = IDLE_TIMEOUT, preview: bool = False, coverage: bool = False) -> None:
        self.folders = list(folders)
        self.preview = preview  # the coming edition shown as if published
        self.coverage = coverage  # uncited sentences marked on the source pages
        self.timeout = timeout  # seconds for a client's silence, and for its request's headers
        self.out = Path(out)
        self.root = self.out.absolute()  # what the handler serves, whatever the working folder becomes
        self.paper = paper
        self.builds = Builds()
        self.ready = threading.Event()  # set once the first build is served and changes are watched
        self.read: FactFiles | None = None  # the fact files as the last build read them
        try:
            self.httpd = HTTPServer((host, port), self)
        except OSError as err:
            raise ServeError(f"cannot listen on {host} port {port}: {err.strerror or err}") from None

    @property
    def url(self) -> str:
        """The site's address, with the port really bound (so port 0 shows the one picked)."""
        host, port = self.httpd.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    @property
    def watched(self) -> list[Path]:
        """The folders whose changes trigger a rebuild: each briefing's, and the templates."""
        return [folder.absolute() for folder in self.folders] + [templates_dir()]

    def run(self, stop: threading.Event) -> None:
        """Build, serve, and rebuild on every change until `stop` is set (or Ctrl-C raises
        KeyboardInterrupt); then stop serving. Raises ServeError if the first build finds that
        the output folder is not briefbook's."""
        from watchfiles import watch

        serving = threading.Thread(target=self.httpd.serve_forever, name="briefbook-serve", daemon=True)
        try:
            # The watcher is already running at its first yield (a timeout's empty set), so an
            # edit made during the first build is not missed: it triggers the next one.
            changes_seen = watch(
                *self.watched,
                watch_filter=_Inputs(self.root),
                stop_event=stop,
                rust_timeout=WATCH_TICK_MS,
                yield_on_timeout=True,
            )
            for changes in changes_seen:
                if not serving.is_alive():
                    self.rebuild(first=True)
                    serving.start()
                    _say(f"serving {self.url} (Ctrl-C to stop)")
                    self.ready.set()
                elif changes:
                    _say("changed: " + ", ".join(sorted(_shown(path) for _, path in changes)))
                    self.rebuild()
        finally:
            self.builds.close()
            if serving.is_alive():
                self.httpd.shutdown()
            self.httpd.server_close()

    def rebuild(self, first: bool = False) -> Build:
        """Build once, publish the outcome to open pages and the terminal, then free what the
        build left behind (while the pages reload, rather than before the next build)."""
        try:
            return self._rebuild(first)
        finally:
            pipeline.collect()

    def _rebuild(self, first: bool) -> Build:
        code_version.cache_clear()  # a template may have changed since the last build
        started = time.monotonic()
        try:
            if self.read is None or self.read.version != code_version():
                self.read = FactFiles(pipeline.facts_path(self.out), code_version())
            warnings, report = pipeline.build(self.folders, self.out, self.paper, read=self.read, preview=self.preview, coverage=self.coverage)
        except BriefbookError as err:
            return self._failed(format_text(err.problems).splitlines())
        except OutputError as err:
            if first:
                raise ServeError(str(err)) from None
            return self._failed([f"{self.out}: error: {err}"])
        except Exception as err:  # noqa: BLE001 -- a template's mistake or a bug: show it, keep serving
            return self._failed(_unexpected(err))
        if warnings:
            _say(format_text(warnings), err=True)
        _say(f"built {self.out}/ in {time.monotonic() - started:.1f}s: {report.written} written, {report.unchanged} unchanged, {report.removed} removed")
        return self.builds.publish()

    def _failed(self, errors: list[str]) -> Build:
        _say("\n".join(errors), err=True)
        _say(f"not rebuilt: pages show these errors until they are fixed; {self.out}/ is left as it was", err=True)
        return self.builds.publish(tuple(errors), _error_page(errors, self.out))


def serve(folders: list[Path], out: Path, host: str = "127.0.0.1", port: int = 8000, paper: str | None = None, preview: bool = False, coverage: bool = False) -> None:
    """The `briefbook serve` command: run a Server until Ctrl-C."""
    server = Server(folders, out, host, port, paper, preview=preview, coverage=coverage)
    try:
        server.run(threading.Event())
    except KeyboardInterrupt:  # Ctrl-C: `run` has stopped serving (and a build cleans up after itself)
        pass
    _say("stopped")


def _error_page(errors: list[str], out: Path) -> bytes:
    """templates/error.html with these lines (escaped by the template engine)."""
    from jinja2 import TemplateError

    from .render import environment

    try:
        return environment().get_template("error.html").render(errors=errors, out=str(out)).encode()
    except (TemplateError, OSError):  # someone is editing error.html itself: plain text will do
        from html import escape

        return f"<!doctype html><title>briefbook: errors</title><pre>{escape(chr(10).join(errors))}</pre></body>".encode()


def _unexpected(err: Exception) -> list[str]:
    """Lines for an error that is not the fact files': a template's, with its place, or a bug's trace."""
    from jinja2 import TemplateError, TemplateSyntaxError

    if isinstance(err, TemplateSyntaxError):
        return [f"{_shown(err.filename or err.name or '?')}:{err.lineno}: error: {err.message}"]
    if isinstance(err, TemplateError):
        templates = str(templates_dir())
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.startswith(templates)]
        where = f"{_shown(frames[-1].filename)}:{frames[-1].lineno}" if frames else "templates"
        return [f"{where}: error: {err}"]
    trace = "".join(traceback.format_exception(err))
    return ["briefbook: internal error; please report it with this trace:", *trace.splitlines()]


class _Inputs:
    """watchfiles' default filter (no editor swap files, no .git), and none of briefbook's own
    output: the site, its staging and previous copies and the render cache, in case they lie
    inside a watched folder (which would otherwise rebuild for ever)."""

    def __init__(self, out: Path) -> None:
        from watchfiles import DefaultFilter

        out = out.absolute()
        self.default = DefaultFilter()
        self.outputs = (str(out), str(cache.root().absolute()))
        self.staging = str(out.parent / f".{out.name}.")

    def __call__(self, change, path: str) -> bool:
        ours = path.startswith(self.staging) or any(path == o or path.startswith(o + os.sep) for o in self.outputs)
        return not ours and self.default(change, path)


def _shown(path: str) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def _say(message: str, err: bool = False) -> None:
    print(message, file=sys.stderr if err else sys.stdout, flush=True)
