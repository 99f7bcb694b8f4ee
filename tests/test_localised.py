"""Plurals, numbers and dates in a briefing's language, through Babel's CLDR data."""

from __future__ import annotations

from datetime import date

import pytest

from generator.dates import parse_edtf
from generator.localised import babel_locale, number, span
from generator.plural import count, counted

EVENT_FR = {"one": "événement", "other": "événements"}
EVENT_RU = {"one": "событие", "few": "события", "many": "событий", "other": "события"}


@pytest.mark.parametrize(("n", "expected"), [(0, "0 events"), (1, "1 event"), (2, "2 events"), (1234, "1,234 events")])
def test_english_plurals(n, expected):
    assert count(n, "event") == expected


def test_english_irregular_plural_and_numbers_in_another_language():
    assert count(1, "person", "people") == "1 person"
    assert count(3, "person", "people") == "3 people"
    # briefbook's English words, the number as the briefing's language writes it.
    assert count(1234, "event", number_language="fr") == "1\u202f234 events"
    assert count(1234, "event", number_language="de") == "1.234 events"


@pytest.mark.parametrize(("n", "expected"), [(0, "0 événement"), (1, "1 événement"), (2, "2 événements"), (1500, "1\u202f500 événements")])
def test_french_counts_zero_as_one(n, expected):
    assert counted(n, EVENT_FR, "fr") == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "1 событие"), (3, "3 события"), (5, "5 событий"), (21, "21 событие"), (22, "22 события")])
def test_russian_has_few_and_many(n, expected):
    assert counted(n, EVENT_RU, "ru") == expected


def test_a_missing_category_falls_back_to_other():
    assert counted(5, {"one": "Ereignis", "other": "Ereignisse"}, "de") == "5 Ereignisse"


@pytest.mark.parametrize(
    ("edtf", "language", "expected"),
    [
        ("2024-02-24", "en", "24 February 2024"),
        ("2024-02-24", "fr", "24 février 2024"),
        ("2024-02-24", "de", "24. Februar 2024"),
        ("2023-12", "en", "December 2023"),
        ("2023-12", "fr", "décembre 2023"),
        ("2023-12", "de", "Dezember 2023"),
        ("2024-01-16/2024-01-17", "en", "16–17 January 2024"),
        ("2024-01-16/2024-01-17", "de", "16.–17. Jan. 2024"),
        ("2012", "fr", "2012"),
        ("2012~", "fr", "c. 2012"),
        ("2024-01?", "de", "Januar 2024 (uncertain)"),
    ],
)
def test_dates_in_the_briefings_language(edtf, language, expected):
    assert parse_edtf(edtf).describe(language) == expected


def test_english_spans_keep_full_month_names():
    assert span(date(2023, 12, 1), date(2024, 1, 31)) == "December 2023 – January 2024"
    assert span(date(2024, 1, 1), date(2024, 2, 29)) == "January–February 2024"
    assert span(date(2024, 1, 30), date(2024, 2, 2)) == "30 January 2024 – 2 February 2024"


def test_open_ends_keep_english_words_around_the_languages_date():
    assert span(date.min, date(2024, 2, 24), "fr") == "on or before 24 février 2024"


def test_tags_fall_back_to_their_language_then_english():
    assert str(babel_locale("fr-CA")) == "fr_CA"
    assert str(babel_locale("fr-XX")) == "fr"
    assert str(babel_locale("en")) == "en_GB"  # day before month, as briefbook has always written
    assert str(babel_locale("qqq")) == "en_GB"
    assert number(1234, "en") == "1,234"


def test_the_english_shortcut_agrees_with_cldr():
    from babel import Locale
    from babel.numbers import format_decimal

    from generator.localised import plural_category

    english = Locale.parse("en_GB")
    for n in [*range(0, 1200), 10_000, 123_456, 10_000_000_000]:
        assert plural_category(n, "en") == english.plural_form(n), n
        assert number(n, "en") == format_decimal(n, locale=english), n
    assert number(1234, "en-US") == format_decimal(1234, locale="en_US")
