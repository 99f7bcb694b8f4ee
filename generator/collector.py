"""Python's cyclic garbage collector, paused while briefbook makes large trees of objects.

The model, the pages and WeasyPrint's boxes are millions of objects holding almost no cycles
worth collecting; a collector left running walks them again and again (it made large
briefings superlinear, and took a fifth of a PDF's cpu at bench size s to free 6 MiB of 350).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

_freeze = False  # see freeze_after_runs


def freeze_after_runs() -> None:
    """Freeze what each run leaves instead of having the collector walk it, in a process that
    ends after its run or frees the leftovers itself between runs with `collect` (the CLI,
    `serve`). The first collection after a run would otherwise walk every object the run
    made, a second or more on a large briefing, only to find them alive."""
    global _freeze
    _freeze = True


@contextmanager
def paused(frozen_after: bool = True):
    """Pause the collector; `frozen_after`: what was made is frozen afterwards (in a process
    that asked for it), as a run's model is, rather than left for the collector (as the
    boxes of a PDF already written are)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if frozen_after and _freeze:
                gc.freeze()
            gc.enable()


def collect() -> None:
    """Free what earlier runs left in cycles (the template contexts of every page, say), frozen
    or not: a long-running caller does this between builds."""
    gc.unfreeze()
    gc.collect()
