"""`briefbook pdf` and the PDF step of `briefbook build`: the example's PDF made for real and
read back with poppler (pdftotext, pdfinfo, pdffonts) and pypdf."""

from __future__ import annotations

import copy
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import EXAMPLE
from generator import pdf, pipeline, print_html
from generator.render.views import View, citations_in
from generator.write import MARKER

SLUG = "iran-pakistan-2024"
SECTIONS = ["Summary", "Key points", "Contents", "What this edition changed", "Chronology", "Quotes", "Claims", "Actors", "Places", "Sources", "Evidence"]
A4, LETTER = "595.276 x 841.89 pts (A4)", "612 x 792 pts (letter)"


# --- helpers ----------------------------------------------------------------------------


def briefbook(*args, cwd=None, seed: str = "0", **env) -> subprocess.CompletedProcess:
    """The real command in a fresh process, with a chosen hash seed (set order must not leak)."""
    environ = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    environ.update(PYTHONHASHSEED=seed, **env)
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=environ, capture_output=True, text=True)


def poppler(tool: str, *args) -> str:
    if not shutil.which(tool):
        raise RuntimeError(f"{tool} is missing (Debian's poppler-utils): run ./dev test to install it")
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True).stdout


def page_texts(path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it (a page per form feed)."""
    return poppler("pdftotext", path, "-").split("\f")[:-1]


def flat(text: str) -> str:
    """Text with runs of white space as single spaces, and without hyphens: pdftotext drops
    the hyphen of a word broken at one ("al-Adal" at a line's end reads "alAdal")."""
    return " ".join(text.split()).replace("-", "")


def info(path: Path, *args) -> dict[str, str]:
    return dict(line.split(":", 1) for line in poppler("pdfinfo", *args, path).splitlines() if ":" in line)


def page_sizes(path: Path) -> set[str]:
    pages = int(info(path)["Pages"])
    return {v.strip() for k, v in info(path, "-f", 1, "-l", pages).items() if re.fullmatch(r"Page\s+\d+ size", k)}


def fonts(path: Path) -> list[tuple[str, str]]:
    """(name, embedded) for each font that pdffonts lists."""
    rows = poppler("pdffonts", path).splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


def outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, 1-based page), in order."""
    reader = PdfReader(path)
    flat_items: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat_items.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return flat_items


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example built by `briefbook build`: its site and its A4 PDF."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = briefbook("build", EXAMPLE, "--out", out, seed="1")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def example_pdf(built) -> Path:
    return built / SLUG / f"{SLUG}.pdf"


@pytest.fixture(scope="module")
def pages(example_pdf) -> list[str]:
    return page_texts(example_pdf)


@pytest.fixture(scope="module")
def briefing():
    (b,), _ = pipeline.load([EXAMPLE])
    return b


# --- what the PDF holds -----------------------------------------------------------------


def test_every_fact_of_the_briefing_is_printed(pages, briefing):
    text = flat("\n".join(pages))
    for quote in briefing.quotes:
        assert flat(f"“{quote.text}”") in text
    for actor in briefing.actors:
        assert flat(actor.name) in text
    for event in briefing.events:
        assert flat(event.title) in text
    for claim in briefing.claims:
        assert flat(claim.text) in text
    for source in briefing.sources:
        assert flat(source.title) in text and source.sha256 in text
    facts = [briefing.meta.summary, *briefing.meta.key_points, *briefing.events, *briefing.actors, *briefing.claims, *briefing.quotes]
    excerpts = [c.excerpt for c in citations_in(facts)]
    assert len(excerpts) > 40
    evidence = flat("\n".join(pages[next(i for i, p in enumerate(pages) if "Each number in brackets points here" in p):]))
    assert all(flat(excerpt) in evidence for excerpt in excerpts)
    assert "Claimed by Iranian military" in text and "Alleged by Pakistan" in text
    # Claims are headed by what they claim, with their status and what each response does.
    assert flat("Pakistan and Iran agreed to fight terrorism Status: Contradicted") in text and "Contradicted by the source" in text
    assert flat("“terrorist organizations” — unattributed in the source") in text
    assert flat("Reporting chain this document → Al Arabiya News; this document → Iran International English → Iranian state media") in text


def test_cover_then_running_header_and_footer_on_every_other_page(pages, briefing):
    cover = flat(pages[0])
    for expected in (briefing.meta.title, "TLP:CLEAR", "24 February 2024", "briefbook example desk", "SUMMARY", "KEY POINTS"):
        assert flat(expected) in cover
    contents = flat(pages[1])
    assert flat("STATUS Iran's military forces claim to have killed Ismail Shah Bakhsh") in contents  # the status line, after the contents
    assert contents.index("STATUS") < contents.index("WHAT THIS EDITION CHANGED")
    assert "Page 1 of" not in cover
    for number, page in enumerate(pages[1:], 2):
        assert f"Page {number} of {len(pages)}" in page
        assert "As of 24 February 2024" in page
        assert "TLP:CLEAR" in page and flat(briefing.meta.title) in flat(page)


def test_outline_has_every_section_and_every_actor(example_pdf, pages, briefing):
    marks = outline(example_pdf)
    assert [title for depth, title, _ in marks if depth == 0] == SECTIONS
    actors = {title: page for depth, title, page in marks if depth == 2 and title in {a.name for a in briefing.actors}}
    assert set(actors) == {a.name for a in briefing.actors}
    for name, page in actors.items():
        assert name in lines(pages[page - 1])  # the profile's heading is on the page it points at
    years = [title for depth, title, _ in marks if depth == 1 and title.isdigit()]
    assert years == ["2012", "2023", "2024"]


def test_table_of_contents_points_at_the_pages_where_sections_start(example_pdf, pages):
    toc = {}
    for line in lines(pages[1]):
        match = re.fullmatch(r"(.+?) ?\.{3,} ?(\d+)", line)
        if match:
            toc[match[1]] = int(match[2])
    assert list(toc)[:4] == ["Summary", "Key points", "Chronology", "2012"]
    assert {"Actors", "States", "People", "Quotes", "Claims", "Sources", "Evidence"} <= set(toc)
    bookmarks = {title: page for _, title, page in outline(example_pdf)}
    for label, page in toc.items():
        assert bookmarks[label] == page, label  # target-counter() and the outline agree
        assert label.casefold() in [line.casefold() for line in lines(pages[page - 1])], f"{label} is not on page {page}"


def words_by_page(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words with their centres in PDF points from the page's bottom left, as
    `pdftotext -bbox` places them."""
    result = []
    for page in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', poppler("pdftotext", "-bbox", path, "-"), re.S):
        height, words = float(page[0]), re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page[1])
        result.append([((float(x0) + float(x1)) / 2, height - (float(y0) + float(y1)) / 2, text) for x0, y0, x1, y1, text in words])
    return result


def page_references(path: Path) -> list[tuple[int, str, str]]:
    """Every link in the PDF as (its 1-based page, the anchor it points at, the text it covers)."""
    reader, words, found = PdfReader(path), words_by_page(path), []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" not in annotation:
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            inside = [text for x, y, text in words[number - 1] if min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) - 1 <= y <= max(y0, y1) + 1]
            found.append((number, str(annotation["/Dest"]), " ".join(inside)))
    return found


def test_page_references_name_the_page_that_holds_what_they_point_at(example_pdf, pages, briefing):
    reader = PdfReader(example_pdf)
    target_page = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    heading = {e.id: e.title for e in briefing.events} | {q.id: q.text for q in briefing.quotes} | {c.id: c.text for c in briefing.claims}
    checked = 0
    for _, target, text in page_references(example_pdf):
        number = re.fullmatch(r"p\.\s*(\d+)", text)
        if number is None:
            continue
        assert int(number[1]) == target_page[target], (text, target)  # the number names the page the link goes to
        assert flat(heading[target]) in flat(pages[target_page[target] - 1]), (target, target_page[target])
        checked += 1
    assert checked == print_html.render_html(View(briefing)).count('class="pageref"') > 30  # every one printed


def test_a_page_reference_leaves_no_gap_before_what_follows_it(example_pdf):
    """A number narrower than its placeholder's zeros ("p. 5" for "p. 00") moves what follows
    it on its line up to it: pdftotext, which reads a gap as a space, reads "p. 5)"."""
    text = poppler("pdftotext", "-layout", example_pdf, "-")
    assert len(re.findall(r"p\. \d+\)", text)) > 5
    assert re.findall(r"p\. \d+ +\)", text) == []


def test_no_line_holds_citation_marks_alone(example_pdf):
    """A paragraph's marks keep to its last word: "[4]" never wraps onto a line of its own."""
    alone = [line for line in poppler("pdftotext", "-layout", example_pdf, "-").splitlines() if re.fullmatch(r"\s*(\[\d+\])+\s*", line)]
    assert alone == []


def test_a_role_its_holders_name_says_is_not_said_again(pages):
    """Iran's roles list "Iran's ambassador to Pakistan", not "…: Ambassador to Pakistan"; a
    role the name does not say keeps its title."""
    text = " ".join(" ".join(pages).split())
    assert "• Iran's ambassador to Pakistan [28]" in text and "Iran's ambassador to Pakistan: Ambassador" not in text
    assert "• Hossein Amir-Abdullahian: Iranian counterpart of Pakistan's then Foreign Minister [" in text
    assert "• Ambassador to Pakistan, Iran [28]" in text  # on the holder's own profile, once


def test_fonts_are_briefbooks_own_and_embedded(example_pdf):
    listed = fonts(example_pdf)
    assert {name.split("+")[1] for name, _ in listed} >= {"Briefbook-Serif", "Briefbook-Sans", "Briefbook-Sans-Bold"}
    for name, embedded in listed:
        assert embedded == "yes", name
        assert re.fullmatch(r"[A-Z]{6}\+Briefbook-(Serif|Sans|Arabic|Fallback)(-Bold|-Italic)?", name), f"a font from the machine: {name}"


def test_tagged_pdf_ua_with_metadata(example_pdf, briefing):
    meta = info(example_pdf)
    assert meta["Tagged"].strip() == "yes"
    assert meta["Title"].strip() == briefing.meta.title
    assert meta["Author"].strip() == "briefbook example desk"
    assert meta["Subject"].strip() == briefing.meta.subtitle
    assert meta["Keywords"].strip() == "TLP:CLEAR"
    reader = PdfReader(example_pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] == True and "/StructTreeRoot" in root  # noqa: E712 (pypdf's BooleanObject)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    # dates from the briefing's as-of date, never the clock
    assert reader.metadata["/CreationDate"].startswith("D:20240224") and reader.metadata["/ModDate"].startswith("D:20240224")
    assert len(reader.trailer["/ID"]) == 2


def test_document_date_is_as_of_or_source_date_epoch(briefing):
    view = View(briefing)
    assert print_html.document_date(view) == "2024-02-24"
    assert print_html.document_date(view, "1700000000") == "2023-11-14T22:13:20Z"
    assert print_html.document_date(view, "") == "2024-02-24"  # set but empty, as CI templates leave it
    assert print_html.document_date(view, "253402300799") == "9999-12-31T23:59:59Z"
    for bad in ("not a number", "-1", "1.5", "253402300800", "9" * 5000, "１２"):
        with pytest.raises(ValueError, match="^SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to 253402300799"):
            print_html.document_date(view, bad)


@pytest.mark.parametrize("value", ["not a number", "-1", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_usage_error_not_a_traceback(tmp_path, value):
    result = briefbook("build", EXAMPLE, "--out", tmp_path / "out", SOURCE_DATE_EPOCH=value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"Error: SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to 253402300799 (as `date +%s` prints), not {value!r}" in result.stderr
    assert not (tmp_path / "out").exists()


# --- determinism, paper, and the two commands ------------------------------------------


def test_pdf_command_writes_the_same_bytes_as_build(tmp_path, example_pdf):
    out = tmp_path / "out"
    result = briefbook("pdf", EXAMPLE, "--out", out, seed="2")  # another process, another hash seed
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out / SLUG / f'{SLUG}.pdf'}\n"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [MARKER, f"{SLUG}/{SLUG}.pdf"]
    assert (out / SLUG / f"{SLUG}.pdf").read_bytes() == example_pdf.read_bytes()


def test_letter_into_a_built_site_leaves_the_site_alone(tmp_path, built, example_pdf):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf"}
    result = briefbook("pdf", EXAMPLE, "--out", site, "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf"} == before
    letter = site / SLUG / f"{SLUG}.pdf"
    assert page_sizes(letter) == {LETTER}
    assert page_sizes(example_pdf) == {A4}
    assert flat(page_texts(letter)[0]) == flat(page_texts(example_pdf)[0])  # the same cover, on other paper


def test_data_page_links_the_pdf(built):
    assert f'href="{SLUG}.pdf"' in (built / SLUG / "data.html").read_text()  # with the other downloads
    assert 'href="data.html"' in (built / SLUG / "index.html").read_text()


def test_fact_file_error_writes_nothing(scratch, tmp_path):
    out = tmp_path / "out"
    (out / "b").mkdir(parents=True)
    (out / MARKER).write_bytes(b"")
    (out / "b" / "b.pdf").write_bytes(b"the previous PDF")
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: nobody\n")
    result = briefbook("pdf", "b", "--out", out, cwd=tmp_path)
    assert result.returncode == 1
    check = briefbook("check", "b", cwd=tmp_path)
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert errors and "b/events.yml:36:13: error: unknown actor 'nobody'" in errors[0]
    assert result.stderr.splitlines() == [*check.stdout.splitlines(), "nothing was written"]
    assert (out / "b" / "b.pdf").read_bytes() == b"the previous PDF"
    assert sorted(p.name for p in out.rglob("*")) == [MARKER, "b", "b.pdf"]


def test_refuses_to_write_into_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.txt").write_text("years of work")
    result = briefbook("pdf", EXAMPLE, "--out", tmp_path / "precious")
    assert result.returncode == 1 and "was not made by briefbook" in result.stderr
    assert [p.name for p in (tmp_path / "precious").iterdir()] == ["thesis.txt"]


def test_check_does_not_import_weasyprint():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "check", EXAMPLE], capture_output=True, text=True)
    assert result.returncode == 0
    assert "weasyprint" not in result.stderr and "generator.pdf" not in result.stderr


def test_stylesheet_may_fetch_only_briefbooks_files():
    fetcher = pdf._local_fetcher([pdf.fonts_dir()])
    assert fetcher.fetch((pdf.fonts_dir() / "OFL.txt").as_uri()).read().startswith(b"Noto")
    for url in ("https://example.com/font.woff", "file:///etc/passwd", (pdf.fonts_dir() / ".." / "pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_anchors_for_site_paths():
    assert print_html.anchor("actors/jaish-al-adal.html") == "actor_jaish-al-adal"
    assert print_html.anchor("sources/article-2024-02-24.html#passage-0123456789") == "source_article-2024-02-24"
    assert print_html.anchor("chronology.html#claim-broadcast") == "claim-broadcast"
    assert print_html.anchor("index.html#key-point-2") == "sec_key-point-2"
    assert print_html.anchor("quotes.html") == "sec_quotes"
    with pytest.raises(ValueError):
        print_html.anchor("elsewhere.html")


# --- scripts, and page breaks -----------------------------------------------------------


def test_printed_html_leaves_out_elements_that_change_nothing_on_paper():
    site = (
        '<p>Said <time datetime="2024-01-17">17 January 2024</time> in <bdi>Dawn</bdi> and <bdi>\u0627\u0644\u062c\u0632\u064a\u0631\u0629</bdi>'
        ' <sup class="cites"><a class="cite" href="#cite_3" id="ref_3" aria-label="Evidence 3">[3]</a></sup>'
        ' <sup class="cites"><a class="cite" href="#cite_4" aria-label="Evidence 4">[4]</a><a class="cite" href="#cite_5" aria-label="Evidence 5">[5]</a></sup></p>'
    )
    assert print_html.lean(site) == (
        '<p>Said 17 January 2024 in Dawn and <bdi>\u0627\u0644\u062c\u0632\u064a\u0631\u0629</bdi>'  # Arabic stays isolated
        ' <a class="cite cite-one" href="#cite_3">[3]</a>'
        ' <sup class="cites"><a class="cite" href="#cite_4" aria-label="Evidence 4">[4]</a><a class="cite" href="#cite_5" aria-label="Evidence 5">[5]</a></sup></p>'
    )
    right_to_left = print_html.lean(site, ltr=False)  # dates and isolates stay: they set the text's direction
    assert '<time datetime="2024-01-17">' in right_to_left and "<bdi>Dawn</bdi>" in right_to_left


def test_arabic_script_and_diacritics_use_the_shipped_fonts(scratch, tmp_path):
    scratch.edit("actors.yml", "aliases: [Jaish Al Adal]", "aliases: [Jaish Al Adal, جيش العدل, Jaysh al-ʿAdl]")
    scratch.edit("actors.yml", "name: Ismail Shah Bakhsh", "name: Ismāʿīl Shāh Bakhsh (اسماعیل شاه‌بخش)")
    result = briefbook("pdf", "b", "--out", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = tmp_path / "out" / "b" / "b.pdf"
    assert all(embedded == "yes" and "+Briefbook-" in name for name, embedded in fonts(made))
    assert {"Briefbook-Arabic", "Briefbook-Serif"} <= {name.split("+")[1] for name, _ in fonts(made)}
    text = flat("\n".join(page_texts(made)))
    assert flat("Ismāʿīl Shāh Bakhsh") in text and flat("Jaysh al-ʿAdl") in text and "جيش العدل" in text


@pytest.fixture
def long_chronology(scratch) -> View:
    """The example with each event five more times: a chronology of many pages."""
    path = scratch.folder / "events.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    copies = [{**copy.deepcopy(event), "id": f"{event['id']}-{n}", "title": f"{event['title']} ({n})"} for n in range(1, 6) for event in data["events"]]
    path.write_text(yaml.safe_dump({"events": data["events"] + copies}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (briefing,), _ = pipeline.load([Path("b")])
    return View(briefing)


def test_page_breaks_keep_events_whole_and_headings_with_their_text(long_chronology, caplog):
    document = pdf.Printer().document(long_chronology)
    assert not [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelname in ("WARNING", "ERROR")]
    pages_of: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages, 1):
        # Layout boxes are WeasyPrint's own (Page._page_box); no public API lists them.
        boxes = list(page._page_box.descendants())
        for box in boxes:
            element = getattr(box, "element", None)
            if element is not None and box.element_tag in ("article", "figure") and element.get("id"):
                pages_of.setdefault(element.get("id"), set()).add(number)
        text_lines = [box for box in boxes if type(box).__name__ == "LineBox"]
        assert text_lines[-1].element_tag not in ("h1", "h2", "h3", "h4"), f"a heading alone at the foot of page {number}"
    events = {e.id for e in long_chronology.b.events}
    assert len(events) == 54 and events <= set(pages_of)
    split = {id_: sorted(p) for id_, p in pages_of.items() if len(p) > 1 and (id_ in events or id_ in long_chronology.quote)}
    assert not split, f"split across pages: {split}"
    chronology_pages = {p for id_ in events for p in pages_of[id_]}
    assert len(chronology_pages) >= 8  # so there were page breaks to get right


def test_shipped_fonts_are_the_files_their_readme_records():
    readme = (pdf.fonts_dir() / "README.md").read_text(encoding="utf-8")
    recorded = {name: digest for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+\.ttf)$", readme, re.M)}
    shipped = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in pdf.fonts_dir().glob("*.ttf")}
    assert recorded == shipped and len(shipped) == 8
    css = (pdf.templates_dir() / "assets" / "print.css").read_text(encoding="utf-8")
    assert set(re.findall(r'url\("\.\./\.\./fonts/([^"]+)"\)', css)) == set(shipped)


# --- progress -----------------------------------------------------------------------------


def test_progress_is_plain_lines_in_a_pipe_and_nothing_with_quiet(tmp_path):
    result = briefbook("pdf", EXAMPLE, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    made = len(PdfReader(tmp_path / "out" / SLUG / f"{SLUG}.pdf").pages)
    assert result.stderr.splitlines() == [
        f"{SLUG}: parsing the printed document",
        f"{SLUG}: applying the print styles",
        f"{SLUG}: building the layout boxes",
        f"{SLUG}: filling in the page numbers of {made} pages",
        f"{SLUG}: writing the PDF",
        f"{SLUG}: {made} pages",
    ]
    again = briefbook("pdf", EXAMPLE, "--out", tmp_path / "out")
    assert again.stderr == f"{SLUG}: unchanged since the last build\n"
    quiet = briefbook("pdf", EXAMPLE, "--out", tmp_path / "quiet", "-q")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_progress_on_a_terminal_is_one_line_written_over(tmp_path):
    """The command on a pseudo-terminal, as a person at a terminal sees it."""
    import pty

    environ = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", "pdf", EXAMPLE, "--out", tmp_path / "out"], stdin=terminal, stdout=terminal, stderr=terminal, env=environ)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the command has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait() == 0
    os.close(controller)
    text = shown.decode()
    made = len(PdfReader(tmp_path / "out" / SLUG / f"{SLUG}.pdf").pages)
    updates = text.split("\r\x1b[2K")
    assert f"{SLUG}: laying out page 1" in updates and f"{SLUG}: laying out page {made}" in updates
    assert f"{SLUG}: writing the PDF" in updates
    assert "\n" not in "".join(updates[:-1])  # one line, written over, never scrolled
    assert updates[-1].strip() == f"wrote {tmp_path / 'out' / SLUG / f'{SLUG}.pdf'}"  # cleared before what was written
