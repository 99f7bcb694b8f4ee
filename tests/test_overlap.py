"""A rebuild verifies beside the render (generator/overlap.py): the same problems, in the same
order, as a check; nothing written when there is an error; the site a clean build's.

The example is far smaller than the size from which a build verifies in another process, so
these tests lower that size (overlap.LARGE) to run the example through it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import overlap, pipeline
from generator.problems import BriefbookError
from generator.reread import FactFiles

from test_incremental import tree


@pytest.fixture
def beside(monkeypatch):
    monkeypatch.setattr(overlap, "LARGE", 0)


def test_verify_runs_in_another_process_and_finds_what_a_check_finds(scratch, beside):
    scratch.edit("events.yml", "actors: [iran-international-english, iranian-state-media]", "actors: [iran-international-english, iranian-media]")
    checked = overlap.check_beside([Path("b")], FactFiles())
    assert checked.pid != 0, "verified in a forked process"
    _, expected = pipeline.check([Path("b")])
    assert any("unknown actor 'iranian-media'" in p.message for p in expected)
    assert checked.problems() == expected and checked.pid == 0


def test_a_rebuild_with_an_error_writes_nothing_and_says_what_a_check_says(scratch, beside, tmp_path):
    out = tmp_path / "site"
    pipeline.build([Path("b")], out, None)
    before = tree(out)
    # An unknown actor: the render would fail on it (or not); either way the errors are said.
    scratch.edit("events.yml", "actors: [iran-international-english, iranian-state-media]", "actors: [iran-international-english, iranian-media]")
    with pytest.raises(BriefbookError) as raised:
        pipeline.build([Path("b")], out, None)
    assert raised.value.problems == pipeline.check([Path("b")])[1]
    assert tree(out) == before

    # The facts were remembered all the same: fixing the error reads one item anew.
    scratch.edit("events.yml", "actors: [iran-international-english, iranian-media]", "actors: [iran-international-english, iranian-state-media]")
    steps: list[str] = []
    problems, _ = pipeline.build([Path("b")], out, None, progress=steps.append)
    assert "(1 of " in steps[0] and problems == pipeline.check([Path("b")])[1]
    assert tree(out) == before


def test_a_rebuild_verified_beside_the_render_equals_a_clean_build(scratch, beside, tmp_path):
    out = tmp_path / "incremental" / "site"
    pipeline.build([Path("b")], out, None)
    scratch.edit("events.yml", "title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded")
    problems, _ = pipeline.build([Path("b")], out, None)
    clean = tmp_path / "clean" / "site"
    assert problems == pipeline.build([Path("b")], clean, None)[0] == pipeline.check([Path("b")])[1]
    assert tree(out) == tree(clean)
