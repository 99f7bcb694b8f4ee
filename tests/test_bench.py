"""The bench's pieces, run for real at the smallest size (no timing is asserted: the figures
are the bench's to report, bench/run.py)."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from conftest import EXAMPLE, ROOT

sys.path.insert(0, str(ROOT / "bench"))  # the bench's modules import each other by name
import pagetext  # noqa: E402
import peers  # noqa: E402
import prose  # noqa: E402
import report  # noqa: E402
import weight  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "site"
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out), "--no-pdf"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def test_each_page_becomes_markdown_with_the_same_text(site, tmp_path):
    counts = pagetext.convert(site, tmp_path / "corpus")
    pages = sorted(site.rglob("*.html"))
    assert counts["pages"] == len(pages) > 20
    md = MarkdownIt("commonmark")
    for page in pages:
        original = page.read_text(encoding="utf-8")
        text = (tmp_path / "corpus" / page.relative_to(site).with_suffix(".md")).read_text(encoding="utf-8")
        title, body = text.split("---\n", 2)[1:]
        assert json.loads(title.removeprefix("title: ")) == " ".join(pagetext.blocks(original).title.split())
        assert pagetext.words(md.render(body)) == pagetext.words(original), page
    chronology = pagetext.words((site / "iran-pakistan-2024" / "chronology.html").read_text(encoding="utf-8"))
    assert "Chronology" in chronology and len(chronology) > 500  # the visible text, not just the navigation


def test_markdown_keeps_headings_lists_and_escapes_markup():
    html = """<html><head><title>T &amp; U</title><style>p{}</style></head><body>
        <h2>Strikes <em>near</em> the border</h2><ul><li>one</li><li>*two* [x]</li></ul>
        <p>1. not a list &lt;b&gt; &amp; # kept</p><p hidden>secret</p><script>var a;</script></body></html>"""
    text = pagetext.markdown(html)
    assert '"T & U"' in text and "## Strikes near the border" in text and "- one\n- \\*two\\* \\[x\\]" in text
    assert "1\\. not a list &lt;b> &amp; # kept" in text
    assert "secret" not in text and "var a" not in text
    assert "<b>" not in MarkdownIt("commonmark").render(text.split("---\n", 2)[2])


def test_every_tool_builds_every_page_and_again_after_an_edit(site, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(EXAMPLE, work / "briefing")
    pagetext.convert(site, work / "corpus")
    tools = peers.tools(list(peers.PEERS), work)
    compared = peers.compare(tools, work / "corpus", 1, log=lambda message: None)
    runs = compared.runs
    pages = len(list(site.rglob("*.html")))
    for tool in tools:
        assert set(runs[tool.name]) == set(peers.PHASES)
        assert all(r.cpu > 0 and r.mib > 10 for phase in runs[tool.name].values() for r in phase), tool.name
        assert tool.pages_built() >= pages, tool.name
        built = "".join(p.read_text(encoding="utf-8") for p in tool.out.rglob("*chronology*/*.html")) + "".join(
            p.read_text(encoding="utf-8") for p in tool.out.rglob("*chronology.html")
        )
        assert "(revised)" in built, f"{tool.name} did not build the edited page again"
        rewritten, files = compared.rewritten[tool.name]
        assert files >= pages and 0 <= rewritten <= files
    assert compared.rewritten["jinja"][0] == compared.rewritten["jinja"][1]  # it writes every page every time


def test_plain_prose_reaches_the_page_count_asked(tmp_path):
    made = prose.baseline(4, tmp_path)
    assert made["pages"] == 4 and made["cpu"] > 0 and made["mib"] > 20
    assert len(PdfReader(tmp_path / "prose.pdf").pages) == 4
    assert 4 < made["paragraphs"] < 100


def test_page_weight_takes_the_largest_of_each_kind_and_counts_heavy_pages(tmp_path):
    rng = random.Random(1)
    heavy = bytes(rng.getrandbits(8) for _ in range(120_000))  # incompressible: over 100 KB gzipped
    files = {
        "index.html": b"<p>home</p>",
        "b/index.html": b"<p>overview</p>" * 50,
        "b/chronology.html": heavy,
        "b/actors/index.html": b"<li>x</li>",
        "b/actors/small.html": b"<p>a</p>",
        "b/actors/large.html": b"<p>actor</p>" * 1000,
        "b/events.csv": b"id,title\n",
        "search-index.js": b"var index = [];",
        "assets/site.js": b"let a;",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    found = weight.report(tmp_path)
    assert set(found["kinds"]) == {"home", "overview", "chronology", "actors index", "actor", "export events.csv", "search index", "asset js"}
    assert found["kinds"]["actor"]["path"] == "b/actors/large.html"
    assert found["kinds"]["actor"]["gzip"] == len(gzip.compress(files["b/actors/large.html"], 9, mtime=0))
    assert found["kinds"]["chronology"]["bytes"] == 120_000
    assert (found["pages"], found["over"], found["over_pages"]) == (6, 1, ["b/chronology.html"])
    assert "| chronology |" in report.weight_table([{"size": "t", "weight": found}])


def test_the_bench_writes_its_tables_and_the_readme_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{report.BEGIN}\nold table\n{report.END}\n\nafter\n", encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, ROOT / "bench" / "run.py", "--sizes", "example", "--runs", "1", "--peers", "jinja", "--pdf-sizes", "none", "--out", out]
    done = subprocess.run([*command, "--readme", readme], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (row,) = results["sizes"]
    assert set(row["peers"]) == {"briefbook", "jinja"} and row["pages_built"]["jinja"] == row["pages"] > 20
    assert row["events"] == 9 and row["pdf"] == "skipped" and row["weight"]["over"] == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nbefore\n\n") and text.endswith(f"{report.END}\n\nafter\n") and "old table" not in text
    assert "| example | 9 |" in text and "Jinja2 + markdown-it-py" in text and "| overview |" in text
    assert (out / "results.md").read_text(encoding="utf-8") in text
    again = subprocess.run([*command[:2], "--out", out, "--readme-only", "--readme", readme], capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 0, again.stderr
    assert readme.read_text(encoding="utf-8") == text
