"""The core that every adapter (CLI, dev server, PDF, MkDocs plugin) calls: folders in, briefings out."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable

from .collector import collect, freeze_after_runs, paused as no_gc  # noqa: F401 - the adapters' names
from .epoch import LAST_EPOCH, source_date_epoch  # noqa: F401 - the adapters' one place to ask
from .forked import can_fork, talking
from .plural import count
from .problems import BriefbookError, Problem, Problems
from .write import MARKER, OutputError, WriteReport, write_files

# The model, its checks and the PDF's options are imported where they are used: a build
# that finds nothing changed (stamp.py) ends before it needs any of them.
if TYPE_CHECKING:
    from .model import Briefing
    from .print_editions import PrintEdition
    from .reread import FactFiles
    from .progress import Progress as PdfProgress

BRIEFINGS_ROOT = Path("briefings")
def find_briefings(root: Path = BRIEFINGS_ROOT) -> list[Path]:
    """Every briefing folder under `root` (a folder holding briefing.yml), in name order."""
    return sorted(p.parent for p in root.glob("*/briefing.yml"))


def check(folders: list[Path], files: FactFiles | None = None) -> tuple[list[Briefing], list[Problem]]:
    """Load, validate and verify each folder; every problem of every folder, in a stable order.
    `files` remembers the fact files as last read, so that only what changed is read again."""
    problems = Problems()
    with no_gc():
        briefings = assembled(folders, problems, files)
        verified(briefings, problems, files)
    return briefings, problems.sorted()


def assembled(folders: list[Path], problems: Problems, files: FactFiles | None = None) -> list[Briefing]:
    """The first half of `check`: each folder loaded, validated and put together."""
    from .validate import assemble

    if files:
        files.items = files.read_anew = 0
    return [assemble(folder, problems, files) for folder in folders]


def verified(briefings: list[Briefing], problems: Problems, files: FactFiles | None = None) -> None:
    """The second half of `check`: each briefing's provenance verified; what verify found is
    kept in `files` for the next check."""
    from .findings import Findings
    from .verify import verify

    found = Findings()
    for briefing in briefings:
        found.update(verify(briefing, problems, files.found if files else None))
    if files:
        files.found = found


def load(folders: list[Path], files: FactFiles | None = None) -> tuple[list[Briefing], list[Problem]]:
    """Checked briefings and their warnings; raises BriefbookError if there is any error."""
    briefings, problems = check(folders, files)
    if any(p.severity == "error" for p in problems):
        raise BriefbookError(problems)
    return briefings, problems


Progress = Callable[[str], None]


def build(
    folders: list[Path], out: Path, paper: str | None = "a4", progress: Progress | None = None, read: FactFiles | None = None, preview: bool = False, jobs: int = 1,
    coverage: bool = False,
    site_url: str | None = None,
) -> tuple[list[Problem], WriteReport]:
    """Check, render and write the site, with each briefing's PDF unless `paper` is None;
    nothing is written if any briefing has an error, and the whole site is swapped in at once.
    When nothing it would read has changed since the last build (stamp.py), and its output
    is as that build left it, nothing is loaded, rendered or written: the last build's
    warnings are returned again. `progress` hears of each step as it ends (for a command's
    per-step report). `read` holds the fact files as an earlier build in this process left
    them (`serve`, which makes a new one when briefbook's code changes); by default they are
    loaded from the project's cache (cache.py). `preview` shows each briefing's coming
    edition as if it were published (`serve`); `coverage` marks the sentences no fact cites on
    the source pages, with a count per document (an analysts' view). `site_url`, the site's public address, adds
    canonical links, cards and a sitemap. `jobs` is how many processes render: 0, one
    per core once the briefings are large (render/workers.py; only from a process that runs
    no other threads); the files are the same however many."""
    from . import cache, stamp
    from .shipped import code_folders

    step = progress or (lambda message: None)
    site_cache = cache.site_folder(out)
    stamp_path = site_cache / "stamp.pickle"
    roots = [*folders, *code_folders(paper is not None)]
    options = stamp.options(paper, (preview, coverage, site_url), folders, roots, out)
    inputs = stamp.inputs(roots, [out, site_cache.parent])
    done = stamp.still_done(stamp_path, options, inputs, out)
    if done is not None:
        step(f"nothing changed since the last build: {len(inputs):,} files and folders read as they were, {done.files:,} files in {out}/ as it left them")
        return done.problems, WriteReport(0, done.files, 0)
    stamp.forget(stamp_path)
    problems, report, count_files = _build(folders, out, paper, step, read, preview, coverage, site_url, jobs)
    stamp.record(stamp_path, stamp.Stamp(options, inputs, stamp.output_stats(out), problems, count_files))
    if progress is not None:
        step(cache.report(out, site_cache.parent))
    return problems, report


def _build(folders: list[Path], out: Path, paper: str | None, step: Progress, read: FactFiles | None, preview: bool, coverage: bool, site_url: str | None, jobs: int) -> tuple[list[Problem], WriteReport, int]:
    from .reread import FactFiles
    from .render import render_into, views_of
    from .render.workers import workers_for
    from .render.memo import Memo, code_version
    from .write import staged

    memo = Memo(memo_path(out))
    early: list[tuple[list[Briefing], list]] = []  # the views made while the child verifies, and of what

    def view(briefings: list[Briefing]) -> None:
        early.append((briefings, views_of(briefings, memo, preview, coverage, site_url)))

    with no_gc():
        checked = None
        if read is None and _apart(folders, jobs, facts_path(out)):
            checked = _checked_apart(folders, FactFiles(facts_path(out), code_version()), lambda: _ready(out), view)
        if checked is None:  # not apart, or the child failed: here, where a failure is raised
            checked = _checked(folders, read or FactFiles(facts_path(out), code_version()))
        briefings, problems, message = checked
        if briefings is None:
            raise BriefbookError(problems)
        step(message)
    views = early[0][1] if early and early[0][0] is briefings else None
    workers = workers_for(sum(len(b.events) + len(b.actors) + len(b.quotes) + len(b.claims) for b in briefings), jobs)
    with staged(out, lock_path(out)) as staging:  # each file written as it is rendered; swapped in at the end
        with no_gc():
            paths, written, workers = render_into(staging, briefings, pdf=paper is not None, memo=memo, preview=preview, coverage=coverage, workers=workers, site_url=site_url, alone_if_reused=jobs == 0, views=views)
        in_workers = f" in {workers} processes" if workers > 1 else ""
        step(f"rendered {len(paths):,} files{in_workers} ({memo.hits:,} pieces reused, {memo.misses:,} rendered)")
        if paper is not None:
            from .pdf import render_pdfs

            misses = memo.misses
            for path, data in render_pdfs(briefings, paper, os.environ.get("SOURCE_DATE_EPOCH"), memo).items():
                written += staging.put(path, data)
                paths.append(path)
            step(f"made {count(len(briefings), 'PDF')} ({memo.misses - misses} laid out anew)")
        report = staging.commit(paths, written)
    memo.save()
    step(f"wrote {out}/")
    return problems, report, report.written + report.unchanged


APART_BYTES = 2 << 20  # of fact files: where checking apart repays its pickling (a few thousand facts)


def _apart(folders: list[Path], jobs: int, remembered: Path) -> bool:
    """Whether to check in a child process (forked.py), so that what parsing and validating
    make and drop stays there: the parent then holds the checked model alone, packed, not
    scattered through a heap full of holes that the memory is never given back from and
    that a forked render worker copies nearly whole as it fills them. At 10,000 events a
    cold build's peak memory fell by a third, for the model's pickling (a few percent of
    cpu). Only for a build with no fact files `remembered` (reread.py): a rebuild unpickles
    them, packed already, and checking apart made it a third slower. Asked for with `jobs`
    above 1, and by default once the fact files are large."""
    if jobs == 1 or not can_fork() or remembered.exists():
        return False
    return jobs > 1 or sum(p.stat().st_size for folder in folders for p in folder.glob("*.yml")) >= APART_BYTES


def _checked(folders: list[Path], read: FactFiles) -> tuple[list[Briefing] | None, list[Problem], str]:
    """The checked briefings (None if any has an error), their problems and what to say of
    them."""
    briefings, problems = check(folders, read)
    read.save()  # even when there are errors: the next build reads only what is fixed
    return _unless_errors(briefings, problems, _checked_message(briefings, read))


def _unless_errors(briefings: list[Briefing], problems: list[Problem], message: str) -> tuple[list[Briefing] | None, list[Problem], str]:
    """What a check gives the build: no briefings, nor anything to say, if any has an error."""
    if any(p.severity == "error" for p in problems):
        return None, problems, ""
    return briefings, problems, message


def _checked_message(briefings: list[Briefing], read: FactFiles) -> str:
    events, sources = sum(len(b.events) for b in briefings), sum(len(b.sources) for b in briefings)
    return f"checked {count(len(briefings), 'briefing')}: {count(events, 'event')}, {count(sources, 'source')} ({read.read_anew:,} of {read.items:,} items read anew)"


def _checked_apart(folders: list[Path], read: FactFiles, meanwhile: Callable[[], None], then: Callable[[list[Briefing]], None]) -> tuple[list[Briefing] | None, list[Problem], str] | None:
    """As `_checked`, in a forked child (see `_apart`), while this process does `meanwhile`
    and then, once it has the briefings, `then(briefings)`; None if the child failed. The
    child sends the briefings as soon as they are put together, and verifies them and saves
    the fact files while this process unpickles them and goes on with them: at 10,000 events
    the child's two took a second and a half, and the views (`then`, in a build) a second."""
    from .model.briefing import dumps_to_render

    def work(send: Callable[[object], None]) -> None:
        problems = Problems()
        with no_gc():
            briefings = assembled(folders, problems, read)
            send(briefings)
            verified(briefings, problems, read)
        read.save()
        send((problems.sorted(), _checked_message(briefings, read)))

    child = talking(work, dumps_to_render)
    try:
        meanwhile()
        briefings = child.next()
        if briefings is not None:
            then(briefings)
        said = child.next() if briefings is not None else None
    finally:
        ended = child.end()
    if said is None or not ended:
        return None
    return _unless_errors(briefings, *said)


def _ready(out: Path) -> None:
    """What rendering needs and checking does not, made while a child checks: the render's
    modules imported and the templates compiled (a quarter of a second)."""
    from .render import precompile

    precompile(memo_path(out).parent / "templates")


PIECES, FACTS = "pieces", "facts.pickle"  # in a site's cache folder (cache.py)


def memo_path(out: Path) -> Path:
    """Where a site's remembered pieces are kept between builds: in the project's cache."""
    from .cache import site_folder

    return site_folder(out) / PIECES


def lock_path(out: Path) -> Path:
    """The lock that one build of a site holds while it writes: builds of other sites in the
    same folder (say /tmp) go on meanwhile."""
    from .cache import site_folder

    return site_folder(out) / "writing.lock"


def facts_path(out: Path) -> Path:
    """Where a site's build remembers its fact files as last read (see reread.py)."""
    from .cache import site_folder

    return site_folder(out) / FACTS


def write_pdfs(folders: list[Path], out: Path, paper: str = "a4", progress: PdfProgress | None = None, edition: PrintEdition | None = None) -> tuple[list[Problem], list[PurePosixPath]]:
    """`briefbook pdf`: check, render every PDF, then write each into `out` atomically.

    Nothing is written unless every briefing checks and renders. The rest of `out` is left
    alone; a folder that briefbook did not make is refused, as `build` refuses it.
    """
    from .pdf import render_pdfs
    from .print_editions import check as check_edition
    from .render.memo import Memo

    briefings, problems = load(folders)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(f"{out} exists and was not made by briefbook; refusing to write into it")
    memo = Memo(memo_path(out))
    for briefing in briefings:  # a bad --actor is said before any PDF is laid out
        if edition is not None:
            check_edition(edition, briefing)
    files = render_pdfs(briefings, paper, os.environ.get("SOURCE_DATE_EPOCH"), memo, progress, edition)
    write_files(out, {PurePosixPath(MARKER): b"", **files})
    memo.save(merge=True)  # keep the site's pieces too: `pdf` renders only part of what `build` does
    return problems, sorted(files)
