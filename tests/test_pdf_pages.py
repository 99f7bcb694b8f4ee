"""How the printed briefing fills its pages: no near-empty page but where a part must start a
new page. Real PDFs, on both papers, read back with poppler and pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, MULTI, ROOT
from test_pdf import briefbook, lines, outline, page_texts

PERSIAN = ROOT / "tests" / "briefings" / "tarvana-fa"
FURNITURE = 4  # the running head's two lines and the footer's two on every page but the cover
FEW = 12  # lines of its own that a page holds at the least, unless a part ends on it


@pytest.fixture(scope="module", params=[(EXAMPLE, "a4"), (EXAMPLE, "letter"), (MULTI, "letter"), (PERSIAN, "letter")], ids=lambda p: f"{p[0].name}-{p[1]}")
def printed(request, tmp_path_factory) -> tuple[list[str], list[tuple[int, str, int]]]:
    """Each page's text and the outline's top-level entries (title, page) of a briefing printed on one paper."""
    folder, paper = request.param
    out = tmp_path_factory.mktemp("pages")
    result = briefbook("pdf", folder, "--out", out, "--paper", paper, "-q")
    assert result.returncode == 0, result.stderr
    (path,) = Path(out).glob("*/*.pdf")
    return page_texts(path), [(title, page) for depth, title, page in outline(path) if depth == 0]


def test_the_front_matter_ends_on_the_contents_page(printed):
    """The contents, the status, the edition's note and the key share one page, and the next
    part starts on the page after it: the key does not spill onto a page of its own."""
    pages, parts = printed
    titles = [title for title, _ in parts]
    contents = dict(parts)["Contents"]
    following = parts[titles.index("Contents") + 1:]
    first_after = next(page for title, page in following if page > contents)
    assert first_after == contents + 1, parts
    assert "Conflicting accounts" in pages[contents - 1]  # the key's last entry


def test_a_page_nearly_empty_is_the_last_of_a_part(printed):
    pages, parts = printed
    starts = {page for _, page in parts}
    for number, text in enumerate(pages[1:-1], 2):
        own = len(lines(text)) - FURNITURE
        assert own >= FEW or number + 1 in starts, f"page {number} holds {own} lines, and no part starts on page {number + 1}"
