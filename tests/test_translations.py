"""Originals and translations: excerpts and quotes in the document's own language (Persian
here), checked verbatim letter for letter, with the source's own or the analysts'
translation beside them. The briefing is invented test data: tests/fixtures/translations/."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, Scratch
from generator import pipeline
from generator.evidence import normalise, occurs
from test_incremental import tree

FIXTURE = ROOT / "tests" / "fixtures" / "translations" / "tarvana-2024"
QUOTE = "این اقدام را نقض آشکار حاکمیت ملی تاروانا می\u200cداند"
ARABIC_YEH, PERSIAN_YEH = "\u064a", "\u06cc"
ARABIC_KAF, PERSIAN_KAF = "\u0643", "\u06a9"


@pytest.fixture
def tarvana(tmp_path, monkeypatch) -> Scratch:
    """A scratch copy of the invented Persian briefing at tmp_path/b."""
    shutil.copytree(FIXTURE, tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    return Scratch(tmp_path / "b")


# --- verbatim in Arabic script ------------------------------------------------------------


def test_persian_and_arabic_letter_variants_are_not_verbatim():
    document = (FIXTURE / "documents" / "2024-02-03-tarvana-foreign-ministry-fa.txt").read_text(encoding="utf-8")
    assert occurs(QUOTE, document)
    assert not occurs(QUOTE.replace("ملی", "مل" + ARABIC_YEH), document)  # Arabic Yeh for Persian
    assert not occurs("محکوم کرد".replace(PERSIAN_KAF, ARABIC_KAF), document)  # Arabic Kaf for Persian
    assert not occurs(QUOTE.replace("\u200c", ""), document)  # the non-joiner is a letter of the text
    assert not occurs(QUOTE.replace("\u200c", " "), document)


def test_normalise_keeps_non_joiners_and_presentation_forms():
    assert normalise("می\u200cداند") == "می\u200cداند"
    assert normalise("\ufef7") == "\ufef7"  # LAM WITH ALEF WITH HAMZA ABOVE, isolated: NFKC would change it
    assert not occurs("\u0644\u0623", "\ufef7")
    assert occurs("\u0627\u0654", "\u0623")  # canonically equal (NFC): ALEF + HAMZA ABOVE is ALEF WITH HAMZA ABOVE
    assert normalise("«گفتگو»") == '"گفتگو"'  # guillemets are quote marks like any other


def test_the_fixture_is_valid(tarvana):
    assert tarvana.problems() == []


# --- validation ----------------------------------------------------------------------------


def test_a_one_letter_variant_of_a_persian_quote_is_an_error_naming_the_letters(tarvana):
    tarvana.edit("quotes.yml", "حاکمیت ملی تاروانا می", "حاکمیت مل" + ARABIC_YEH + " تاروانا می")
    variant = QUOTE.replace("ملی", "مل" + ARABIC_YEH)
    assert tarvana.problems() == [
        f"b/quotes.yml:4:11: error: quote (checked against tarvana-foreign-ministry-fa) does not occur in the document verbatim; "
        f"the document has 'آشکار حاکمیت ملی' where the quote has 'آشکار حاکمیت مل{ARABIC_YEH}', in the closest passage '{QUOTE}'; "
        "character 33 differs: the document has U+06CC ARABIC LETTER FARSI YEH, this has U+064A ARABIC LETTER YEH"
    ]
    assert variant.index(ARABIC_YEH) == 32  # character 33, counted from 1


def test_translation_without_translated_by_and_translated_by_without_translation(tarvana):
    tarvana.edit("quotes.yml", "    translated_by: analysts\n", "")
    tarvana.edit("events.yml", "            translation: The Foreign", "            translationx: The Foreign")
    tarvana.edit("events.yml", "            translationx: The Foreign Ministry of the Republic of Tarvana condemned yesterday's attack on the village of Nilufarabad.\n", "")
    assert tarvana.problems() == [
        "b/events.yml:12:28: error: `translated_by` is given, but the excerpt has no `translation`; add the `translation`, or remove `translated_by`",
        "b/quotes.yml:5:18: error: the quote's translation does not say whose it is; add `translated_by: source` (the document's own) or `translated_by: analysts`",
    ]


def test_a_citations_translation_without_translated_by(tarvana):
    tarvana.edit("actors.yml", "        translated_by: analysts\n", "")
    assert tarvana.problems() == [
        "b/actors.yml:24:22: error: the excerpt's translation does not say whose it is; add `translated_by: source` (the document's own) or `translated_by: analysts`",
    ]


def test_the_sources_own_translation_must_occur_in_the_same_document(tarvana):
    tarvana.edit("quotes.yml", "translation: We seek dialogue and calm in the region\n", "translation: We want dialogue and calm in the region\n")
    tarvana.edit("briefing.yml", "translated_by: analysts", "translated_by: source")
    assert tarvana.problems() == [
        "b/briefing.yml:15:20: error: the excerpt's translation (translated_by: source, checked against tarvana-foreign-ministry-fa) does not occur in the document verbatim; "
        "if the analysts translated it, say `translated_by: analysts`",
        "b/quotes.yml:16:18: error: the quote's translation (translated_by: source, checked against tarvana-serendel-joint-statement) does not occur in the document verbatim; "
        "the document has 'We seek' where the quote's translation has 'We want', in the closest passage "
        "'We seek dialogue and calm in the region'; if the analysts translated it, say `translated_by: analysts`",
    ]


def test_translated_by_must_be_source_or_analysts(tarvana):
    tarvana.edit("quotes.yml", "translated_by: analysts", "translated_by: analyst")
    assert tarvana.problems() == ["b/quotes.yml:6:20: error: 'analyst' is not one of: source, analysts; did you mean 'analysts'?"]


def test_an_untranslated_quote_in_another_language_is_a_warning(tarvana):
    tarvana.edit("quotes.yml", "    translation: considers this action a clear violation of Tarvana's national sovereignty\n    translated_by: analysts\n", "")
    assert tarvana.problems() == [
        "b/quotes.yml:4:11: warning: quote 'violation-of-sovereignty' is in fa (the language of tarvana-foreign-ministry-fa) and has no translation "
        "into the briefing's language (en); add a `translation` with `translated_by: analysts`, or `translated_by: source` when the document gives its own",
    ]


def test_a_quote_in_the_briefings_language_needs_no_translation(tarvana):
    tarvana.edit("quotes.yml", "    translation: considers this action a clear violation of Tarvana's national sovereignty\n    translated_by: analysts\n", "")
    tarvana.edit("briefing.yml", "language: en", "language: fa-IR")
    assert tarvana.problems() == []


# --- the built site, its exports and the PDF -----------------------------------------------------


class Elements(HTMLParser):
    """Every element of a page as (tag, attributes, text inside it), in document order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict, list[str]]] = []
        self._open: list[tuple[str, dict, list[str]]] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs), [])
        self.found.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def all(self, tag: str, **attrs: str) -> list[tuple[dict, str]]:
        """(attributes, text) of each `tag` element whose attributes include `attrs`."""
        return [(a, "".join(t)) for name, a, t in self.found if name == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def after(self, tag: str, **attrs: str) -> Elements:
        """The elements from the first matching one on (a crude but sufficient 'inside')."""
        start = next(i for i, (name, a, _) in enumerate(self.found) if name == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items()))
        view = Elements.__new__(Elements)
        view.found = self.found[start:]
        return view


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The invented briefing built for real, PDF included."""
    out = tmp_path_factory.mktemp("translations") / "site"
    problems, _ = pipeline.build([FIXTURE], out, "a4")
    assert [p for p in problems if p.severity == "error"] == []
    return out / "tarvana-2024"


def test_quotes_page_shows_the_original_with_lang_and_dir_then_whose_translation(site):
    page = Elements(site / "quotes.html")
    sovereignty = page.after("figure", id="violation-of-sovereignty")
    (attrs, text), *_ = sovereignty.all("p", lang="fa")
    assert attrs == {"lang": "fa", "dir": "rtl"} and text == QUOTE
    assert sovereignty.all("p", class_="translation translation-analysts")[0][1] == (
        "Translated by the analysts: considers this action a clear violation of Tarvana's national sovereignty"
    )
    calm = page.after("figure", id="dialogue-and-calm")
    assert calm.all("p", lang="fa")[0][1] == "ما خواهان گفتگو و آرامش در منطقه هستیم"
    assert calm.all("p", class_="translation translation-source")[0][1] == "Translation (the source’s own): We seek dialogue and calm in the region"
    # A Persian title inside an English line is isolated, so it cannot reorder the line.
    assert "the stored text of “<bdi>بیانیه وزارت امور خارجه جمهوری تاروانا</bdi>”" in (site / "quotes.html").read_text(encoding="utf-8")


def test_evidence_notes_show_the_excerpt_in_its_language_and_its_translation(site):
    notes = Elements(site / "index.html").after("li", id="cite_1")
    assert notes.all("p", lang="fa", dir="rtl")[0][1] == "وزارت امور خارجه جمهوری تاروانا حمله دیروز به روستای نیلوفرآباد را محکوم کرد."
    assert notes.all("p", class_="translation translation-analysts")[0][1] == (
        "Translated by the analysts: The Foreign Ministry of the Republic of Tarvana condemned yesterday's attack on the village of Nilufarabad."
    )


def test_source_page_sets_the_documents_language_and_marks_its_own_translation(site):
    page = Elements(site / "sources" / "tarvana-serendel-joint-statement.html")
    ((attrs, _),) = page.all("div", class_="document")
    assert attrs == {"class": "document", "lang": "fa", "dir": "rtl"}
    paragraphs = [text for attrs, text in page.after("div", class_="document").all("p", dir="auto")]
    assert paragraphs[0] == "بیانیه مشترک جمهوری تاروانا و پادشاهی سرندل"
    passages = [text for _, text in page.all("span", class_="passage")]
    assert "We seek dialogue and calm in the region." in passages  # the summary's translation is the document's own
    assert "ما خواهان گفتگو و آرامش در منطقه هستیم." in passages  # and its original, both cited


def test_english_quotes_keep_their_direction_automatic(built_example):
    page = Elements(built_example / "quotes.html")
    assert {(a["lang"], a["dir"]) for a, _ in page.all("p", lang="en")} == {("en", "auto")}
    assert page.all("p", class_="translation translation-analysts") == []


@pytest.fixture(scope="module")
def built_example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    pipeline.build([EXAMPLE], out, None)
    return out / EXAMPLE.name


def test_quotes_csv_has_language_and_translation_columns(site):
    with (site / "quotes.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:5] == ["id", "text", "language", "translation", "translated_by"]
    assert [(r["id"], r["text"], r["language"], r["translation"], r["translated_by"]) for r in rows] == [
        ("violation-of-sovereignty", QUOTE, "fa", "considers this action a clear violation of Tarvana's national sovereignty", "analysts"),
        ("dialogue-and-calm", "ما خواهان گفتگو و آرامش در منطقه هستیم", "fa", "We seek dialogue and calm in the region", "source"),
    ]


def test_jsonld_quotation_in_its_language_with_its_translation(site):
    page = (site / "quotes.html").read_text(encoding="utf-8")
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))["@graph"]
    sovereignty, calm = [item for item in graph if item.get("@type") == "Quotation"]
    assert sovereignty["text"] == QUOTE and sovereignty["inLanguage"] == "fa"
    assert sovereignty["workTranslation"] == {
        "@type": "Quotation",
        "text": "considers this action a clear violation of Tarvana's national sovereignty",
        "inLanguage": "en",
        "translator": [{"@type": "Person", "name": "briefbook test desk"}],
    }
    assert calm["workTranslation"] == {
        "@type": "Quotation",
        "text": "We seek dialogue and calm in the region",
        "inLanguage": "en",
        "isPartOf": {"@id": "sources/tarvana-serendel-joint-statement.html"},
    }
    # The source, described once on the page and referred to by @id.
    (source,) = [item for item in graph if item.get("@id") == "sources/tarvana-serendel-joint-statement.html"]
    assert source["headline"] == "Joint statement of the Republic of Tarvana and the Kingdom of Serendel"


def test_briefing_json_keeps_translations(site):
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    quote = data["quotes"][0]
    assert (quote["text"], quote["translation"], quote["translated_by"]) == (QUOTE, "considers this action a clear violation of Tarvana's national sovereignty", "analysts")
    assert data["briefing"]["summary"]["citations"][1]["translated_by"] == "source"


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def test_pdf_holds_the_persian_text_in_the_embedded_arabic_font(site):
    pdf = site / "tarvana-2024.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout.translate(BIDI_CONTROLS)
    # pdftotext gives the words in reading order; the non-joiner, which has no glyph, is lost.
    assert QUOTE.translate(BIDI_CONTROLS) in text
    assert "Translated by the analysts: considers this action" in text
    assert "Translation (the source’s own): We seek dialogue and calm in the region" in text
    fonts = subprocess.run(["pdffonts", pdf], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    arabic = [row.split() for row in fonts if "+Briefbook-Arabic " in row + " "]
    assert arabic and all(row[-5] == "yes" for row in arabic)  # embedded


INCREMENTAL_EDITS = [
    ("quotes.yml", "translation: considers this action", "translation: regards this action"),
    ("events.yml", "translated_by: analysts", "translated_by: analysts\n            via: [tarvana-foreign-ministry]"),
    ("briefing.yml", "translation: The Foreign Ministry", "translation: Tarvana's Foreign Ministry"),
    ("sources.yml", "language: fa\n    document: documents/2024-02-05", "language: fa-IR\n    document: documents/2024-02-05"),
]


def test_each_rebuild_equals_a_clean_build(tarvana, tmp_path):
    out = tmp_path / "incremental" / "site"
    pipeline.build([Path("b")], out, None)
    for i, (name, old, new) in enumerate(INCREMENTAL_EDITS):
        tarvana.edit(name, old, new)
        pipeline.build([Path("b")], out, None)
        clean = tmp_path / f"clean-{i}" / "site"
        pipeline.build([Path("b")], clean, None)
        assert tree(out) == tree(clean), f"after editing {name}: {old!r}"


def test_pages_with_originals_are_valid_html_and_pass_axe(site):
    from tools import axe, browser, visit, vnu

    paths = [site / "quotes.html", site / "index.html", site / "chronology.html", *sorted((site / "sources").glob("*.html"))]
    assert vnu(paths) == []
    with browser() as chromium:
        for path in paths:
            with visit(chromium, path.as_uri(), "light") as v:
                assert axe(v.page) == [], path.name


def test_search_finds_a_quote_by_its_translation(site):
    index = (site.parent / "search-index.js").read_text(encoding="utf-8")
    documents = json.loads(index.removeprefix("window.BRIEFBOOK_SEARCH = ").rstrip().removesuffix(";"))
    (quote,) = [d for d in documents if d["id"] == "tarvana-2024/quotes.html#violation-of-sovereignty"]
    assert QUOTE in quote["title"] and "a clear violation of Tarvana's national sovereignty" in quote["text"]
