"""Originals and translations: excerpts and quotes in the document's own language (Persian
here), checked verbatim letter for letter, with the source's own or the analysts'
translation beside them. The briefing is invented test data: tests/fixtures/translations/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Scratch
from generator.evidence import normalise, occurs

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
        f"the closest passage is '{QUOTE}'; character 33 differs: the document has U+06CC ARABIC LETTER FARSI YEH, this has U+064A ARABIC LETTER YEH"
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
        "the closest passage is 'We seek dialogue and calm in the region'; if the analysts translated it, say `translated_by: analysts`",
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
