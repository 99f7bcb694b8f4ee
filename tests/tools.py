"""Helpers for the site tests: headless Chromium, axe-core and the Nu Html Checker.

Not tests themselves. `./dev test` installs every tool used here; a missing one raises
`MissingTool` instead of skipping, so a green run means every check really ran.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class MissingTool(RuntimeError):
    """A test tool is not installed; `./dev test` installs it."""


def not_steps(stderr: str) -> list[str]:
    """The lines of a command's stderr that are not its step report: a build that takes over
    a second (as on a busy machine) reports its steps, `  what (0.4 s)`, and nothing else."""
    return [line for line in stderr.splitlines() if not re.fullmatch(r"  .+ \(\d+\.\d s\)", line)]


def _missing(what: str) -> MissingTool:
    return MissingTool(f"{what} is missing: run ./dev test to install it")


@contextmanager
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright.

    Playwright's sync API runs one instance per thread, so share it: wrap this in a
    session- or module-scoped fixture rather than entering it in each test.
    """
    if not CHROMIUM.is_file():
        raise _missing(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise _missing("the Python package playwright") from None
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """A page opened by `visit`, and every URL it requested, in order."""

    page: Page
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # what the Content-Security-Policy blocked

    @property
    def off_site(self) -> list[str]:
        """The requested URLs that are not `file:` URLs: a built site must make none."""
        return [url for url in self.requests if not url.startswith("file:")]


@contextmanager
def visit(
    chromium: Browser, url: str, color_scheme: Literal["light", "dark"] = "light"
) -> Iterator[Visit]:
    """Open `url` in a fresh context with the given `prefers-color-scheme`.

    Every request is recorded; those leaving `file:` are aborted before they reach the
    network, so tests stay offline and fast. The page's Content-Security-Policy holds, so
    every test also shows that the site works under it.
    """
    context = chromium.new_context(color_scheme=color_scheme)
    try:
        result = Visit(context.new_page())
        context.on("request", lambda request: result.requests.append(request.url))
        result.page.on("console", lambda message: result.refused.append(message.text) if "Content Security Policy" in message.text else None)
        context.route(lambda u: not u.startswith("file:"), lambda route: route.abort())
        result.page.goto(url)
        yield result
    finally:
        context.close()


@contextmanager
def visits(
    chromium: Browser,
    color_scheme: Literal["light", "dark"] = "light",
    viewport: dict[str, int] | None = None,
) -> Iterator[Callable[[str], Visit]]:
    """One context and one tab for many pages: `open(url)` goes to `url` in it and returns
    what that page requested, as `visit` does; axe-core is there before the page's scripts.

    Much faster than a fresh context per page, for checks that read pages without
    changing them (a page's scripts run afresh on each navigation anyway).
    """
    if not AXE_JS.is_file():
        raise _missing(f"axe-core ({AXE_JS})")
    context = chromium.new_context(color_scheme=color_scheme, **({"viewport": viewport} if viewport else {}))
    try:
        # An init script runs before the page's own and is not subject to its
        # Content-Security-Policy, which (rightly) refuses inline scripts.
        context.add_init_script(path=str(AXE_JS))
        context.route(lambda u: not u.startswith("file:"), lambda route: route.abort())
        page = context.new_page()
        current = Visit(page)
        context.on("request", lambda request: current.requests.append(request.url))
        page.on("console", lambda message: current.refused.append(message.text) if "Content Security Policy" in message.text else None)

        def open_(url: str) -> Visit:
            current.requests.clear()
            current.refused.clear()
            page.goto(url)
            return Visit(page, list(current.requests), list(current.refused))

        yield open_
    finally:
        context.close()


def axe(page: Page, include: list[str] | None = None) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA rules on `page` (or on the elements matching the CSS
    selectors `include`); return its violations, briefly."""
    if not AXE_JS.is_file():
        raise _missing(f"axe-core ({AXE_JS})")
    if not page.evaluate("typeof axe !== 'undefined'"):
        # Evaluated rather than added as a <script>: the page's Content-Security-Policy
        # (rightly) refuses inline scripts, and the test should not have to switch it off.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        # resultTypes: only the violations are wanted, and axe then details nothing else (faster).
        "([tags, include]) => axe.run(include ? {include: include.map(s => [s])} : document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [AXE_TAGS, include],
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [" ".join(map(str, node["target"])) for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]


def list_markers(page: Page) -> dict[str, str]:
    """The marker text Chromium draws for each list item that has an id ("1. ", "a. "),
    as its accessibility tree gives it: what a reader sees, whatever the CSS says."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Accessibility.enable")
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        by_id = {node["nodeId"]: node for node in nodes}
        markers = {}
        for node in nodes:
            if node.get("role", {}).get("value") != "ListMarker":
                continue
            item = by_id.get(node.get("parentId"), {})
            if "backendDOMNodeId" not in item:
                continue
            described = session.send("DOM.describeNode", {"backendNodeId": item["backendDOMNodeId"]})["node"]
            attributes = dict(zip(described.get("attributes", [])[::2], described.get("attributes", [])[1::2]))
            if attributes.get("id"):
                markers[attributes["id"]] = node["name"]["value"]
        return markers
    finally:
        session.detach()


def vnu(paths: list[Path]) -> list[dict]:
    """Check HTML files and `.css` files with the Nu Html Checker; return its errors.

    One Java process checks all HTML files and another all CSS files, side by side.
    Not one process with --also-check-css: with that flag vnu 26.9.27 reports every
    HTML line one too low.
    """
    java = shutil.which("java")
    if not java:
        raise _missing("Java (the java command)")
    if not VNU_JAR.is_file():
        raise _missing(f"the Nu Html Checker ({VNU_JAR})")
    # vnu silently skips files it cannot read, and checking nothing proves nothing.
    if not paths:
        raise ValueError("vnu: no files to check")
    missing = [str(path) for path in paths if not Path(path).is_file()]
    if missing:
        raise FileNotFoundError(f"vnu: no such files: {', '.join(missing)}")
    html = [str(path) for path in paths if Path(path).suffix != ".css"]
    css = [str(path) for path in paths if Path(path).suffix == ".css"]
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]
    command += ["--exit-zero-always", "--stdout"]
    # Java reads file names in the locale's encoding; under C it skips non-ASCII ones.
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    runs = [
        subprocess.Popen(command + flags + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for flags, files in (([], html), (["--css"], css))
        if files
    ]
    messages = []
    for run in runs:
        out, err = run.communicate()
        if run.returncode:
            raise RuntimeError(f"vnu failed ({run.returncode}): {err.decode(errors='replace')}")
        for message in json.loads(out)["messages"]:
            if message["type"] != "error":  # non-document-error: vnu could not check
                raise RuntimeError(f"vnu: {message['message']}")
            messages.append(
                {
                    "file": unquote(message["url"].removeprefix("file:")),
                    "line": message.get("firstLine", message["lastLine"]),
                    "message": message["message"],
                }
            )
    return messages
