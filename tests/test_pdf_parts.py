"""A long briefing's PDF laid out in parts (generator/pdf_parts.py, pdf_workers.py, pdf_join.py):
forced on the example and the multi-source briefing with small parts (BRIEFBOOK_PDF_PART_SIZE),
and read back with poppler and pypdf against the PDF laid out as one document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, MULTI
from generator import pdf_parts
from test_pdf import briefbook, flat, lines, outline, page_references, page_texts

SMALL = "20000"  # characters of printed HTML in a part: the example in seven parts, some cut inside a section
_FURNITURE = re.compile(r"^(As of .*|Page \d+ of \d+|TLP:\S+|.* · \w+( \w+)?)$")


def made(tmp_path: Path, briefing: Path, name: str, seed: str = "0", **env) -> tuple[Path, str]:
    out = tmp_path / name
    result = briefbook("pdf", briefing, "--out", out, seed=seed, **env)
    assert result.returncode == 0, result.stderr
    return next(out.glob("*/*.pdf")), result.stderr


@pytest.fixture(scope="module", params=[EXAMPLE, MULTI], ids=["example", "multi"])
def pair(request, tmp_path_factory) -> tuple[Path, Path, str]:
    """The briefing's PDF as one document, and in small parts laid out by two processes."""
    tmp = tmp_path_factory.mktemp("parts")
    whole, _ = made(tmp, request.param, "whole")
    parted, stderr = made(tmp, request.param, "parted", BRIEFBOOK_PDF_PART_SIZE=SMALL, BRIEFBOOK_PDF_WORKERS="2")
    return whole, parted, stderr


def body_words(path: Path) -> list[str]:
    """The words of every page but its running heads and footer, in order, pages run together,
    without page numbers and leaders (a part cut inside a section starts a page: what follows
    may move to a later page; the numbers are checked against their targets below)."""
    words = []
    for text in page_texts(path):
        words += flat(" ".join(line for line in lines(text) if not _FURNITURE.match(line))).split()
    return [w for w in words if not re.fullmatch(r"\.*\d*", w)]


def test_it_was_laid_out_in_parts_and_said_so(pair):
    _, parted, stderr = pair
    said = stderr.splitlines()
    count = int(re.search(r": laying out (\d+) parts in 2 processes$", said[0])[1])
    assert count >= 3
    pages = len(PdfReader(parted).pages)
    ranges = [tuple(map(int, re.search(r"laid out part \d+ of \d+: pages (\d+)-(\d+)$", line).groups())) for line in said if "laid out part" in line]
    assert len(ranges) == count and ranges[0][0] == 1 and ranges[-1][1] == pages
    assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:]))  # in order, every page once
    assert said[-2:] == [said[-2], f"{said[-1].split(':')[0]}: {pages} pages"] and f"joining {count} parts into {pages} pages" in said[-2]


def test_parts_print_the_same_words_as_one_document(pair):
    whole, parted, _ = pair
    assert body_words(parted) == body_words(whole)


def test_every_page_but_the_cover_has_its_number_and_running_heads(pair):
    whole, parted, _ = pair
    pages, title = page_texts(parted), PdfReader(whole).metadata.title
    for number, text in enumerate(pages[1:], 2):
        assert f"Page {number} of {len(pages)}" in text
        assert flat(title) in flat(text) and "As of " in text
        assert re.search(r" · (Contents|Chronology|Quotes|Claims|Actors|Places|Sources|Evidence)\b", text), f"no section in the running head of page {number}"
    assert "Page 1 of" not in pages[0]
    # the pages after the one a section starts on, up to the next section's, name it in their
    # running head, those of a part that starts inside it too
    starts = [(p, t) for d, t, p in outline(parted) if d == 0 and t not in ("Summary", "Key points", "What this edition changed")]
    for (start, name), (after, _) in zip(starts, starts[1:] + [(len(pages) + 1, "")]):
        for number in range(start + 1, after):
            assert f"· {name}" in pages[number - 1], (name, number)
    assert any(after - start > 2 for (start, _), (after, _) in zip(starts, starts[1:]))


def test_one_outline_in_document_order_pointing_at_its_headings(pair):
    whole, parted, _ = pair
    marks, pages = outline(parted), page_texts(parted)
    assert [(d, t) for d, t, _ in marks] == [(d, t) for d, t, _ in outline(whole)]
    assert [p for _, _, p in marks] == sorted(p for _, _, p in marks)
    for _, title, page in marks:
        assert flat(title).casefold() in flat(pages[page - 1]).casefold(), (title, page)


def test_contents_and_page_references_name_the_right_pages_across_parts(pair):
    _, parted, _ = pair
    reader, pages = PdfReader(parted), page_texts(parted)
    target_page = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    bookmarks = {title: page for _, title, page in outline(parted)}
    numbered = 0
    for page, target, text in page_references(parted):
        assert target in target_page, f"a link on page {page} to #{target}, which no page holds"
        number = re.fullmatch(r"p\.\s*(\d+)", text)
        if number:
            assert int(number[1]) == target_page[target], (text, target)
            numbered += 1
    contents = {m[1]: int(m[2]) for line in lines(pages[1]) if (m := re.fullmatch(r"(.+?) ?\.{3,} ?(\d+)", line))}
    assert len(contents) >= 8
    for label, page in contents.items():
        assert bookmarks[label] == page, label
    assert numbered > 5 or "aldoria" in str(parted)


def structure(path: Path):
    """The structure tree's elements (type, page index or None), and the checks that bind it to
    the pages: each page's marked content and each annotation found through the ParentTree."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    (document,) = root["/K"]
    document = document.get_object()
    assert document["/S"] == "/Document"
    nums = root["/ParentTree"].get_object()["/Nums"]
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    for i, page in enumerate(reader.pages):
        assert page["/StructParents"] == i
        for element in tree[i]:
            assert page_index[element.get_object().raw_get("/Pg").idnum] == i
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                element = tree[annotation["/StructParent"]].get_object()
                objects = [k.get_object() for k in element["/K"] if hasattr(k.get_object(), "get") and k.get_object().get("/Type") == "/OBJR"]
                assert any(o.raw_get("/Obj").idnum == annotation.indirect_reference.idnum for o in objects)
    kinds: list[str] = []

    def walk(element):
        kinds.append(element["/S"])
        for kid in element.get("/K", []):
            kid = kid.get_object()
            if hasattr(kid, "get") and kid.get("/Type") == "/StructElem":
                assert kid.raw_get("/P").idnum == element.indirect_reference.idnum
                walk(kid)

    for kid in document["/K"]:
        kid = kid.get_object()
        assert kid.raw_get("/P").idnum == document.indirect_reference.idnum
        walk(kid)
    return kinds


def test_one_structure_tree_bound_to_every_page_and_link(pair):
    whole, parted, _ = pair
    tagged, alone = structure(parted), structure(whole)
    # (an element that runs over a page break is tagged once on each page: cards, which may
    # fall elsewhere once a part starts a page, are not counted; headings never break)
    for kind in ("/H1", "/H2", "/H3", "/H4", "/Link", "/Figure"):
        assert tagged.count(kind) == alone.count(kind), kind
    assert [k for k in tagged if k.startswith("/H")] == [k for k in alone if k.startswith("/H")]


def test_metadata_is_the_whole_documents(pair):
    whole, parted, _ = pair
    a, b = PdfReader(whole), PdfReader(parted)
    assert {k: v for k, v in b.metadata.items()} == {k: v for k, v in a.metadata.items()}
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        assert b.trailer["/Root"][key] == a.trailer["/Root"][key]
    assert b.trailer["/Root"]["/Metadata"].get_object().get_data() == a.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b.trailer["/ID"][0] == a.trailer["/ID"][0]  # from the slug
    assert set(b.named_destinations) == set(a.named_destinations)


def test_same_bytes_from_one_process_or_two(tmp_path, pair):
    _, parted, _ = pair
    briefing = EXAMPLE if "iran" in parted.name else MULTI
    alone, _ = made(tmp_path, briefing, "one", seed="3", BRIEFBOOK_PDF_PART_SIZE=SMALL, BRIEFBOOK_PDF_WORKERS="1")  # another hash seed too
    assert alone.read_bytes() == parted.read_bytes()


def test_quiet_says_nothing(tmp_path):
    result = briefbook("pdf", EXAMPLE, "--out", tmp_path / "out", "-q", BRIEFBOOK_PDF_PART_SIZE=SMALL)
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""


# --- the cuts ------------------------------------------------------------------------------


def printed(body: str) -> str:
    return f'<!doctype html>\n<html lang="en"><head><title>t</title></head><body class="paper-a4">{body}</body></html>'


def test_a_cut_inside_a_section_opens_its_elements_again_without_their_ids():
    notes = "".join(f'{pdf_parts.CUT}<li id="cite_{n}" value="{n}">note {n}</li>' for n in range(1, 9))
    html = printed(
        f'{pdf_parts.CUT}<section class="cover"><h1 class="cover-title">A &amp; B</h1><div class="running-handling">TLP</div></section>'
        f'{pdf_parts.CUT}<section class="part evidence" id="ev"><h1 id="sec_evidence">Evidence</h1><ol class="notes">{notes}</ol></section>'
    )
    parts = pdf_parts.split(html, 120)
    assert parts and len(parts) >= 3
    ids = [i for part in parts for i in part.ids]
    assert sorted(ids) == sorted(["ev", "sec_evidence", *(f"cite_{n}" for n in range(1, 9))])  # each in one part
    later = parts[2].html
    assert later.count("<section") == later.count("</section>") == 1 and later.count("<ol") == later.count("</ol>") == 1
    assert 'id="ev"' not in later and '<div class="running-handling">TLP</div>' in later
    first = int(re.search(r'value="(\d+)"', later)[1])
    assert f"counter-reset: list-item {first - 1}" in later  # the list goes on counting
    assert "briefing-title &quot;A &amp; B&quot;" in later and "section &quot;  ·  Evidence&quot;" in later


def test_not_cut_when_a_later_part_names_the_page_of_a_part_after_it():
    ref = '<span class="pagenum" data-target="#later">00</span>'
    html = printed(f'{pdf_parts.CUT}<section class="cover"><p>{"c" * 200}</p></section>{pdf_parts.CUT}<section class="part a"><h1>A</h1><p>{ref}{"x" * 200}</p></section>{pdf_parts.CUT}<section class="part b"><h1 id="later">B</h1><p>{"y" * 200}</p></section>')
    assert pdf_parts.split(html.replace(ref, ""), 100)  # cut into parts without it
    assert pdf_parts.split(html, 100) is None  # cut, its page number would wait for a part laid out after it
    small = printed(f'{pdf_parts.CUT}<section class="part a"><h1>A</h1></section>')
    assert pdf_parts.split(small, 10_000) is None  # one part: one document


def test_a_right_to_left_briefing_in_parts_keeps_its_mirrored_footer(tmp_path):
    from test_rtl import PERSIAN
    from test_pdf import words_by_page

    parted, stderr = made(tmp_path, PERSIAN, "parted", BRIEFBOOK_PDF_PART_SIZE="3000")
    assert int(re.search(r"laying out (\d+) parts", stderr)[1]) >= 3
    pages, width = words_by_page(parted), float(PdfReader(parted).pages[0].mediabox.width)
    for number, words in enumerate(pages[1:], 2):
        x = [x for x, _, text in words if text == "Page"]
        assert x and x[-1] < width / 2, number  # at the left foot, as on one document's pages
        assert f"Page {number} of {len(pages)}" in page_texts(parted)[number - 1]
