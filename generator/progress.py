"""What `briefbook pdf` shows while it makes a long PDF: which briefing, which step, how many
pages are laid out.

On a terminal it is one line, written over in place and cleared when the PDF is done; when
the output is a file or a pipe (CI logs), a plain line for each step and for every hundredth
page, so that a log shows where a slow run spent its time without a line per page. `-q`
passes no Progress at all. The figures come from WeasyPrint's own progress log
('weasyprint.progress'), listened to only while a PDF is being made.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

EVERY = 100  # pages between two plain lines
_PAGE = re.compile(r"Step 5 - Creating layout - Page (\d+)$")
_STEPS = {  # WeasyPrint's step -> what we call it
    "Step 1 - Fetching and parsing HTML": "parsing the printed document",
    "Step 3 - Applying CSS": "applying the print styles",
    "Step 4 - Creating formatting structure": "building the layout boxes",
    "Step 6 - Creating PDF": "writing the PDF",
}


class Progress:
    """Progress lines for one run, on `stream` (stderr: stdout says what was written)."""

    def __init__(self, stream: TextIO, terminal: bool | None = None) -> None:
        self.stream = stream
        self.terminal = stream.isatty() if terminal is None else terminal
        self.name, self.pages, self.shown = "", 0, ""

    def step(self, text: str) -> None:
        """A step of the current PDF (always shown)."""
        self._show(f"{self.name}: {text}")

    def page(self, number: int) -> None:
        """Page `number` is being laid out (a page laid out again counts once)."""
        self.pages = max(self.pages, number)
        if self.terminal:
            self._show(f"{self.name}: laying out page {self.pages}")
        elif number % EVERY == 0 and number == self.pages:
            self._show(f"{self.name}: laid out {number} pages")

    def _show(self, line: str) -> None:
        if line == self.shown:
            return
        self.shown = line
        if self.terminal:
            self.stream.write(f"\r\x1b[2K{line}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    @contextmanager
    def pdf(self, name: str) -> Iterator[Progress]:
        """Report on one PDF while the block makes it: WeasyPrint's steps and pages, and at
        the end how many pages it has (the line is cleared on a terminal)."""
        self.name, self.pages, self.shown = name, 0, ""
        listener = _Listener(self)
        logger = logging.getLogger("weasyprint.progress")
        level = logger.level
        logger.addHandler(listener)
        logger.setLevel(logging.INFO)
        try:
            yield self
        finally:
            logger.removeHandler(listener)
            logger.setLevel(level)
            if self.terminal:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()

    def done(self, pages: int | None) -> None:
        """The PDF is made, of `pages` pages (None: an earlier build's PDF, reused unchanged)."""
        if not self.terminal:
            self._show(f"{self.name}: {'unchanged since the last build' if pages is None else f'{pages} pages'}")


class _Listener(logging.Handler):
    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().split(" - HTML string")[0]  # Step 1 names its source
        page = _PAGE.match(message)
        if page:
            self.progress.page(int(page[1]))
        elif message in _STEPS:
            self.progress.step(_STEPS[message])
