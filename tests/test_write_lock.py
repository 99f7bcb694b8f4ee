"""Builds of one site wait for each other; builds of other sites in the same folder do not."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

from generator import pipeline

from conftest import EXAMPLE


def _build(out: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out), "--no-pdf", "-q"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_build_waits_only_for_builds_of_its_own_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the project: its cache holds each site's lock
    first, second = tmp_path / "shared" / "first", tmp_path / "shared" / "second"
    lock = pipeline.lock_path(first)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a build of `first` does while it writes
    try:
        other = _build(second, tmp_path)
        assert other.wait(timeout=120) == 0, other.stderr.read()
        assert (second / "index.html").is_file()
        same = _build(first, tmp_path)
        time.sleep(3)
        assert same.poll() is None and not first.exists()  # waiting, nothing written
    finally:
        os.close(fd)
    assert same.wait(timeout=120) == 0, same.stderr.read()
    assert (first / "index.html").is_file()
