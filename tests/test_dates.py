"""Dates: briefbook's fast EDTF parsing agrees with the `edtf` package, and reads as expected."""

from __future__ import annotations

from datetime import date

import pytest

from generator.dates import _parse_with_library, parse_edtf, resolve_wording

SAME_AS_LIBRARY = [
    "2024", "2024-01", "2024-01-16", "2012~", "2024-01?", "2024-01-16%", "201X", "19XX", "2024-XX",
    "2024-01-XX", "2024-01-16/2024-01-17", "2023-12/2024-02", "2012~/2014", "../2024-02-24", "2024-02-24/..",
]


@pytest.mark.parametrize("text", SAME_AS_LIBRARY)
def test_fast_path_agrees_with_the_edtf_package(text):
    fast, slow = parse_edtf(text), _parse_with_library(text)
    assert (fast.lower, fast.upper, fast.approximate, fast.uncertain) == (slow.lower, slow.upper, slow.approximate, slow.uncertain)


def test_unknown_interval_ends_are_open_not_guessed():
    # The edtf package guesses ten years for an unknown end; briefbook claims nothing.
    assert parse_edtf("/2024-02-24").lower == date.min and parse_edtf("2024-02/").upper == date.max


@pytest.mark.parametrize(
    "text, label",
    [
        ("2024-01-16", "16 January 2024"), ("2023-12", "December 2023"), ("2012~", "c. 2012"),
        ("2024-01?", "January 2024 (uncertain)"), ("2024-01-16/2024-01-17", "16–17 January 2024"),
        ("2023-12/2024-02", "December 2023 – February 2024"), ("201X", "2010–2019"),
        ("../2024-02-24", "on or before 24 February 2024"), ("2024-21", "March–May 2024"),
    ],
)
def test_labels(text, label):
    assert parse_edtf(text).describe() == label


@pytest.mark.parametrize("bad", ["2024-02-30", "2024-13", "last week", "2024-01-17/2024-01-16", "24-01-2024"])
def test_invalid_dates_are_errors(bad):
    with pytest.raises(ValueError):
        parse_edtf(bad)


PUBLISHED = date(2024, 2, 24)  # a Saturday


@pytest.mark.parametrize(
    "wording, edtf",
    [
        ("last December", "2023-12"), ("late night on January 16 this year", "2024-01-16"), ("Saturday morning", "2024-02-24"),
        ("on Monday", "2024-02-19"), ("a month ago", "2024-01~"), ("two years ago", "2022~"), ("3 days ago", "2024-02-21~"),
        ("last month", "2024-01"), ("yesterday", "2024-02-23"), ("tonight", "2024-02-24"), ("last year", "2023"),
        ("on March 3, 2021", "2021-03-03"), ("17 January", "2024-01-17"), ("in 2012", "2012"), ("in June 2019", "2019-06"),
        ("last February", "2023-02"), ("at some point", None),
    ],
)
def test_relative_wording(wording, edtf):
    assert resolve_wording(wording, PUBLISHED) == edtf
