"""`briefbook new` and `briefbook add-source`: a scaffold that check explains, sources appended
without losing a comment, and every refusal leaving every file as it was."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from generator import add_source, model, pipeline, scaffold
from generator.model import FILES
from generator.schema import modeline

DOCUMENT = next((EXAMPLE / "documents").glob("*.txt"))
SHA256 = hashlib.sha256(DOCUMENT.read_bytes()).hexdigest()
B = "briefings/demo"
# In a fresh sources.yml, add-source writes a blank line and `sources:` after the modeline and
# the template, then the entry.
LINE = 1 + len((ROOT / "templates" / "scaffold" / "sources.yml").read_text().splitlines()) + 3
# A commented example line: '# ' before a key (or '- key'); prose and the key lists do not match.
EXAMPLE_LINE = re.compile(r"^# (\s*(?:- )?[a-z_0-9]+:(?: .*)?)$", re.M)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI as a user runs it; it never shows a traceback."""
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under root, to show that nothing changed."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


@pytest.fixture
def fresh(tmp_path) -> Path:
    """tmp_path with a freshly scaffolded briefings/demo and a copy of the example's document."""
    assert run(tmp_path, "new", "demo").returncode == 0
    shutil.copy(DOCUMENT, tmp_path / "article.txt")
    return tmp_path


def test_new_creates_commented_fact_files_with_modelines(tmp_path):
    result = run(tmp_path, "new", "demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "created briefings/demo/ with briefing.yml, sources.yml, actors.yml, events.yml, claims.yml, quotes.yml, places.yml and documents/\n"
        "next: store a source document with\n"
        "  briefbook add-source briefings/demo FILE\n"
        "then fill in briefing.yml and actors.yml (their commented examples show how) and run\n"
        "  briefbook check briefings/demo\n"
    )
    folder = tmp_path / B
    assert sorted(snapshot(folder)) == sorted([*FILES, "documents", "documents/README.md"])
    for name in FILES:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.splitlines()[0] == modeline(name, "../../schema")
        active = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        assert active == (["draft: true"] if name == "briefing.yml" else []), f"{name} has uncommented lines"
    lines = (folder / "briefing.yml").read_text(encoding="utf-8").splitlines()
    comment = " ".join(lines[: lines.index("draft: true")][-2:])  # the comment right above it
    assert "`briefbook build` leaves it out" in comment and "Remove this line to publish it." in comment


def test_modeline_points_at_the_projects_schema_folder(tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "sources.schema.json").write_text("{}")
    (tmp_path / "work").mkdir()
    assert run(tmp_path, "new", "deep", "--root", "collections/2024/briefings").returncode == 0
    assert run(tmp_path / "work", "new", "near", "--root", "../briefings").returncode == 0
    deep = (tmp_path / "collections/2024/briefings/deep/events.yml").read_text().splitlines()[0]
    near = (tmp_path / "briefings/near/events.yml").read_text().splitlines()[0]
    assert deep == modeline("events.yml", "../../../../schema")
    assert near == modeline("events.yml", "../../schema")


def test_fresh_scaffold_check_names_what_to_fill_in(fresh):
    result = run(fresh, "check", B)
    assert result.returncode == 1
    assert result.stdout == (
        "briefings/demo (draft):\n"
        "briefings/demo/actors.yml:1:1: error: actors.yml lists no actors\n"
        "briefings/demo/briefing.yml:1:1: error: missing required key 'as_of'\n"
        "briefings/demo/briefing.yml:1:1: error: missing required key 'authors'\n"
        "briefings/demo/briefing.yml:1:1: error: missing required key 'handling'\n"
        "briefings/demo/briefing.yml:1:1: error: missing required key 'summary'\n"
        "briefings/demo/briefing.yml:1:1: error: missing required key 'title'\n"
        "briefings/demo/sources.yml:1:1: error: sources.yml lists no sources\n"
        "7 errors, 0 warnings (7 errors in drafts)\n"
    )


def test_a_new_briefing_is_a_draft_that_blocks_no_other_build(fresh):
    shutil.copytree(EXAMPLE, fresh / "briefings" / EXAMPLE.name)
    result = run(fresh, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 briefing into site/") and result.stdout.endswith("; 1 draft left out (--drafts builds them)\n")
    assert (fresh / "site" / EXAMPLE.name / "index.html").is_file() and not (fresh / "site" / "demo").exists()


def test_the_commented_examples_make_a_valid_briefing_once_uncommented(fresh, monkeypatch):
    folder = fresh / B
    for name in FILES:
        path = folder / name
        path.write_text(EXAMPLE_LINE.sub(r"\1", path.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(DOCUMENT, folder / "documents" / DOCUMENT.name)
    monkeypatch.chdir(fresh)
    briefings, problems = pipeline.check([Path(B)])
    assert [str(p) for p in problems] == []
    (b,) = briefings
    assert len(b.places) == 2
    assert (len(b.sources), len(b.actors), len(b.events), len(b.claims), len(b.quotes)) == (1, 3, 1, 1, 1)


def test_the_scaffold_explains_every_key_of_the_format():
    text = "".join((ROOT / "templates" / "scaffold" / name).read_text() for name in FILES)
    keys = {info.alias or name for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, model.Fact) for name, info in cls.model_fields.items() if name != "at"}
    assert {key for key in keys - {"at"} if not re.search(rf"(?<![\w-]){key}(?![\w-])", text)} == set()


FACTS = {
    "briefing.yml": """\
title: A test briefing
as_of: 2024-02-24
authors: [test desk]
handling: TLP:CLEAR
summary:
  text: Pakistan launched an airstrike in Iran's territory.
  citations:
    - source: article
      excerpt: In response, Pakistan also launched an airstrike in Iran's territory.
""",
    "actors.yml": """\
actors:
  - id: pakistan
    name: Pakistan
    kind: state
    citations:
      - source: article
        excerpt: Pakistan also launched an airstrike
""",
    "events.yml": """\
events:
  - id: pakistan-strike-in-iran
    title: Pakistan's airstrike in Iran
    date: 2024-01
    actors: [pakistan]
    accounts:
      - text: Pakistan launched an airstrike in Iran's territory.
        citations:
          - source: article
            excerpt: In response, Pakistan also launched an airstrike in Iran's territory.
""",
}


def fill_in(folder: Path) -> None:
    for name, body in FACTS.items():
        (folder / name).write_text(f"{modeline(name)}\n{body}", encoding="utf-8")


def test_add_source_with_every_field_then_check_and_build(fresh):
    result = run(
        fresh, "add-source", B, "article.txt", "--title", "[Iran claims a killing in Pakistan]", "--published", "2024-02-24",
        "--url", "https://example.org/news?id=1#top", "--publisher", "Example News", "--language", "en", "--kind", "news-article",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"stored briefings/demo/documents/article.txt (sha256 {SHA256})\n"
        f"added source 'article' to briefings/demo/sources.yml at line {LINE}\n"
        "next: cite it from the facts (source: article), then run\n"
        "  briefbook check briefings/demo\n"
    )
    folder = fresh / B
    assert (folder / "documents" / "article.txt").read_bytes() == DOCUMENT.read_bytes()
    assert (folder / "sources.yml").read_text().splitlines()[LINE - 1 :] == [
        "  - id: article",
        "    kind: news-article",
        '    title: "[Iran claims a killing in Pakistan]"',
        "    publisher: Example News",
        "    published: 2024-02-24",
        '    url: "https://example.org/news?id=1#top"',
        "    language: en",
        "    document: documents/article.txt",
        f"    sha256: {SHA256}",
    ]
    fill_in(folder)
    check = run(fresh, "check", B)
    assert (check.returncode, check.stdout) == (0, "briefings/demo: ok (1 event, 1 actor, 0 quotes, 0 claims, 1 source)\n")
    build = run(fresh, "build", B, "--no-pdf", "--out", "site")
    assert build.returncode == 0, build.stderr
    assert (fresh / "site" / "demo" / "index.html").is_file()
    assert "Iran claims a killing in Pakistan" in (fresh / "site" / "demo" / "sources" / "article.html").read_text()


def test_add_source_leaves_title_and_published_for_check_to_name(fresh):
    result = run(fresh, "add-source", B, "article.txt", "--id", "article-2024-02-24")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"added source 'article-2024-02-24' to briefings/demo/sources.yml at line {LINE}",
        f"next: fill in title and published in briefings/demo/sources.yml line {LINE}, then run",
        "  briefbook check briefings/demo",
    ]
    fill_in(fresh / B)
    for name in ("briefing.yml", "actors.yml", "events.yml"):
        text = (fresh / B / name).read_text()
        (fresh / B / name).write_text(text.replace("source: article\n", "source: article-2024-02-24\n"))
    check = run(fresh, "check", B)
    assert check.returncode == 1
    assert check.stdout == (
        f"briefings/demo/sources.yml:{LINE}:5: error: missing required key 'published'\n"
        f"briefings/demo/sources.yml:{LINE}:5: error: missing required key 'title'\n"
        "2 errors, 0 warnings\n"
    )
    sources = fresh / B / "sources.yml"
    text = sources.read_text()
    text = text.replace("    # title: ", '    title: "[A supplied title]"  #').replace("    # published: ", "    published: 2024-02-24  #")
    sources.write_text(text)
    assert run(fresh, "check", B).returncode == 0


def test_add_source_keeps_comments_and_layout(tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(EXAMPLE, folder)
    before = (folder / "sources.yml").read_bytes()
    (tmp_path / "second.txt").write_text("A second document.\n", encoding="utf-8")
    result = run(tmp_path, "add-source", "b", "second.txt", "--title", "Second", "--published", "2024-02-20")
    assert result.returncode == 0, result.stderr
    after = (folder / "sources.yml").read_bytes()
    assert after.startswith(before)  # every comment and line of the analyst's is where it was
    assert after[len(before):].decode().startswith("\n  - id: second\n    kind: news-article  # or statement")
    _, problems = pipeline.check([folder])
    assert [p.severity for p in problems] == ["warning"]  # 'second' is never cited


@pytest.mark.parametrize(
    "layout",
    [
        "sources:\n- id: first\n  title: First\n",  # items at the key's indentation
        "sources:\r\n    -   id: first\r\n        title: First\r\n",  # CRLF, deep indentation
        "# only comments\n",  # no list yet
        "# a comment\nsources:\n",  # an empty list
        "sources:\n  - id: first\n    title: First\n    notes: >-\n      Folded\n      notes.",  # no final newline
    ],
)
def test_add_source_follows_the_files_layout(tmp_path, layout):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "briefing.yml").write_text("title: t\n")
    (folder / "sources.yml").write_bytes(layout.encode())
    (tmp_path / "new.txt").write_text("text\n")
    result = add_source.add_source(folder, tmp_path / "new.txt", title="New", published="2024")
    text = (folder / "sources.yml").read_bytes().decode()
    assert text.startswith(layout)
    entry = text.splitlines()[result.line - 1 :]
    assert re.fullmatch(r" *- +id: new", entry[0])
    first_key = re.search(r"^( *- +)id", text, re.M)
    assert entry[0].startswith(first_key.group(1))
    assert all(line.startswith(" " * len(first_key.group(1))) for line in entry[1:])
    assert ("\r\n" in layout) == text.endswith("\r\n")


def test_identical_document_already_stored_is_reused(fresh):
    stored = fresh / B / "documents" / "article.txt"
    shutil.copy(DOCUMENT, stored)
    result = run(fresh, "add-source", B, "article.txt", "--title", "T", "--published", "2024-02-24")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"already stored: briefings/demo/documents/article.txt (sha256 {SHA256})\n")
    assert run(fresh, "add-source", B, str(stored.relative_to(fresh)), "--id", "again").returncode == 1


# Each case: how to set it up, the arguments, the exit status and a part of the message.
REFUSALS = {
    "bad slug": (None, ["new", "Demo Two"], 2, "Invalid value for SLUG: 'Demo Two' is not a valid slug: use lowercase letters, digits and hyphens; try 'demo-two'"),
    "slug with a slash": (None, ["new", "a/b"], 2, "try 'a-b'"),
    "existing folder": (None, ["new", "demo"], 1, "briefbook: briefings/demo already exists; choose another slug, or remove the folder first\nnothing was changed"),
    "duplicate id": ("source", ["add-source", B, "other.txt", "--id", "article"], 1, f"already has a source with the id 'article' (line {LINE}); choose another id with --id"),
    "same document twice": ("source", ["add-source", B, "article.txt", "--id", "again"], 1, f"documents/article.txt is already the document of source 'article' (briefings/demo/sources.yml line {LINE})"),
    "different document, same name": ("source", ["add-source", B, "changed/article.txt", "--id", "changed"], 1, "briefings/demo/documents/article.txt already exists and differs from the file given"),
    "not UTF-8": (None, ["add-source", B, "latin1.txt"], 1, "briefbook: latin1.txt:2:4: not valid UTF-8 (byte 0xe9); briefbook stores documents as UTF-8 text"),
    "bad date": (None, ["add-source", B, "article.txt", "--published", "24/02/2024"], 2, "Invalid value for --published: '24/02/2024' is not an EDTF date"),
    "bad url": (None, ["add-source", B, "article.txt", "--url", "example.org"], 2, "Invalid value for --url: 'example.org' must be an http:// or https:// URL"),
    "bad id": (None, ["add-source", B, "article.txt", "--id", "Article_1"], 2, "Invalid value for --id: 'Article_1' is not a valid source id: use lowercase letters, digits and hyphens; try 'article-1'"),
    "no id from the name": (None, ["add-source", B, "___.txt"], 2, "cannot make a source id from the file name '___.txt'; give one with --id"),
    "not a briefing": (None, ["add-source", "briefings", "article.txt"], 2, "Invalid value for BRIEFING_DIR: briefings has no briefing.yml"),
    "sources.yml with errors": ("broken", ["add-source", B, "article.txt"], 1, "briefings/demo/sources.yml has errors; fix them, then add the source:\nbriefings/demo/sources.yml:3:1: error: YAML syntax error: did not find expected ',' or ']'\nnothing was changed"),
    "list not last": ("not last", ["add-source", B, "article.txt"], 1, "cannot append the entry to briefings/demo/sources.yml: the list 'sources' must be the file's last key"),
    "flow list": ("flow", ["add-source", B, "article.txt"], 1, "cannot append the entry to briefings/demo/sources.yml"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_change_nothing(fresh, case):
    setup, args, status, message = REFUSALS[case]
    (fresh / "other.txt").write_text("Another document.\n")
    (fresh / "latin1.txt").write_bytes(b"Dates:\ncaf\xe9 au lait\n")
    (fresh / "___.txt").write_text("text\n")
    (fresh / "changed").mkdir()
    (fresh / "changed" / "article.txt").write_text("A different text.\n")
    sources = fresh / B / "sources.yml"
    if setup == "source":
        assert run(fresh, "add-source", B, "article.txt").returncode == 0
    elif setup == "broken":
        sources.write_text("sources:\n  - id: [unclosed\n")
    elif setup == "not last":
        sources.write_text("sources:\n  - id: first\nextra: key\n")
    elif setup == "flow":
        sources.write_text("sources: []\n")
    before = snapshot(fresh)
    result = run(fresh, *args)
    assert result.returncode == status
    assert message in result.stderr
    assert snapshot(fresh) == before


def test_too_large_document_is_refused(fresh, monkeypatch):
    monkeypatch.setattr(add_source, "MAX_DOCUMENT_BYTES", 100)
    monkeypatch.chdir(fresh)
    before = snapshot(fresh)
    with pytest.raises(scaffold.Refused, match=r"article.txt is 2,040 bytes; the limit is 100"):
        add_source.add_source(Path(B), Path("article.txt"))
    assert snapshot(fresh) == before


def test_interrupted_add_source_leaves_files_intact(fresh, monkeypatch):
    """If sources.yml cannot be swapped in, the document stored a moment before is removed."""
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst).name == "sources.yml":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    monkeypatch.chdir(fresh)
    shutil.rmtree(Path(B, "documents"))
    before = snapshot(fresh)
    with pytest.raises(scaffold.Refused, match="cannot add article.txt to briefings/demo: No space left on device"):
        add_source.add_source(Path(B), Path("article.txt"))
    assert snapshot(fresh) == before


def test_values_are_written_so_that_they_read_back_exactly(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "briefing.yml").write_text("title: t\n")
    (tmp_path / "doc.txt").write_text("text\n")
    title = 'Null: "quoted" # not a comment\u2028[x] - null'
    added = add_source.add_source(folder, tmp_path / "doc.txt", title=title, publisher="null", published="2024-01?")
    (briefing,), _ = pipeline.check([folder])
    (source,) = briefing.sources
    assert (source.title, source.publisher, source.published.edtf, source.sha256) == (title, "null", "2024-01?", added.sha256)
