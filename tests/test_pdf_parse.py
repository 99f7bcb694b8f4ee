"""The printed HTML parsed by expat (generator/pdf_parse.py): the same element tree as
WeasyPrint's HTML5 parser makes, for every briefing the tests print and each of their parts,
and the HTML5 parser's where expat could not be sure of that."""

from __future__ import annotations

import pytest
import tinyhtml5

from conftest import EXAMPLE, MULTI, ROOT
from generator import pdf_parse, pdf_parts, pipeline, print_html
from generator.render.views import View

PERSIAN = ROOT / "tests" / "briefings" / "tarvana-fa"


def differences(a, b, path: str = "html") -> str | None:
    """Where two element trees first differ (tag, attributes in order, text, tail, children), or None."""
    if (a.tag, list(a.attrib.items()), a.text or "", a.tail or "") != (b.tag, list(b.attrib.items()), b.text or "", b.tail or ""):
        return f"{path}: {a.tag} {a.attrib} {a.text!r} {a.tail!r} != {b.tag} {b.attrib} {b.text!r} {b.tail!r}"
    if len(a) != len(b):
        return f"{path}: children {[c.tag for c in a]} != {[c.tag for c in b]}"
    return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := differences(x, y, f"{path}/{x.tag}[{i}]"))), None)


def html5(html: str):
    return tinyhtml5.parse(html, namespace_html_elements=False)


@pytest.mark.parametrize("folder", [EXAMPLE, MULTI, PERSIAN], ids=["example", "multi", "persian"])
def test_the_printed_html_and_each_part_parse_to_the_html5_parsers_tree(folder):
    briefings, problems = pipeline.load([folder])
    assert briefings, problems
    html = print_html.render_html(View(briefings[0]), created="2024-06-07")
    documents = [html] + [part.html for part in pdf_parts.split(html, 20_000) or []]
    assert len(documents) > 2 or folder == PERSIAN  # a short briefing: one document
    for document in documents:
        document = document.replace(pdf_parts.CUT, "")  # as Printer._layout lays it out
        root = pdf_parse.tree(document)
        assert root is not None
        assert differences(html5(document), root) is None


def page(body: str) -> str:
    return f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>{body}</body>\n</html>\n'


def test_rows_get_their_tbody_svg_its_namespace_and_comments_stay_as_html5_has_them():
    html = page(
        '<table class="facts"><tr><th>a</th><td>b&nbsp;c</td></tr>\n<tr><td>d</td></tr></table>'
        '<table><thead><tr><th>h</th></tr></thead><tr><td>x</td></tr></table>'
        '<!-- a note --><p>e<br>f</p><svg viewBox="0 0 2 2"><g><title>dot</title><circle r="1"/></g></svg>'
    )
    root = pdf_parse.tree(html)
    assert root is not None and differences(html5(html), root) is None
    assert root.find(".//table/tbody/tr") is not None and root.find(f".//{{{pdf_parse.SVG}}}circle") is not None


@pytest.mark.parametrize(
    "body",
    [
        "<p>a &mdash; b</p>",  # a named entity that XML does not know
        "<p>a<div>b</div></p>",  # the HTML5 parser ends the paragraph before the block
        "<table><tr><td>a</td></tr>stray</table>",  # text moved out of the table
        '<p title="two\nlines">a</p>',  # XML would make the newline a space
        "<p>a < b</p>",  # not XML
    ],
)
def test_what_expat_cannot_be_sure_of_is_left_to_the_html5_parser(body):
    assert pdf_parse.tree(page(body)) is None
