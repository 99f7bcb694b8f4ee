"""Shared fixtures: scratch copies of the example briefing, built for real in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "briefings" / "iran-pakistan-2024"
MULTI = ROOT / "tests" / "briefings" / "aldoria-zemara"  # the invented multi-source briefing
CACHE = ROOT / ".briefbook-cache"  # where builds run from the checkout keep their caches


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, by its path under it: what two builds'
    outputs are compared by."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def _no_caches_left_in_the_checkout():
    """Builds that tests run from the checkout (into temporary output folders) keep their
    caches in its .briefbook-cache/, as any build run there would: remove those the tests
    made, and keep what was there before."""
    before = set(CACHE.iterdir()) if CACHE.is_dir() else None
    yield
    if not CACHE.is_dir():
        return
    for entry in set(CACHE.iterdir()) - (before or set()):
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    if before is None and not any(CACHE.iterdir()):
        CACHE.rmdir()


class Scratch:
    """A copy of the example briefing at tmp_path/b, with helpers to break it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        path = self.folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def write(self, name: str, data: str | bytes) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())

    def problems(self) -> list[str]:
        _, problems = pipeline.check([Path("b")])
        return [str(p) for p in problems]


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Scratch:
    shutil.copytree(EXAMPLE, tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    return Scratch(tmp_path / "b")


@pytest.fixture
def multi(tmp_path, monkeypatch) -> Scratch:
    """A copy of the invented multi-source test briefing at tmp_path/b."""
    shutil.copytree(MULTI, tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    return Scratch(tmp_path / "b")


@pytest.fixture(scope="session")
def both_site(tmp_path_factory) -> Path:
    """The example and the invented multi-source briefing, built once for the tests that only
    read the pages; in a sub-path with a space and no server: a site must work from file://
    anywhere."""
    out = tmp_path_factory.mktemp("both") / "project pages" / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), str(MULTI), "--out", str(out), "--no-pdf"], check=True, capture_output=True)
    return out
