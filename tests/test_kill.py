"""Builds killed with SIGKILL at random points leave the old or the new complete site, and the
next build leaves nothing behind and writes what a clean build writes."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import EXAMPLE, ROOT, tree
from generator import pipeline

KILLS = 8
TITLE = "Iran and Pakistan: strikes on Jaish al-Adal"

# A build in a process of its own that has done its imports before it is told to start, so
# that the random delays fall within the build rather than within Python's start-up.
DRIVER = r"""
import sys
from pathlib import Path
from generator import pipeline
from generator.render import render
print("ready", flush=True)
sys.stdin.readline()
pipeline.build([Path("b")], Path("site"), None, lambda message: print(message, flush=True))
print("done", flush=True)
"""


def version(folder: Path, n: int) -> None:
    """Make the briefing's title say which version it is: every page changes with it."""
    path = folder / "briefing.yml"
    text = re.sub(r'^title: .*$', f'title: "{TITLE} (version {n})"', path.read_text(encoding="utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def clean_build(tmp_path: Path, n: int) -> dict[str, bytes]:
    where = tmp_path / f"clean-{n}"
    shutil.copytree(EXAMPLE, where / "b")
    version(where / "b", n)
    cwd = os.getcwd()
    os.chdir(where)
    try:
        pipeline.build([Path("b")], Path("site"), None)
    finally:
        os.chdir(cwd)
    return tree(where / "site")


def killed_build(work: Path, rng: random.Random, late: bool) -> str:
    """Start a build and SIGKILL it: after a random delay, or (`late`) a random moment after it
    has rendered, while it writes and swaps. Returns the last step it reported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER], cwd=work, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "ready\n"
        proc.stdin.write("go\n")
        proc.stdin.flush()
        last = ""
        if late:
            while (line := proc.stdout.readline()) and not line.startswith("rendered"):
                last = line
            time.sleep(rng.uniform(0, 0.02))
        else:
            time.sleep(rng.uniform(0, 0.5))
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdin.close()
        proc.stdout.close()
    return last


def test_killed_builds_leave_a_complete_site_and_no_leftovers(tmp_path):
    sites = {n: clean_build(tmp_path, n) for n in (1, 2)}
    work = tmp_path / "work"
    shutil.copytree(EXAMPLE, work / "b")
    version(work / "b", 1)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        pipeline.build([Path("b")], Path("site"), None)
    finally:
        os.chdir(cwd)
    rng = random.Random(15)
    for kill in range(KILLS):
        version(work / "b", 2 - kill % 2)
        killed_build(work, rng, late=kill % 2 == 1)
        now = tree(work / "site")
        assert now in (sites[1], sites[2]), f"kill {kill}: the site is neither the old nor the new one"
    version(work / "b", 1)
    subprocess.run([sys.executable, "-c", DRIVER], cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)}, input="go\n", capture_output=True, text=True, check=True)
    assert tree(work / "site") == sites[1]  # the cache the kills left changes nothing
    assert sorted(p.name for p in work.iterdir()) == [".briefbook-cache", "b", "site"]  # no staging folder left
    (site_cache,) = (work / ".briefbook-cache").iterdir()  # the one site's
    cache = sorted(p.name for p in site_cache.iterdir())
    assert not [name for name in cache if name.startswith(".")], cache  # no half-written index, facts or stamp
    assert len([name for name in cache if re.fullmatch(r"pieces\.[0-9a-f]{8}", name)]) == 1, cache
