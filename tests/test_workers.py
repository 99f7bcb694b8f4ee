"""Rendering in worker processes gives byte for byte the site one process gives."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path, PurePosixPath

from conftest import EXAMPLE, MULTI, tree
from generator import pipeline
from generator.render.memo import Memo
from generator.render.workers import queue_order, workers_for
from generator.render.workers import run as workers_run


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
    reused, made = (int(n.split()[0].replace(",", "")) for n in rendered.split("(")[1].split(" pieces reused, "))  # "(96 pieces reused, 11 rendered)"
    assert reused > 5 * made, rendered
    assert tree(tmp_path / "three") == tree(tmp_path / "again")


def test_jobs_are_queued_longest_first():
    costs = [40, 1, 1, 30, 10, 10, 10, 5]
    assert queue_order(costs) == [0, 3, 4, 5, 6, 7, 1, 2]  # ties in job order


def test_every_job_runs_once_whichever_process_takes_it_and_a_failed_worker_s_are_run_again(tmp_path):
    pid = os.getpid()

    # Each job says which process ran it. The worker that takes job 3 dies, and what it did
    # is lost. This process waits, at its first job, until both workers have taken one
    # (however loaded the machine), so that the one that lives has done some.
    def job(index: int):
        def make():
            if os.getpid() == pid:
                deadline = time.monotonic() + 60
                while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
                    time.sleep(0.01)
            else:
                (tmp_path / str(os.getpid())).touch()
                if index == 3:
                    os._exit(7)
            return [(PurePosixPath(f"{index}.txt"), f"{index} in {'parent' if os.getpid() == pid else 'worker'}".encode())]

        return make

    jobs = [(index % 5 + 1, job(index)) for index in range(40)]
    made = workers_run(jobs, Memo(), 3)
    assert [item[0][0] for item in made] == [PurePosixPath(f"{index}.txt") for index in range(40)]
    ran = [item[0][1].decode() for item in made]
    assert all(text.startswith(f"{index} in ") for index, text in enumerate(ran))
    assert ran[3] == "3 in parent"
    assert any(text.endswith("worker") for text in ran), ran


def test_small_briefings_render_in_one_process():
    assert workers_for(100) == 1 and workers_for(100, 3) == 3
    assert 1 <= workers_for(10_000) <= 4
