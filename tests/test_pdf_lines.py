"""Short texts' first lines measured once per document (generator/pdf_lines.py): repeats
get layouts of their own, and the PDF's bytes are those of WeasyPrint's own line splitting."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, MULTI
from generator import pdf, pdf_parts, pipeline
from generator.render.views import View

BODY = "".join(f'<p>Actors: <b>Vashdor News</b>, {day} March 2024</p><p style="text-align: justify">Reported by the source, a longer sentence that wraps once it is set in a narrow column of text.</p>' for day in (1, 2, 1, 2))


def test_each_repeat_has_a_layout_of_its_own_and_the_same_lines():
    printer = pdf.Printer()
    html = f'<!doctype html><html lang="en"><head><style>p {{ width: 110mm; }}</style></head><body>{BODY}</body></html>'
    document = printer.weasyprint.HTML(string=html).render(font_config=printer.fonts)
    texts = [box for page in document.pages for box in page._page_box.descendants() if type(box).__name__ == "TextBox"]
    repeated = [box for box in texts if box.text == "Vashdor News"]
    assert len(repeated) == 4
    assert len({id(box.pango_layout) for box in repeated}) == 4
    assert len({(box.width, box.height, box.baseline) for box in repeated}) == 1


@pytest.mark.parametrize("folder, part_size", [(EXAMPLE, "0"), (MULTI, "20000")], ids=["example", "multi-in-parts"])
def test_the_same_pdf_bytes_as_with_weasyprints_own_line_splitting(folder, part_size, monkeypatch):
    monkeypatch.setenv(pdf_parts.SIZE, part_size)
    briefings, problems = pipeline.load([folder])
    assert briefings, problems
    printer, view = pdf.Printer(), View(briefings[0])
    memoised = printer(view, created="2024-06-07")
    from weasyprint.layout import inline, preferred

    monkeypatch.setattr(inline, "split_first_line", inline.split_first_line.__wrapped__)
    monkeypatch.setattr(preferred, "split_first_line", inline.split_first_line)
    assert printer(view, created="2024-06-07") == memoised
