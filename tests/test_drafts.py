"""Drafts: `draft: true` keeps a briefing out of `build`, so its errors block no one; built with
`--drafts`, every page and every PDF page says DRAFT. Real builds of real folders in tmp_path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tools import not_steps
from pypdf import PdfReader

from conftest import EXAMPLE

MARK = "DRAFT — not published"
MASTHEAD = re.compile(r'<header class="masthead masthead-draft">.*?<strong class="draft-mark">DRAFT — not published</strong>.*?</header>', re.S)
ERROR = "briefings/wip/events.yml:36:13: error: unknown actor 'nobody'; no actor has that id"


def briefbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The command as a user runs it; it never shows a traceback."""
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def briefing(root: Path, slug: str, draft: str | None = None, error: bool = False, title: str | None = None) -> Path:
    """A copy of the example at root/briefings/SLUG, `draft: ...` added, an error put in if asked."""
    folder = root / "briefings" / slug
    shutil.copytree(EXAMPLE, folder)
    meta = folder / "briefing.yml"
    text = meta.read_text(encoding="utf-8")
    if title:
        text = re.sub(r"(?m)^title: .*$", f"title: {json.dumps(title)}", text)
    meta.write_text(text + (f"draft: {draft}\n" if draft is not None else ""), encoding="utf-8")
    if error:
        events = folder / "events.yml"
        events.write_text(events.read_text(encoding="utf-8").replace("by: jaish-al-adal\n", "by: nobody\n", 1), encoding="utf-8")
    return folder


@pytest.fixture
def beside(tmp_path) -> Path:
    """A valid briefing `ok` beside a draft `wip` that has an error."""
    briefing(tmp_path, "ok")
    briefing(tmp_path, "wip", draft="true", error=True, title="Work in progress")
    return tmp_path


def test_build_leaves_out_a_draft_with_errors_and_builds_the_rest(beside):
    result = briefbook(beside, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert not_steps(result.stderr) == []  # the draft was not checked: none of its problems
    assert re.fullmatch(r"built 1 briefing into site/: \d+ written, 0 unchanged, 0 removed; 1 draft left out \(--drafts builds them\)\n", result.stdout)
    site = beside / "site"
    assert (site / "ok" / "index.html").is_file() and (site / "ok" / "chronology.html").is_file()
    assert not (site / "wip").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="ok/index.html"' in index and "wip" not in index and "Work in progress" not in index
    feed = (site / "feed.atom").read_text(encoding="utf-8")
    assert "tag:briefbook,2024:ok" in feed and "wip" not in feed and "Work in progress" not in feed
    search = (site / "search-index.js").read_text(encoding="utf-8")
    assert "wip/" not in search


def test_build_with_drafts_fails_on_the_drafts_errors(beside):
    result = briefbook(beside, "build", "--no-pdf", "--drafts")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["briefings/wip (draft):", ERROR, "1 error, 0 warnings (1 error in drafts)", "nothing was written"]
    assert not (beside / "site").exists()


def test_a_built_draft_says_draft_on_every_page_and_every_pdf_page(tmp_path):
    briefing(tmp_path, "ok")
    briefing(tmp_path, "dr", draft="true", title="Draft <b>& co</b>")
    result = briefbook(tmp_path, "build", "--drafts")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"built 2 briefings into site/: \d+ written, 0 unchanged, 0 removed\n", result.stdout)
    site = tmp_path / "site"
    pages = sorted((site / "dr").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert MASTHEAD.search(html), f"{page}: no DRAFT marking in its header"
        assert f"<p>{MARK} · TLP:CLEAR" in html, f"{page}: no DRAFT marking in its footer"
        assert "<b>& co</b>" not in html
    assert '"creativeWorkStatus":"Draft"' in (site / "dr" / "index.html").read_text(encoding="utf-8")
    for page in (site / "ok").rglob("*.html"):
        assert "DRAFT" not in page.read_text(encoding="utf-8"), f"{page}: a published page marked DRAFT"
    index = (site / "index.html").read_text(encoding="utf-8")
    listed = re.search(r'<li>\s*<h2><a href="dr/index.html">.*?</li>', index, re.S).group(0)
    assert f'<strong class="draft-mark">{MARK}</strong>' in listed
    feed = (site / "feed.atom").read_text(encoding="utf-8")  # a preview is not news
    assert "tag:briefbook,2024:ok/" in feed and "tag:briefbook,2024:dr" not in feed
    assert "tag:briefbook,2024:dr/" in (site / "dr" / "feed.atom").read_text(encoding="utf-8")
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(site / "dr" / "dr.pdf").pages]
    assert len(texts) > 5 and all(MARK in text for text in texts), [i for i, text in enumerate(texts, 1) if MARK not in text]
    assert not any("DRAFT" in page.extract_text() for page in PdfReader(site / "ok" / "ok.pdf").pages)


def test_a_draft_published_later_leaves_the_site_as_a_briefing(tmp_path):
    folder = briefing(tmp_path, "dr", draft="true")
    assert briefbook(tmp_path, "build", "--no-pdf", "--drafts").returncode == 0
    (folder / "briefing.yml").write_text((folder / "briefing.yml").read_text().replace("draft: true\n", "draft: false\n"))
    assert briefbook(tmp_path, "build", "--no-pdf").returncode == 0
    assert "DRAFT" not in (tmp_path / "site" / "dr" / "index.html").read_text(encoding="utf-8")


def test_every_briefing_a_draft_builds_nothing_and_says_so(tmp_path):
    briefing(tmp_path, "wip", draft="true", error=True)
    for command in (["build", "--no-pdf"], ["pdf"]):
        result = briefbook(tmp_path, *command)
        assert result.returncode == 1
        assert result.stderr == (
            "briefbook: every briefing is a draft (briefings/wip), so nothing was built or written\n"
            "build them with --drafts, or publish one by removing `draft: true` from its briefing.yml\n"
        )
        assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("value, message", [("maybe", "expected true or false, got 'maybe'"), ("yes", "expected true or false, got 'yes'"), ("[1]", "expected true or false, got a list")])
def test_a_bad_draft_flag_is_an_error_at_its_position_and_blocks_the_build(tmp_path, value, message):
    folder = briefing(tmp_path, "odd", draft=value)
    line = len((folder / "briefing.yml").read_text().splitlines())
    expected = [f"briefings/odd/briefing.yml:{line}:8: error: {message}", "1 error, 0 warnings"]
    check = briefbook(tmp_path, "check")
    assert (check.returncode, check.stdout.splitlines()) == (1, expected)
    build = briefbook(tmp_path, "build", "--no-pdf")  # not known to be a draft: checked as now
    assert (build.returncode, build.stderr.splitlines()) == (1, [*expected, "nothing was written"])


def test_an_unparsable_briefing_yml_is_not_taken_for_a_draft(beside):
    folder = briefing(beside, "broken", draft="true")
    (folder / "briefing.yml").write_text("draft: true\ntitle: [unclosed\n", encoding="utf-8")
    result = briefbook(beside, "build", "--no-pdf")
    assert result.returncode == 1
    problems = result.stderr.splitlines()[:-2]  # before the count and "nothing was written"
    assert problems and all(line.startswith("briefings/broken/briefing.yml:") for line in problems), problems  # none of the draft wip's
    assert "YAML syntax error" in result.stderr


def test_check_checks_drafts_and_says_whose_problems_they_are(beside):
    text = briefbook(beside, "check")
    assert text.returncode == 1
    assert text.stdout.splitlines() == ["briefings/wip (draft):", ERROR, "1 error, 0 warnings (1 error in drafts)"]
    data = json.loads(briefbook(beside, "check", "--format", "json").stdout)
    assert data["problems"] == [{"path": "briefings/wip/events.yml", "line": 36, "column": 13, "severity": "error", "message": "unknown actor 'nobody'",
                                 "hint": "no actor has that id", "follows": None, "draft": True}]
    assert [(b["folder"], b["draft"]) for b in data["briefings"]] == [("briefings/ok", False), ("briefings/wip", True)]
    shutil.rmtree(beside / "briefings" / "wip")
    briefing(beside, "wip", draft="true")
    valid = briefbook(beside, "check")
    assert valid.returncode == 0
    assert [line.split(": ok")[0] for line in valid.stdout.splitlines() if ": ok" in line] == ["briefings/ok", "briefings/wip (draft)"]


def test_problems_of_published_briefings_come_first_then_each_drafts(tmp_path):
    briefing(tmp_path, "a-draft", draft="true", error=True)
    briefing(tmp_path, "b-published", error=True)
    result = briefbook(tmp_path, "check")
    assert result.stdout.splitlines() == [
        ERROR.replace("wip", "b-published"),
        "briefings/a-draft (draft):",
        ERROR.replace("wip", "a-draft"),
        "2 errors, 0 warnings (1 error in drafts)",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_drafts_pages_pass_axe_and_the_html_checker(tmp_path, scheme):
    from tools import axe, browser, visit, vnu

    briefing(tmp_path, "dr", draft="true")
    assert briefbook(tmp_path, "build", "--no-pdf", "--drafts").returncode == 0
    site = tmp_path / "site"
    pages = [site / "index.html", *(site / "dr" / page for page in ("index.html", "chronology.html", "actors/pakistan.html"))]
    failures = {}
    with browser() as chromium:
        for page in pages:
            with visit(chromium, page.as_uri(), scheme) as v:
                assert v.page.locator(".draft-mark").first.inner_text() == MARK
                if violations := axe(v.page):
                    failures[page.relative_to(site).as_posix()] = violations
    assert failures == {}
    if scheme == "light":
        assert vnu([*pages, site / "assets" / "style.css"]) == []
