"""Rendering in worker processes gives byte for byte the site one process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLE, MULTI
from generator import pipeline
from generator.render.workers import shares, workers_for


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_in_workers_equals_a_build_in_one_process(tmp_path, monkeypatch):
    for folder in (EXAMPLE, MULTI):
        shutil.copytree(folder, tmp_path / folder.name)
    monkeypatch.chdir(tmp_path)
    folders = [Path(EXAMPLE.name), Path(MULTI.name)]
    steps: list[str] = []
    pipeline.build(folders, tmp_path / "one", None, jobs=1)
    pipeline.build(folders, tmp_path / "three", None, steps.append, jobs=3)
    assert any(step.startswith("rendered ") and " in 3 processes " in step for step in steps)
    one, three = tree(tmp_path / "one"), tree(tmp_path / "three")
    assert len(one) >= 80 and one == three
    # A rebuild in workers reuses the pieces they rendered, and is still the same site.
    (tmp_path / EXAMPLE.name / "events.yml").write_text((tmp_path / EXAMPLE.name / "events.yml").read_text(encoding="utf-8").replace("title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded"), encoding="utf-8")
    steps.clear()
    pipeline.build(folders, tmp_path / "three", None, steps.append, jobs=2)
    pipeline.build(folders, tmp_path / "again", None, jobs=1)
    (rendered,) = [step for step in steps if step.startswith("rendered ")]
    reused = int(rendered.split("(")[1].split(" pieces reused")[0].replace(",", ""))
    assert reused > 100, rendered
    assert tree(tmp_path / "three") == tree(tmp_path / "again")


def test_jobs_are_shared_by_cost_the_same_way_every_time():
    costs = [40, 1, 1, 30, 10, 10, 10, 5]
    parts = shares(costs, 2)
    assert parts == shares(costs, 2) and sorted(i for part in parts for i in part) == list(range(len(costs)))
    assert [sum(costs[i] for i in part) for part in parts] == [55, 52]  # longest first, ties to the first worker
    assert all(part == sorted(part) for part in parts)


def test_small_briefings_render_in_one_process():
    assert workers_for(100) == 1 and workers_for(100, 3) == 3
    assert 1 <= workers_for(10_000) <= 4
