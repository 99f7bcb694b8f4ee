"""Checking apart: a large build parses and validates in a forked child, which sends the
checked model back pickled (pipeline._apart, forked.py) as soon as it is put together, then
its problems once it is verified. What is built from the model that
came back is byte for byte what a build that checked in its own process makes, the PDF
included; problems come back the same; a child that fails leaves the work to the parent."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, MULTI, tree
from generator import forked, pipeline
from generator.problems import BriefbookError


def test_a_talking_child_sends_each_value_as_made_and_one_that_fails_sends_no_more():
    def work(send):
        send(os.getpid())
        send("x" * 300_000)  # more than a pipe holds: written by the child's thread
        send({"text": "é"})

    child = forked.talking(work)
    pid = child.next()
    assert pid not in (None, os.getpid()) and child.next() == "x" * 300_000 and child.next() == {"text": "é"}
    assert child.next() is None and child.end()

    def fails(send):
        send(1)
        raise ValueError("a bug")

    child = forked.talking(fails)
    assert child.next() == 1 and child.next() is None and not child.end()
    child = forked.talking(lambda send: os._exit(0))
    assert child.next() is None  # ended without a word
    child = forked.talking(lambda send: send("x" * 300_000))
    assert not child.end()  # not read to the end: the child stops at a broken pipe, not for ever


def test_a_check_child_that_fails_after_sending_the_model_leaves_the_check_to_the_build(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE, tmp_path / EXAMPLE.name)
    monkeypatch.chdir(tmp_path)
    folders = [Path(EXAMPLE.name)]
    here, _ = pipeline.build(folders, tmp_path / "here", None, jobs=1)
    builder, verified, here_calls = os.getpid(), pipeline.verified, []

    def verified_here_only(*args):
        if os.getpid() != builder:
            os._exit(3)  # the child dies between sending the model and its problems
        here_calls.append(args)
        return verified(*args)

    monkeypatch.setattr(pipeline, "verified", verified_here_only)
    apart, _ = pipeline.build(folders, tmp_path / "apart", None, jobs=2)
    assert len(here_calls) == 1  # the child was started, failed, and the build checked itself
    assert [str(p) for p in apart] == [str(p) for p in here]
    assert tree(tmp_path / "apart") == tree(tmp_path / "here")


def test_the_model_sent_to_render_drops_where_keys_were_written_and_the_checked_one_keeps_it():
    import pickle

    from generator.model.briefing import dumps_to_render

    (briefing,), _ = pipeline.check([EXAMPLE])
    event = briefing.events[0]
    kept = (event.mark(), event.mark("title"))
    again = pickle.loads(dumps_to_render([briefing]))[0]
    assert kept[1] != kept[0] and (event.mark(), event.mark("title")) == kept  # not changed by the pickling
    sent = again.events[0]
    assert sent.title == event.title and sent.mark() == kept[0] and sent.mark("title") == kept[0]
    assert pickle.loads(pickle.dumps(briefing)).events[0].mark("title") == kept[1]  # a plain pickle keeps all


def test_checked_apart_when_asked_or_large_never_with_one_job_nor_in_a_rebuild(tmp_path):
    none = tmp_path / "facts.pickle"
    assert pipeline._apart([EXAMPLE], 2, none) and not pipeline._apart([EXAMPLE], 1, none)
    assert not pipeline._apart([EXAMPLE], 0, none)  # small: not worth the pickling
    big = tmp_path / "big"
    big.mkdir()
    (big / "events.yml").write_bytes(b"#" * pipeline.APART_BYTES)
    assert pipeline._apart([big], 0, none) and not pipeline._apart([big], 1, none)
    none.write_bytes(b"")  # remembered fact files: a rebuild, which unpickles them packed
    assert not pipeline._apart([big], 0, none) and not pipeline._apart([big], 2, none)


def test_a_site_and_pdf_from_a_model_checked_apart_are_the_same(tmp_path, monkeypatch):
    for folder in (EXAMPLE, MULTI):
        shutil.copytree(folder, tmp_path / folder.name)
    monkeypatch.chdir(tmp_path)
    folders = [Path(EXAMPLE.name), Path(MULTI.name)]
    here, here_steps = pipeline.build(folders, tmp_path / "here", "a4", jobs=1)
    apart, apart_steps = pipeline.build(folders, tmp_path / "apart", "a4", jobs=2)
    assert [str(p) for p in apart] == [str(p) for p in here]
    built = tree(tmp_path / "here")
    assert any(name.endswith(".pdf") for name in built) and built == tree(tmp_path / "apart")


def test_problems_checked_apart_are_raised_here_and_nothing_is_written(scratch, tmp_path):
    scratch.edit("events.yml", "edtf: \"2012\"", "edtf: \"2012-13\"")
    with pytest.raises(BriefbookError) as here:
        pipeline.build([scratch.folder], tmp_path / "one", None, jobs=1)
    with pytest.raises(BriefbookError) as apart:
        pipeline.build([scratch.folder], tmp_path / "two", None, jobs=2)
    assert [str(p) for p in apart.value.problems] == [str(p) for p in here.value.problems]
    assert any(p.severity == "error" for p in apart.value.problems)
    assert not (tmp_path / "two").exists()


def test_a_pickled_briefing_keeps_its_tables_by_fact():
    """digests and parts are kept by id() of each fact: the ids a briefing unpickles with."""
    import pickle

    (briefing,), _ = pipeline.check([EXAMPLE])
    again = pickle.loads(pickle.dumps(briefing))
    assert len(again.events) == len(briefing.events) > 5
    for old, new in zip((*briefing.events, *briefing.quotes), (*again.events, *again.quotes)):
        assert again.digests[id(new)] == briefing.digests[id(old)]
        assert again.parts[id(new)][0] is new and len(again.parts[id(new)]) == len(briefing.parts[id(old)])
    assert again.date(again.events[0].date) == briefing.date(briefing.events[0].date)  # dates by When
