"""A cut inside a section (generator/pdf_parts.py, pdf_overlap.py, pdf_workers.py) leaves no
part-empty page: a briefing printed in many parts has the pages of the same briefing printed
as one document. Laid out for real by WeasyPrint, read back with pdftotext and pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE
from generator import pdf_overlap, pdf_parts, pipeline, print_html
from generator.render.views import View
from test_pdf import outline, page_references, page_texts
from test_pdf_parts import made

SMALL = "20000"  # the example in seven parts, one of them ending inside a section


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("cut")
    whole, _ = made(tmp, EXAMPLE, "whole", BRIEFBOOK_PDF_PART_SIZE="0")
    parted, _ = made(tmp, EXAMPLE, "parted", BRIEFBOOK_PDF_PART_SIZE=SMALL, BRIEFBOOK_PDF_WORKERS="2")
    return whole, parted


def test_cut_into_parts_inside_sections():
    briefings, _ = pipeline.load([EXAMPLE])
    parts = pdf_parts.split(print_html.render_html(View(briefings[0])), int(SMALL))
    assert parts and any(part.overlap for part in parts)


def test_every_page_is_the_one_documents(pair):
    whole, parted = pair
    assert page_texts(parted) == page_texts(whole)  # running heads, footers and contents page numbers too


def test_page_labels_outline_and_links_are_the_one_documents(pair):
    whole, parted = pair
    assert PdfReader(parted).page_labels == PdfReader(whole).page_labels
    assert outline(parted) == outline(whole)
    assert page_references(parted) == page_references(whole)


def test_a_part_resumes_at_the_first_card_of_its_overlap_that_starts_a_page():
    start = lambda card, below=(): (("any", ""), card, below)  # noqa: E731
    starts = [None, start("a"), start("b", (3, (120, None))), start("y"), start("z"), None]
    assert pdf_overlap.cut(starts, ("x", "y", "z")) == (3, 1)
    assert pdf_overlap.cut(starts[:3] + [None], ("x", "y")) is None  # no page starts at one of its cards: it keeps them all
    assert pdf_overlap.cut([None, start("x"), None], ("x",)) == (1, 0)


def test_the_next_part_starts_at_the_card_it_resumes_at():
    notes = "".join(f'{pdf_parts.CUT}<li id="cite_{n}" value="{n}"><p>note {n}</p></li>' for n in range(1, 40))
    html = (
        "<html><head></head><body>"
        f'{pdf_parts.CUT}<section class="cover"><h1 class="cover-title">T</h1></section>'
        f'{pdf_parts.CUT}<section class="part evidence"><h1 id="sec_evidence">Evidence</h1><ol class="notes">{notes}</ol></section>'
        "</body></html>"
    )
    parts = pdf_parts.split(html, 400)
    first = next(part for part in parts if part.overlap)
    following = parts[parts.index(first) + 1]
    assert following.html.count("<li ") < first.html.count("<li ") + following.html.count("<li ")
    resumed = first.resume(1)
    assert resumed.ids == following.ids - {first.overlap[0]}  # one card fewer: the part before it holds it
    assert f'<li id="{first.overlap[1]}" value="' in resumed.html and 'style="margin-top: 0; string-set: ' in resumed.html
