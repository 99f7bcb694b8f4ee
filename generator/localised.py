"""Numbers and dates in a briefing's `language`, with Babel's CLDR data.

A briefing in French shows "24 février 2024" and "1 234", one in German "24. Februar 2024"
and "1.234". The words around them (the site's headings, "c.", "uncertain", "on or before")
stay English: briefbook has no catalog of its own words yet, and half-translated chrome
would read worse than English chrome around dates in the briefing's language.

English is the exception for dates: briefbook writes them as CLDR's en-GB does for a day
("24 February 2024") and a month ("February 2024"), but keeps full month names in spans
("16–17 January 2024"), where CLDR's interval formats abbreviate them ("16 – 17 Jan 2024");
so English dates read the same as before Babel, and every other language is Babel's.

Babel is imported, and CLDR's data loaded, only when a number or date needs it: English
plurals and numbers follow CLDR's English rules (one for exactly 1; a comma every three
digits), written out here because loading the data costs `briefbook check` a tenth of a
second on every run, for messages that are all English.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

from typing import TYPE_CHECKING

from .languages import primary

if TYPE_CHECKING:
    from babel import Locale

ENGLISH_MONTHS = list(calendar.month_name)[1:]
FALLBACK = "en_GB"


@lru_cache(maxsize=256)
def babel_locale(tag: str) -> Locale:
    """Babel's locale for a BCP 47 tag: the whole tag if CLDR knows it, else its primary
    language, else English; bare `en` is en-GB (day before month, as briefbook writes)."""
    from babel import Locale, UnknownLocaleError

    if tag.lower() == "en":
        return Locale.parse(FALLBACK)
    for candidate in (tag, primary(tag)):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FALLBACK)


def is_english(tag: str) -> bool:
    return primary(tag) == "en"


@lru_cache(maxsize=4096)
def number(value: int, tag: str = "en") -> str:
    """A whole number with the language's grouping: '1,234' (en), '1 234' (fr), '1.234' (de)."""
    if is_english(tag):
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(tag))


def plural_category(value: int, tag: str = "en") -> str:
    """CLDR's plural category of a whole number in a language: 'one', 'few', 'many', 'other'..."""
    if is_english(tag):
        return "one" if value == 1 else "other"
    return babel_locale(tag).plural_form(value)


def month_abbreviation(month: int, tag: str = "en") -> str:
    """A month's short name for a timeline's ticks: 'Jan' in English, CLDR's abbreviated
    name in another language ('janv.', 'Jan.')."""
    if is_english(tag):
        return ENGLISH_MONTHS[month - 1][:3]
    from babel.dates import get_month_names

    return get_month_names("abbreviated", locale=babel_locale(tag))[month]


def _english_day(d: date) -> str:
    return f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}"


def day(d: date, tag: str = "en") -> str:
    """'24 February 2024', '24 février 2024', '24. Februar 2024'."""
    if is_english(tag):
        return _english_day(d)
    from babel.dates import format_date

    return format_date(d, "long", locale=babel_locale(tag))


def month(d: date, tag: str = "en") -> str:
    """'February 2024', 'février 2024'."""
    if is_english(tag):
        return f"{ENGLISH_MONTHS[d.month - 1]} {d.year}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", d, locale=babel_locale(tag))


def _month_span(lower: date, upper: date) -> bool:
    return lower.day == 1 and upper.day == calendar.monthrange(upper.year, upper.month)[1]


@lru_cache(maxsize=65536)
def span(lower: date, upper: date, tag: str = "en") -> str:
    """The coarsest exact wording of a span of days (date.min and date.max are open ends)."""
    if lower == date.min and upper == date.max:
        return "date unknown"
    if lower == date.min:
        return f"on or before {day(upper, tag)}"
    if upper == date.max:
        return f"on or after {day(lower, tag)}"
    if lower == upper:
        return day(lower, tag)
    if (lower.month, lower.day, upper.month, upper.day) == (1, 1, 12, 31):
        return str(lower.year) if lower.year == upper.year else f"{lower.year}–{upper.year}"
    if not is_english(tag):
        from babel.dates import format_interval

        skeleton = "yMMMM" if _month_span(lower, upper) else "yMMMMd"
        return format_interval(lower, upper, skeleton, locale=babel_locale(tag))
    if _month_span(lower, upper):
        first, last = month(lower), month(upper)
        if first == last:
            return first
        return f"{ENGLISH_MONTHS[lower.month - 1]}–{last}" if lower.year == upper.year else f"{first} – {last}"
    if (lower.year, lower.month) == (upper.year, upper.month):
        return f"{lower.day}–{_english_day(upper)}"
    return f"{_english_day(lower)} – {_english_day(upper)}"
