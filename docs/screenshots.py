"""Screenshots of the example briefing's site, for reviewers who do not build it.

    ./dev screenshots              (or: python docs/screenshots.py [--out FOLDER])

Builds the example briefing into a temporary folder, opens five of its pages (the overview,
the chronology, an actor, a source and a place) in the tests' headless Chromium (Debian's,
driven by Playwright) at desktop and phone width, and writes `PAGE-desktop.png` and
`PAGE-phone.png` to docs/screenshots/. Each shows the first two screens of its page.

Kept steady from run to run: a fixed window, scale, locale and time zone, the light scheme,
reduced motion, animations and transitions stopped and the text caret hidden (by Playwright's
screenshot, as the pages' Content-Security-Policy refuses an injected style), nothing
requested from another host, and the shot taken once the fonts are loaded. (The same machine gives the same PNGs; another
machine's fonts may differ.)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "briefings" / "iran-pakistan-2024"
sys.path.insert(0, str(ROOT / "tests"))
from tools import browser  # noqa: E402  the tests' Chromium, with their flags and checks

PAGES = {  # name of the shot: the page, in the briefing's folder
    "overview": "index.html",
    "chronology": "chronology.html",
    "actor": "actors/jaish-al-adal.html",
    "source": "sources/article-2024-02-24.html",
    "place": "places/sistan-baluchistan.html",
}
WIDTHS = {  # name: the window, and whether it is a phone's (the page's viewport meta applies)
    "desktop": ({"width": 1280, "height": 900}, False),
    "phone": ({"width": 390, "height": 844}, True),
}
SCREENS = 2  # how many window heights of each page a shot shows


def build(out: Path) -> Path:
    """The example's site, built as `briefbook build` builds it (without the PDF)."""
    command = [sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out), "--no-pdf"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out / EXAMPLE.name


def shoot(folder: Path, out: Path) -> list[Path]:
    """Every page at every width, into `out`; the paths written."""
    written = []
    with browser() as chromium:
        for width_name, (viewport, phone) in WIDTHS.items():
            context = chromium.new_context(
                viewport=viewport, device_scale_factor=1, is_mobile=phone, has_touch=phone,
                color_scheme="light", reduced_motion="reduce", locale="en-GB", timezone_id="UTC",
            )
            try:
                context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto((folder / path).as_uri())
                    page.evaluate("document.fonts.ready.then(() => document.activeElement && document.activeElement.blur())")
                    height = min(page.evaluate("document.documentElement.scrollHeight"), viewport["height"] * SCREENS)
                    target = out / f"{name}-{width_name}.png"
                    page.screenshot(path=target, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height}, full_page=True, animations="disabled", caret="hide")
                    written.append(target)
            finally:
                context.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs (default: docs/screenshots)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefbook-screenshots-") as tmp:
        for path in shoot(build(Path(tmp) / "site"), args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
