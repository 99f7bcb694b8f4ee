"""The core that every adapter (CLI, dev server, PDF, MkDocs plugin) calls: folders in, briefings out."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from .findings import Findings
from .model import Briefing
from .plural import count
from .problems import BriefbookError, Problem, Problems
from .reread import FactFiles
from .validate import assemble
from .verify import verify
from .write import WriteReport

BRIEFINGS_ROOT = Path("briefings")
LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last second a date can name


def source_date_epoch(value: str | None) -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970 (None when unset or empty); a value that is
    not a whole number of seconds within the years 1970 to 9999 raises ValueError, as the
    reproducible-builds specification asks, rather than being silently ignored."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LAST_EPOCH)) or int(text) > LAST_EPOCH:
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to {LAST_EPOCH} (as `date +%s` prints), not {value[:40]!r}")
    return int(text)


def find_briefings(root: Path = BRIEFINGS_ROOT) -> list[Path]:
    """Every briefing folder under `root` (a folder holding briefing.yml), in name order."""
    return sorted(p.parent for p in root.glob("*/briefing.yml"))


_freeze = False  # see freeze_after_runs


def freeze_after_runs() -> None:
    """Freeze what each run leaves instead of having the collector walk it, in a process that
    ends after its run or frees the leftovers itself between runs with `collect` (the CLI,
    `serve`). The first collection after a run would otherwise walk every object the run
    made, a second or more on a large briefing, only to find them alive."""
    global _freeze
    _freeze = True


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while the pipeline builds its large trees of new
    objects: it would otherwise run full collections over them again and again (the model
    holds no cycles worth collecting), which made large briefings superlinear."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _freeze:
                gc.freeze()
            gc.enable()


def collect() -> None:
    """Free what earlier runs left in cycles (the template contexts of every page, say), frozen
    or not: a long-running caller does this between builds."""
    gc.unfreeze()
    gc.collect()


def check(folders: list[Path], files: FactFiles | None = None) -> tuple[list[Briefing], list[Problem]]:
    """Load, validate and verify each folder; every problem of every folder, in a stable order.
    `files` remembers the fact files as last read, so that only what changed is read again."""
    problems = Problems()
    briefings, found = [], Findings()
    if files:
        files.items = files.read_anew = 0
    with no_gc():
        for folder in folders:
            briefing = assemble(folder, problems, files)
            found.update(verify(briefing, problems, files.found if files else None))
            briefings.append(briefing)
    if files:
        files.found = found
    return briefings, problems.sorted()


def load(folders: list[Path], files: FactFiles | None = None) -> tuple[list[Briefing], list[Problem]]:
    """Checked briefings and their warnings; raises BriefbookError if there is any error."""
    briefings, problems = check(folders, files)
    if any(p.severity == "error" for p in problems):
        raise BriefbookError(problems)
    return briefings, problems


Progress = Callable[[str], None]


def build(
    folders: list[Path],
    out: Path,
    paper: str | None = "a4",
    progress: Progress | None = None,
    read: FactFiles | None = None,
    preview: bool = False,
    site_url: str | None = None,
) -> tuple[list[Problem], WriteReport]:
    """Check, render and write the site, with each briefing's PDF unless `paper` is None;
    nothing is written if any briefing has an error, and the whole site is swapped in at once.
    `progress` hears of each step as it ends (for a command's per-step report). `read` holds
    the fact files as an earlier build in this process left them (`serve`, which makes a new
    one when briefbook's code changes); by default they are loaded from beside the output
    folder. `preview` shows each briefing's coming edition as if it were published (`serve`).
    `site_url`, the site's public address, adds canonical links, cards and a sitemap."""
    from .render import render
    from .render.memo import Memo, code_version
    from .write import write_site

    step = progress or (lambda message: None)
    with no_gc():
        read = read or FactFiles(facts_path(out), code_version())
        briefings, problems = check(folders, read)
        read.save()  # even when there are errors: the next build reads only what is fixed
        if any(p.severity == "error" for p in problems):
            raise BriefbookError(problems)
        step(f"checked {count(len(briefings), 'briefing')}: {count(sum(len(b.events) for b in briefings), 'event')}, {count(sum(len(b.sources) for b in briefings), 'source')} ({read.read_anew:,} of {read.items:,} items read anew)")
        memo = Memo(memo_path(out))
        files = render(briefings, pdf=paper is not None, memo=memo, preview=preview, site_url=site_url)
    step(f"rendered {len(files):,} files ({memo.hits:,} pieces reused, {memo.misses:,} rendered)")
    if paper is not None:
        from .pdf import render_pdfs

        misses = memo.misses
        files.update(render_pdfs(briefings, paper, os.environ.get("SOURCE_DATE_EPOCH"), memo))
        step(f"made {count(len(briefings), 'PDF')} ({memo.misses - misses} laid out anew)")
    report = write_site(out, files)
    memo.save()
    step(f"wrote {out}/")
    if progress is not None:
        from .cache import report as cache_report

        step(cache_report(out))
    return problems, report


def memo_path(out: Path) -> Path:
    """Where a site's remembered pieces are kept between builds: beside it, git-ignored."""
    return out.parent / ".briefbook-cache" / f"{out.name}.pieces"


def facts_path(out: Path) -> Path:
    """Where a site's build remembers its fact files as last read (see reread.py)."""
    return out.parent / ".briefbook-cache" / f"{out.name}.facts.pickle"
