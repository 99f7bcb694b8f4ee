"""The parts of a long PDF (pdf_parts) laid out one after another, in forked processes.

Each part is laid out, its page numbers filled in, and written as a PDF of its own, by a
worker: a fork of this process, which starts with the printer, its fonts and stylesheet
already in memory, and ends, its memory with it, once the part is written. Page numbers
depend on the parts before: a part's first page is one after the last page of the part
before it, and its numbers name pages of earlier parts (an actor's events). So a worker
lays its part out, sends this process its page count, its anchors' pages and its bookmarks,
and waits for the pages of every anchor up to its own (its own among them, from its first
page's number), which this process sends each part in turn, as soon as the parts before it
are laid out; meanwhile the next worker lays out the next part. A part that follows one
ending with an overlap (pdf_parts) is made only once that one is laid out, from the card
where it stops (pdf_overlap), and is laid out while that one is written: inside a long
section, part after part, a worker lays out while the other writes. At most `workers` parts are
laid out at once, so memory is bounded by that many parts. This process lays out one of
them itself where it would otherwise only wait, and where no worker need be forked while it
holds that layout: the last part, or one whose next part is forked first, to be laid out
beside it. A worker's memory is its parent's, shared until one of them writes to a page of it
(a reference count, an instruction the interpreter specialises), which is then copied: some
10 MiB a worker at bench size s, so that two processes at once hold less than three. (A
worker forked while this process holds a layout would keep the pages of it that this process
writes as it draws it.) A worker collects what its layout
left in cycles (the box tree as WeasyPrint built it, the cascade: some 40 % of what the layout
allocated) before it writes, so that writing reuses that memory; it freezes its parent's
objects first, so that this collection neither walks nor copies them. This process gives
its C library's free memory back before the first fork (`_trim`), so that no worker starts
with it.

The front matter (the first part: cover and contents) is laid out here first, since every
later part's page numbers start after it, and filled in last, once every part has given
its anchors' pages. Its laid-out pages stay in memory meanwhile: a few pages.

Whichever process lays out a part, it is the same part with the same numbers: the bytes do
not depend on `workers`. A worker that fails with an error sends it here, where it is raised
as in one process; a worker that dies has its part made again here.

Only where a fork is safe (`forked.can_fork`: `os.fork` exists and no other thread
runs, such as `serve`'s server threads, that could hold a lock at the moment of the fork);
elsewhere, and with `workers` 1, every part is made here, in turn, and its boxes collected
once it is written: they hold cycles (some 60,000 objects a part at bench size s), which the
collector, paused while a PDF is made (`collector.paused`), would keep to the end.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import pickle
from collections import deque
from collections.abc import Callable
from contextlib import nullcontext, suppress
from dataclasses import dataclass

from . import pagenumbers, pdf_overlap
from .forked import can_fork
from .pdf_join import Numbers, Piece, Placer
from .pdf_parts import Part

_LENGTH = 8  # bytes before each message: its length
_PIPE = 1 << 20  # bytes a worker's pipe holds: Linux's largest for any user (/proc/sys/fs/pipe-max-size)
WORKERS = "BRIEFBOOK_PDF_WORKERS"  # the setting for `count`


def count() -> int:
    """How many processes lay out a PDF's parts: BRIEFBOOK_PDF_WORKERS, or one per core, at
    most 2 (each holds a part in memory)."""
    value = os.environ.get(WORKERS, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, 2)


@dataclass(frozen=True)
class Laid:
    """What the join needs of a laid-out part."""

    anchors: dict[str, int]  # each anchor's page in the part, from 1
    bookmarks: list[list]  # each page's bookmarks, as WeasyPrint's Page.bookmarks
    heights: list[float]  # each page's height (CSS pixels)
    covers: list[bool]  # whether each page is a cover page (no running heads, no number)

    @property
    def pages(self) -> int:
        return len(self.heights)

    def sliced(self, start: int, stop: int | None) -> Laid:
        """What the pages from `start` to `stop` (a slice of these) hold."""
        stop = self.pages if stop is None else stop
        anchors = {name: page - start for name, page in self.anchors.items() if start < page <= stop}
        return Laid(anchors, self.bookmarks[start:stop], self.heights[start:stop], self.covers[start:stop])


def laid(document) -> Laid:
    return Laid(
        pagenumbers.anchor_pages(document),
        [list(page.bookmarks) for page in document.pages],
        [page.height for page in document.pages],
        [page._page_box.page_type.name == "cover" for page in document.pages],  # WeasyPrint's box: see pagenumbers
    )


Layout = Callable[[str], object]  # printed HTML -> a laid-out weasyprint.Document
Finish = Callable[[object, dict[str, int], Numbers], Piece]  # fill in the page numbers, write the part
Told = Callable[[int, Laid, int], None]  # a part laid out: its index, what it holds, its first page - 1


def run(parts: list[Part], layout: Layout, finish: Finish, placer: Placer, workers: int = 1, told: Told | None = None) -> tuple[list[Laid], list[Piece]]:
    """Each part laid out and written: what each holds, and its piece of the PDF, in order.
    `placer` numbers the parts' objects as they are written, in that order. A part that
    follows one with an overlap is made once that one is laid out (pdf_parts, pdf_overlap)."""
    front = layout(parts[0].html)
    infos: list[Laid] = [laid(front)]
    pages = dict(infos[0].anchors)
    if told:
        told(0, infos[0], 0)
    pieces: list = [None] * len(parts)
    offset = infos[0].pages
    parts, stops = list(parts), {}  # the pages each part keeps (None: all), once laid out

    def stopped(index: int, starts: list | None) -> int | None:
        """Where part `index` stops, its overlap's layout given; the next part made from there."""
        part = parts[index]
        if part.overlap and index not in stops:
            page, card = pdf_overlap.cut(starts or [], part.overlap) or (None, len(part.overlap))
            parts[index + 1], stops[index] = part.resume(card), page  # no page starts at a card of it: the next part after it all
        return stops.get(index)

    def arrived(index: int, info: Laid) -> tuple[dict[str, int], Numbers]:
        nonlocal offset
        for name, page in info.anchors.items():
            pages.setdefault(name, offset + page)
        infos.append(info)
        if told:
            told(index, info, offset)
        numbers = placer.numbers(offset, info.covers)
        offset += info.pages
        return dict(pages), numbers

    def written(index: int, piece: Piece) -> None:
        pieces[index] = piece
        placer.took(piece)

    def here(index: int) -> None:
        with _watching(parts[index]) as starts:
            document = layout(parts[index].html)
        stop = stopped(index, starts)
        placed = arrived(index, laid(document).sliced(0, stop))
        written(index, finish(_kept(document, stop), *placed))

    if workers <= 1 or len(parts) < 3 or not can_fork():
        for index in range(1, len(parts)):
            here(index)
            gc.collect()  # the part's boxes: cycles the paused collector would keep to the end
    else:
        _trim()
        _forked(parts, stops, layout, finish, workers, stopped, arrived, here, written)
    written(0, finish(front, pages, placer.numbers(0, infos[0].covers, front=True)))
    return infos, pieces


def _watching(part: Part):
    """Each page's start (pdf_overlap) recorded while a part with an overlap is laid out."""
    return pdf_overlap.watching() if part.overlap else nullcontext(None)


def _kept(document, stop: int | None):
    """The document with only the pages it keeps: the others are never drawn."""
    if stop is not None:
        document.pages = document.pages[:stop]
    return document


def _forked(parts, stops, layout, finish, workers, stopped, arrived, here, written) -> None:
    running: deque = deque()  # the workers, in the parts' order: (index, pid, inbox, outbox)
    upcoming = 1
    mine: list = []  # the part this process laid out itself, not yet written: (index, document)

    def fill(busy: int = 0) -> None:
        """Start the next parts, while fewer than `workers` are laid out or written; a part
        after one with an overlap only once that one is laid out. One is laid out here when
        no worker waits on this process meanwhile and no worker need be forked while this
        process holds it: the last part, or one whose next part starts beside it (forked first)."""
        nonlocal upcoming
        while upcoming < len(parts) and len(running) + busy + len(mine) < workers and (not parts[upcoming - 1].overlap or upcoming - 1 in stops):
            index, upcoming = upcoming, upcoming + 1
            last, paired = index == len(parts) - 1, not parts[index].overlap and busy + 2 <= workers
            if mine or running or not (last or paired):
                running.append((index, *_fork(parts[index], layout, finish)))
                continue
            if not last:  # its next part forked first: a worker shares none of this layout's memory
                running.append((upcoming, *_fork(parts[upcoming], layout, finish)))
                upcoming += 1
            mine.append(_laid_here(index, parts, layout, stopped))

    try:
        fill()
        while running or mine:
            if mine and (not running or mine[0][0] < running[0][0]):
                index, document = mine.pop()
                placed = arrived(index, laid(document).sliced(0, stops.get(index)))
                written(index, finish(_kept(document, stops.get(index)), *placed))
                del document
                gc.collect(1)  # the part's boxes, cycles the paused collector would keep (see _laid_here)
                _trim()
                if running:  # the next part's worker waits for its pages: started from there
                    continue
            else:
                _from_worker(running.popleft(), parts, stops, layout, finish, stopped, arrived, here, written, fill)
            fill()
    except BaseException:
        _stop(running)
        raise


def _laid_here(index: int, parts: list, layout: Layout, stopped) -> tuple:
    """Part `index` laid out in this process (see the module's docstring), where it stops
    found and the next part made from there."""
    with _watching(parts[index]) as starts:
        document = layout(parts[index].html)
    stopped(index, starts)
    # What the layout left in cycles (the box tree as built, the cascade): room to write in.
    # The youngest generation only, the layout's: a collection writes to each object it
    # walks, and each page of this process's older objects written is copied for the worker.
    gc.collect(0)
    return index, document


def _from_worker(worker: tuple, parts, stops, layout, finish, stopped, arrived, here, written, fill) -> None:
    """A worker's part: its anchors' pages sent once it is laid out, its piece once written."""
    index, pid, inbox, outbox = worker
    placed = None  # the anchors' pages and the numbers sent to it, once it is laid out
    try:
        message = _message(inbox)
        if message[0] == "laid":
            stop = stopped(index, message[2])
            placed = arrived(index, message[1].sliced(0, stop))
            message = ("died",)
            with suppress(OSError):  # a pipe to a worker that died
                _send(outbox, (stop, *placed))
                message = ("sent",)
            if message[0] == "sent":
                fill(busy=1)  # the next part laid out while this one is written
                message = _message(inbox)
    finally:
        os.close(inbox)
        os.close(outbox)
        os.waitpid(pid, 0)
    if message[0] == "pdf":
        written(index, message[1])
    elif message[0] == "error":
        raise message[1]
    elif placed is None:  # died before it was laid out (an error in the layout is raised here)
        here(index)
    else:
        written(index, finish(_kept(layout(parts[index].html), stops.get(index)), *placed))


def _trim() -> None:
    """Give the C library's free memory back to the system (glibc's malloc_trim): the
    layout's freed dicts, in pages that writing might not fill again; elsewhere nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass


def _stop(running: deque) -> None:
    for _, pid, *pipes in running:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        for fd in pipes:
            os.close(fd)


def _fork(part: Part, layout: Layout, finish: Finish) -> tuple[int, int, int]:
    """A worker that lays out one part: its pid, and the pipes from and to it."""
    up_read, up_write = os.pipe()
    down_read, down_write = os.pipe()
    _widened(up_write)
    pid = os.fork()
    if pid:
        os.close(up_write)
        os.close(down_read)
        return pid, up_read, down_write
    os.close(up_read)
    os.close(down_write)
    try:
        logging.getLogger("weasyprint.progress").disabled = True  # this process's progress: told by the parent
        gc.freeze()  # the parent's objects: never walked (nor copied) by this process's collection
        with _watching(part) as starts:
            document = layout(part.html)
        gc.collect()  # what the layout left in cycles (the box tree as built, the cascade): room to write in
        _trim()
        _send(up_write, ("laid", laid(document), starts))
        stop, *placed = _receive(down_read)
        try:
            _send(up_write, ("pdf", finish(_kept(document, stop), *placed)))
        except Exception as error:  # said where one process would have said it
            _send(up_write, ("error", error))
    finally:
        os._exit(0)  # never return into the parent's code, nor run its exit handlers


def _widened(fd: int) -> None:
    """A pipe that holds a part's piece (some 300 KB at bench size s), where the system allows:
    a worker whose piece is written ends at once, its memory with it, while this process lays
    out a part of its own before it reads the piece."""
    try:
        import fcntl  # Unix only: where a worker is forked

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE)
    except (AttributeError, OSError):  # not Linux, or more than a user's pipes may hold
        pass


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    for view in (memoryview(len(data).to_bytes(_LENGTH, "little")), memoryview(data)):  # the pickle never copied
        while view:
            view = view[os.write(fd, view) :]


def _message(fd: int):
    """A worker's next message; ("died",) if it ended without one."""
    try:
        return _receive(fd)
    except (EOFError, OSError, pickle.UnpicklingError):
        return ("died",)


def _receive(fd: int):
    length = int.from_bytes(_read(fd, _LENGTH), "little")
    return pickle.loads(_read(fd, length))


def _read(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("a worker ended before it sent its part")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
