"""A build with nothing to do stops before loading anything and leaves the output folder
untouched; any change to what a build reads or to its output makes it build, and the build
equals a clean one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, tree
from generator import pipeline
from generator.problems import BriefbookError

NOTHING = "nothing changed since the last build"


def state(folder: Path) -> dict[str, tuple]:
    """Every file and folder under `folder`, with its bytes, modification time and inode."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) if p.is_file() else None for p in sorted(folder.rglob("*"))}


def build(out: Path, folders=("b",), paper=None, preview=False) -> tuple[list, list[str], object]:
    steps: list[str] = []
    problems, report = pipeline.build([Path(f) for f in folders], out, paper, steps.append, preview=preview)
    return problems, steps, report


def assert_built_afresh(out: Path, tmp_path: Path, name: str, **options) -> None:
    """A build after a change does the work, and gives what a clean build gives."""
    _, steps, _ = build(out, **options)
    assert not steps[0].startswith(NOTHING), f"{name}: the change went unseen"
    clean = tmp_path / f"clean-{name}" / "site"
    build(clean, **options)
    assert tree(out) == tree(clean), name


def test_a_build_with_nothing_to_do_touches_nothing(scratch, tmp_path):
    with (scratch.folder / "actors.yml").open("a", encoding="utf-8") as actors:  # a warning to give again
        actors.write("\n  - id: unused-outlet\n    name: Al Arabiya\n    kind: media-outlet\n    citations:\n      - source: article-2024-02-24\n        excerpt: According to an Al Arabiya News report\n")
    out = tmp_path / "site"
    problems, steps, first = build(out)
    assert [p.severity for p in problems] == ["warning"]
    before = state(out)
    again, steps, report = build(out)
    assert len(steps) == 1 and steps[0].startswith(NOTHING)
    assert (report.written, report.unchanged, report.removed) == (0, first.written, 0)
    assert [str(p) for p in again] == [str(p) for p in problems], "the same warnings, given again"
    assert state(out) == before, "no file rewritten, no time changed"


def test_every_kind_of_change_builds(scratch, tmp_path):
    out = tmp_path / "site"
    build(out)
    changes = [
        ("fact", lambda: scratch.edit("events.yml", "title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded")),
        ("same size, time and inode", lambda: _same_size_edit(scratch.folder / "events.yml", b"emerges", b"emerged")),
        ("new file", lambda: scratch.write("documents/notes.txt", "an analyst's notes\n")),
        ("removed file", lambda: (scratch.folder / "documents" / "notes.txt").unlink()),
        ("deleted output", lambda: (out / "b" / "quotes.html").unlink()),
        ("changed output", lambda: (out / "b" / "actors.html").write_text("not ours", encoding="utf-8")),
        ("added output", lambda: (out / "b" / "stray.html").write_text("stray", encoding="utf-8")),
    ]
    for name, change in changes:
        change()
        assert_built_afresh(out, tmp_path, name)
        assert build(out)[1][0].startswith(NOTHING), f"after {name}: the next build has nothing to do"
    assert_built_afresh(out, tmp_path, "preview", preview=True)
    assert_built_afresh(out, tmp_path, "not preview")


def _same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Change a word without changing the file's size, time or inode: a change only its
    content shows (the file was written just before a build, within a tick of the clock)."""
    data = path.read_bytes()
    path.write_bytes(data)  # written now: its time tells nothing within a clock tick
    stat = path.stat()
    pipeline.build([Path("b")], Path("site"), None)  # a build with the file just written...
    path.write_bytes(data.replace(old, new, 1))  # ...then a word changed in the same tick
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (stat.st_size, stat.st_mtime_ns, stat.st_ino) and len(old) == len(new)


def test_a_changed_document_is_checked_again(scratch, tmp_path):
    out = tmp_path / "site"
    build(out)
    (document,) = (scratch.folder / "documents").iterdir()
    data = document.read_bytes()
    document.write_bytes(data.replace(b"Pakistan", b"Pakistam", 1))
    with pytest.raises(BriefbookError) as failed:
        build(out)
    assert any("sha256" in str(p) for p in failed.value.problems), failed.value.problems
    document.write_bytes(data)
    assert_built_afresh(out, tmp_path, "document restored")


def test_drafts_and_other_folders_build(scratch, tmp_path):
    shutil.copytree(scratch.folder, tmp_path / "c")
    (tmp_path / "c" / "briefing.yml").write_text((tmp_path / "c" / "briefing.yml").read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    cli = [sys.executable, "-m", "generator", "build", "--no-pdf", "-v", "b", "c"]
    assert NOTHING not in subprocess.run(cli, cwd=tmp_path, capture_output=True, text=True, check=True).stderr
    assert NOTHING in subprocess.run(cli, cwd=tmp_path, capture_output=True, text=True, check=True).stderr
    with_drafts = subprocess.run([*cli, "--drafts"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert NOTHING not in with_drafts.stderr and (tmp_path / "site" / "c").is_dir()
    assert NOTHING in subprocess.run([*cli, "--drafts"], cwd=tmp_path, capture_output=True, text=True, check=True).stderr
    only_b = subprocess.run([*cli[:-1]], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert NOTHING not in only_b.stderr and not (tmp_path / "site" / "c").exists()


def test_a_change_to_briefbook_itself_builds(tmp_path):
    """A copy of briefbook's code and templates, run from the copy: a changed template, or a
    changed line of code, makes the next build render again."""
    for folder in ("generator", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / "code" / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "briefings" / "iran-pakistan-2024", tmp_path / "b")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "code")}

    def run() -> str:
        done = subprocess.run([sys.executable, "-m", "generator", "build", "b", "--no-pdf", "-v"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
        return done.stderr

    assert NOTHING not in run() and NOTHING in run()
    template = tmp_path / "code" / "templates" / "quotes.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</h1>", " (all of them)</h1>", 1), encoding="utf-8")
    assert NOTHING not in run() and "(all of them)</h1>" in (tmp_path / "site" / "b" / "quotes.html").read_text(encoding="utf-8")
    assert NOTHING in run()
    code = tmp_path / "code" / "generator" / "plural.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert NOTHING not in run()


def test_a_build_with_nothing_to_do_loads_no_parser_nor_model(scratch, tmp_path):
    """What such a build costs is mostly what it imports: it ends before it needs YAML, the
    model (pydantic), the templates (Jinja2) or the library metadata, and must not load them."""
    command = [sys.executable, "-X", "importtime", "-m", "generator", "build", str(scratch.folder), "--no-pdf", "--out", str(tmp_path / "site")]
    subprocess.run(command, cwd=tmp_path, capture_output=True, check=True)
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if line.startswith("import time:")}
    assert "generator.stamp" in imported and "click" in imported, "the import log was read"
    assert not imported & {"yaml", "pydantic", "jinja2", "markdown_it", "importlib.metadata"}


def test_the_libraries_are_recorded_by_version(tmp_path):
    """A build records where each library is installed and at which version (the names of
    their .dist-info folders): an upgrade renames that folder, and so builds afresh."""
    from importlib import metadata

    from generator import stamp

    found = stamp.installed(["Jinja2", "markdown-it-py"])
    names = [Path(path).name for path in found]
    assert f"jinja2-{metadata.version('jinja2')}.dist-info" in [n.lower() for n in names]
    assert f"markdown_it_py-{metadata.version('markdown-it-py')}.dist-info" in names
    assert stamp.installed(["no-such-library"]) == ()
