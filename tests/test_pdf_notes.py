"""The printed endnotes ("Evidence"): each the passage and a short reference to its source,
whose full entry is under "Sources"; a passage cited by several statements under one number.
The example's and the multi-source briefing's PDFs made for real and read back with
pdftotext and pypdf."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, MULTI
from generator import pipeline, print_html
from generator.model import Source
from generator.render.citing import short_names
from generator.render.views import View
from test_pdf import briefbook, flat, page_references, poppler
from test_pdf_parts import SMALL

NOTE = re.compile(r"^\s*(\d+)\.\s+(.*)$")
FURNITURE = re.compile(r"Page \d+ of \d+|·\s+Evidence\s+TLP:")  # the running head and foot


def made(tmp_path_factory, briefing: Path, **env) -> Path:
    out = tmp_path_factory.mktemp("notes")
    result = briefbook("pdf", briefing, "--out", out, "-q", **env)
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("*/*.pdf")
    return path


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory) -> Path:
    return made(tmp_path_factory, EXAMPLE)


@pytest.fixture(scope="module")
def multi_pdf(tmp_path_factory) -> Path:
    return made(tmp_path_factory, MULTI)


@pytest.fixture(scope="module")
def parted_pdf(tmp_path_factory) -> Path:
    """The example laid out in small parts by two processes, joined (pdf_join)."""
    return made(tmp_path_factory, EXAMPLE, BRIEFBOOK_PDF_PART_SIZE=SMALL, BRIEFBOOK_PDF_WORKERS="2")


def load(folder: Path):
    (b,), _ = pipeline.load([folder])
    return b


def split_at_evidence(path: Path) -> tuple[str, str, int]:
    """(the text before the Evidence section, the section's text, its first page)."""
    text = poppler("pdftotext", "-layout", path, "-")
    at = [m.start() for m in re.finditer(r"^Evidence$", text, re.M)][-1]  # the heading, not the contents' line
    return text[:at], text[at:], text.count("\f", 0, at) + 1


def notes(path: Path) -> dict[int, str]:
    """Each note's text by its number, flattened (pdftotext -layout, the running heads left out)."""
    found: dict[int, list[str]] = {}
    _, section, _ = split_at_evidence(path)
    for line in section.split("Each number in brackets points here", 1)[1].splitlines():
        if FURNITURE.search(line):
            continue
        start = NOTE.match(line)
        if start:
            found[int(start[1])] = [start[2]]
        elif found:
            found[max(found)].append(line)
    return {n: flat(" ".join(text)) for n, text in found.items()}


def test_a_note_is_its_passage_and_the_sources_short_title_date_and_chain(example_pdf):
    by_number = notes(example_pdf)
    assert len(by_number) > 30
    title = "Iran's military forces claim to have killed…, 24 February 2024"
    assert all(text.endswith(flat(title)) or flat(f"{title}, relaying") in text for text in by_number.values())
    relaying = [text for text in by_number.values() if text.endswith(flat(f"{title}, relaying Iran International English → Iranian state media"))]
    assert any(text.startswith(flat("The news channel, Iran International English, broadcast the news")) for text in relaying)


def test_the_full_title_is_given_once_in_the_sources_not_in_the_notes(example_pdf, multi_pdf):
    for path, folder in ((example_pdf, EXAMPLE), (multi_pdf, MULTI)):
        before, evidence, _ = split_at_evidence(path)
        for source in load(folder).sources:
            assert flat(source.title) not in flat(evidence)
            assert flat(source.title) in flat(before.split("\nSources\n")[-1])  # its entry


def test_a_note_names_a_publisher_by_its_outlet(multi_pdf):
    texts = notes(multi_pdf).values()
    assert any(text.endswith(flat("The Aldorian Courier, 20 March 2025")) for text in texts)
    assert any(text.endswith(flat("Zemara Daily Wire, 4 March 2025")) for text in texts)
    before, _, _ = split_at_evidence(multi_pdf)
    assert flat("In the notes Zemara Daily Wire, 4 March 2025") in flat(before)  # the entry says how notes name it


def test_each_short_reference_links_to_its_sources_entry(example_pdf, multi_pdf, parted_pdf):
    for path, folder in ((example_pdf, EXAMPLE), (multi_pdf, MULTI), (parted_pdf, EXAMPLE)):
        reader = PdfReader(path)
        target_page = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
        pages = poppler("pdftotext", path, "-").split("\f")
        sources = {f"source_{s.id}": s for s in load(folder).sources}
        _, _, first = split_at_evidence(path)
        names = short_names(list(sources.values()))
        links = [(target, text) for page, target, text in page_references(path) if page >= first and target in sources]
        assert len(links) == len(notes(path))  # one in each note, on the source's name
        assert {flat(html.unescape(text)).removesuffix(",") for _, text in links} == {flat(names[target.removeprefix("source_")]) for target, _ in links}
        for target in {target for target, _ in links}:
            assert target_page[target] <= first
            assert flat(sources[target].title) in flat(pages[target_page[target] - 1])


def test_a_passage_cited_by_several_statements_has_one_number(example_pdf):
    before, _, _ = split_at_evidence(example_pdf)
    marks = Counter(int(n) for n in re.findall(r"\[(\d+)\]", before))
    by_number = notes(example_pdf)
    assert sorted(marks) == sorted(by_number)  # every note is cited, every mark has its note
    assert sum(marks.values()) > len(marks) + 20  # many notes are cited more than once
    assert len(set(by_number.values())) == len(by_number)  # and no two notes say the same


def test_a_short_name_shared_by_two_sources_of_one_day_adds_the_title():
    (one, *_), (other, *_) = load(MULTI).sources, load(EXAMPLE).sources
    twin = one.model_copy(update={"id": "twin", "title": "[Harvel counts its dead]"})
    undated = other.model_copy(update={"id": "undated", "publisher": None})
    names = short_names([one, twin, undated])
    assert names == {
        one.id: "The Aldorian Courier, “Aldoria strikes Harvel (invented test article)”",
        "twin": "The Aldorian Courier, “Harvel counts its dead”",
        "undated": "Iran's military forces claim to have killed…",
    }
    assert short_names([one]) == {one.id: "The Aldorian Courier"}
    assert isinstance(one, Source)


def test_an_outlet_is_escaped_in_the_notes_and_in_its_entry(scratch):
    scratch.edit("sources.yml", "    language: en", '    publisher: "<b>Dawn</b> & Co"\n    language: en')
    (b,), _ = pipeline.load([scratch.folder])
    printed = print_html.render_html(View(b))
    assert "<b>Dawn</b>" not in printed
    evidence = printed.split('id="sec_evidence"')[1]
    assert len(re.findall(r"&lt;b&gt;Dawn&lt;/b&gt; &amp; Co(</bdi>)?</a>, 24 February 2024", evidence)) == len(re.findall(r'<li id="cite_\d+"', evidence))
    assert re.search(r"In the notes</th><td>(<bdi>)?&lt;b&gt;Dawn&lt;/b&gt; &amp; Co", printed)
