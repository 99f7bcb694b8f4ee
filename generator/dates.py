"""Dates as documents give them: EDTF values, parts of the day, and relative wording.

EDTF (the Library of Congress's Extended Date/Time Format) is the notation. The common
forms (`2024`, `2024-01`, `2024-01-16`, each optionally `?` uncertain, `~` approximate or
`%` both) are parsed here with one regular expression because the `edtf` package takes
milliseconds per value; everything else it supports (intervals, unspecified digits
like `201X`, seasons, open ends) is handed to that package.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import localised

# A year (trailing digits may be X, "unspecified"), an optional month and day (each may be
# XX), and an optional qualifier: everything but the rarest EDTF dates.
_SIMPLE = re.compile(r"^(\d{4}|\d{3}X|\d{2}XX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([?~%])?$")
# Any digit of a year, month or day may be X (EDTF level 2), as in 2024-XX-1X; the `edtf`
# package cannot read a partly unspecified day, so these are bounded here.
_UNSPECIFIED = re.compile(r"^([\dX]{4})-([\dX]{2})(?:-([\dX]{2}))?([?~%])?$")
# date.min and date.max stand for open ends, so a real date must lie strictly between them.
FIRST_DAY, LAST_DAY = date.min + timedelta(days=1), date.max - timedelta(days=1)
MONTHS = localised.ENGLISH_MONTHS  # one list of the English names, where the English forms are written

# Parts of the day in the order they happen; a time like 14:30 sorts among them by the hour.
PARTS_OF_DAY = {
    "early morning": 5 * 60,
    "morning": 9 * 60,
    "midday": 12 * 60,
    "afternoon": 15 * 60,
    "evening": 19 * 60,
    "night": 22 * 60,
    "late night": 23 * 60 + 30,
}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class Edtf:
    """A parsed EDTF value reduced to what briefbook needs: its bounds and qualifiers."""

    text: str
    lower: date
    upper: date
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        """'day', 'month', 'year' or 'range': the finest unit that names the whole span."""
        lower, upper = self.lower, self.upper
        if lower == upper:
            return "day"
        if (lower.year, lower.month) == (upper.year, upper.month) and _month_span(lower, upper):
            return "month"
        if lower.year == upper.year and (lower.month, lower.day, upper.month, upper.day) == (1, 1, 12, 31):
            return "year"
        return "range"

    @property
    def iso(self) -> str:
        """The value for HTML's `<time datetime>`: the lower bound at its precision."""
        return {
            "day": self.lower.isoformat(),
            "month": self.lower.isoformat()[:7],
            "year": self.lower.isoformat()[:4],
        }.get(self.precision, (self.upper if self.lower == date.min else self.lower).isoformat())

    def describe(self, language: str = "en") -> str:
        """For readers: '16 January 2024', 'December 2023', 'c. 2012', '16–17 January 2024';
        in another `language` its dates as Babel writes them ('16 janvier 2024')."""
        text = describe_span(self.lower, self.upper, language)
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text = f"{text} (uncertain)"
        return text


def _month_span(lower: date, upper: date) -> bool:
    last = calendar.monthrange(upper.year, upper.month)[1]
    return lower.day == 1 and upper.day == last


def describe_span(lower: date, upper: date, language: str = "en") -> str:
    """The coarsest exact wording of a span of days, in `language` (see localised.py)."""
    return localised.span(lower, upper, language)


@lru_cache(maxsize=65536)
def parse_edtf(text: str) -> Edtf:
    """Parse an EDTF string; raises ValueError with a reader-friendly message."""
    text = text.strip()
    value = _parse_fast(text)
    return value if value is not None else _parse_with_library(text)


def _placeable(text: str, *days: date) -> None:
    """Raise unless every real (not open) bound lies where briefbook can place and show it."""
    if not all(FIRST_DAY <= day <= LAST_DAY for day in days):
        raise ValueError(f"'{text}' is outside the dates briefbook can place ({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")


def _parse_fast(text: str) -> Edtf | None:
    """Simple dates and intervals between them (ends may be open: '..' or empty)."""
    if "/" not in text:
        if "X" in text and (unspecified := _UNSPECIFIED.match(text)):
            return _parse_unspecified(text, *unspecified.groups())
        simple = _SIMPLE.match(text)
        return _parse_simple(text, *simple.groups()) if simple else None
    start, _, end = text.partition("/")
    ends = []
    for part in (start, end):
        if part in ("", ".."):
            ends.append(None)
            continue
        simple = _SIMPLE.match(part)
        if simple is None:
            return None
        ends.append(_parse_simple(part, *simple.groups()))
    first, last = ends
    if first is None and last is None:
        return None
    lower, upper = (first.lower if first else date.min), (last.upper if last else date.max)
    if lower > upper:
        raise ValueError(f"'{text}' ends before it starts")
    flags = [e for e in ends if e]
    return Edtf(text, lower, upper, any(e.approximate for e in flags), any(e.uncertain for e in flags))


def _parse_simple(text: str, year: str, month: str | None, day: str | None, qualifier: str | None) -> Edtf:
    if month not in (None, "XX") and int(month) > 12:
        return _parse_with_library(text)  # 21-41: seasons and other sub-year groupings
    unspecified = year.count("X")
    y = int(year.replace("X", "0"))
    try:
        if unspecified:
            if month or day:
                return _parse_with_library(text)
            lower, upper = date(y, 1, 1), date(y + 10**unspecified - 1, 12, 31)
        elif month is None or month == "XX":
            if day:
                raise ValueError
            lower, upper = date(y, 1, 1), date(y, 12, 31)
        elif day is None or day == "XX":
            m = int(month)
            lower, upper = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        else:
            lower = upper = date(y, int(month), int(day))
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    _placeable(text, lower, upper)
    return Edtf(text, lower, upper, approximate=qualifier in ("~", "%"), uncertain=qualifier in ("?", "%"))


def _digits(pattern: str, low: int, high: int) -> list[int]:
    """The numbers from `low` to `high` that a pattern of digits and Xs can stand for."""
    width = len(pattern)
    return [n for n in range(low, high + 1) if all(p in ("X", d) for p, d in zip(pattern, f"{n:0{width}d}"))]


def _parse_unspecified(text: str, year: str, month: str, day: str | None, qualifier: str | None) -> Edtf:
    """A date with unspecified digits: the span from its first possible day to its last."""
    years, months = _digits(year, FIRST_DAY.year, LAST_DAY.year - 1), _digits(month, 1, 12)
    days = _digits(day, 1, 31) if day else None

    def first(ys, ms, ds_reversed: bool) -> date | None:
        for y in ys:
            for m in ms:
                last = calendar.monthrange(y, m)[1]
                candidates = [d for d in (days or [1, last]) if d <= last]
                if candidates:
                    return date(y, m, candidates[-1] if ds_reversed else candidates[0])
        return None

    lower = first(years, months, False)
    upper = first(years[::-1], months[::-1], True)
    if lower is None or upper is None:
        raise ValueError(f"'{text}' is not a real date")
    _placeable(text, lower, upper)
    return Edtf(text, lower, upper, approximate=qualifier in ("~", "%"), uncertain=qualifier in ("?", "%"))


def _parse_with_library(text: str) -> Edtf:
    import edtf  # slow to import and to run; only for the rarer forms

    try:
        value = edtf.parse_edtf(text)
        lower, upper = value.lower_strict(), value.upper_strict()
    except Exception:  # the package raises several types for bad input
        raise ValueError(f"'{text}' is not an EDTF date") from None
    try:
        lower, upper = _bound(lower, date.min), _bound(upper, date.max)
    except (ValueError, OverflowError):  # a year beyond 9999, or before 1
        _placeable(text, date.min)  # raises
    _placeable(text, *(d for d, open_end in ((lower, date.min), (upper, date.max)) if d != open_end))
    return Edtf(text, lower, upper, approximate="~" in text or "%" in text, uncertain="?" in text or "%" in text)


def _bound(value, infinite: date) -> date:
    if not hasattr(value, "tm_year"):  # the package uses ±inf for open ends
        return infinite
    return date(value.tm_year, value.tm_mon, value.tm_mday)


UNTIMED = 24 * 60  # after every time of the day: an untimed event may follow any of them


def time_rank(time: str | None) -> int:
    """Minutes into the day for sorting; an event without a known time sorts after the timed
    events of its day, which it may have followed (a summons after the morning's strike)."""
    if time is None:
        return UNTIMED
    clock = _CLOCK.match(time)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    return PARTS_OF_DAY.get(time, UNTIMED)


def check_time(time: str) -> str | None:
    """None if `time` is a clock time or a known part of the day, else the reason."""
    if _CLOCK.match(time) or time in PARTS_OF_DAY:
        return None
    return f"unknown time of day '{time}'; use HH:MM or one of: {', '.join(PARTS_OF_DAY)}"


# --- relative wording -------------------------------------------------------------------

_MONTH = "(" + "|".join(MONTHS) + ")"
_WEEKDAYS = list(calendar.day_name)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _months_back(d: date, n: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 - n
    return index // 12, index % 12 + 1


def _resolvers():
    """(pattern, function of match and publication date -> EDTF text), most specific first."""

    def month_day_year(m, p):
        return f"{int(m[3]):04d}-{MONTHS.index(m[1]) + 1:02d}-{int(m[2]):02d}"

    def month_day(m, p):
        return f"{p.year:04d}-{MONTHS.index(m[1]) + 1:02d}-{int(m[2]):02d}"

    def last_month_name(m, p):
        month = MONTHS.index(m[1]) + 1
        year = p.year if month < p.month else p.year - 1
        return f"{year:04d}-{month:02d}"

    def units_ago(m, p):
        n = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
        unit = m[2]
        if unit.startswith("day"):
            return (p - timedelta(days=n)).isoformat() + "~"
        if unit.startswith("week"):
            return (p - timedelta(weeks=n)).isoformat()[:7] + "~"
        if unit.startswith("month"):
            y, mo = _months_back(p, n)
            return f"{y:04d}-{mo:02d}~"
        return f"{p.year - n:04d}~"

    def last_month(m, p):
        y, mo = _months_back(p, 1)
        return f"{y:04d}-{mo:02d}"

    def weekday(m, p):
        back = (p.weekday() - _WEEKDAYS.index(m[1])) % 7
        return (p - timedelta(days=back)).isoformat()

    number = r"(\d+|" + "|".join(_NUMBERS) + r")"
    return [
        (rf"\b{_MONTH} (\d{{1,2}}),? (\d{{4}})\b", month_day_year),
        (rf"\b(\d{{1,2}}) {_MONTH},? (\d{{4}})\b", lambda m, p: month_day_year((None, m[2], m[1], m[3]), p)),
        (rf"\b{_MONTH} (\d{{1,2}})\b", month_day),
        (rf"\b(\d{{1,2}}) {_MONTH}\b", lambda m, p: month_day((None, m[2], m[1]), p)),
        (rf"\blast {_MONTH}\b", last_month_name),
        (rf"\b{number} (days?|weeks?|months?|years?) ago\b", units_ago),
        (r"\blast month\b", last_month),
        (r"\bthis month\b", lambda m, p: p.isoformat()[:7]),
        (r"\blast year\b", lambda m, p: f"{p.year - 1:04d}"),
        (r"\bthis year\b", lambda m, p: f"{p.year:04d}"),
        (r"\byesterday\b", lambda m, p: (p - timedelta(days=1)).isoformat()),
        (r"\b(today|tonight|this morning|this afternoon|this evening)\b", lambda m, p: p.isoformat()),
        (r"\b(" + "|".join(_WEEKDAYS) + r")\b", weekday),
        (rf"\b{_MONTH} (\d{{4}})\b", lambda m, p: f"{int(m[2]):04d}-{MONTHS.index(m[1]) + 1:02d}"),
        (r"\b(1\d{3}|20\d{2})\b", lambda m, p: m[1]),
    ]


_RESOLVERS = [(re.compile(pattern, re.IGNORECASE), fn) for pattern, fn in _resolvers()]


_NAMES = {n.lower(): n for n in (*MONTHS, *_WEEKDAYS)}


def _title(match: re.Match) -> list:
    """Groups with month and weekday names in their canonical capitalisation."""
    return [match[0], *(_NAMES.get(g.lower(), g.lower()) if g else g for g in match.groups())]


# Many dates share a wording and a source ("last month", read against one article's date):
# each pair is read once.
@lru_cache(maxsize=65536)
def resolve_wording(wording: str, published: date) -> str | None:
    """EDTF for wording like 'last December' or 'late night on January 16 this year', read
    against a publication date; None when no pattern applies."""
    for pattern, resolve in _RESOLVERS:
        match = pattern.search(wording)
        if match:
            try:
                derived = resolve(_title(match), published)
                parse_edtf(derived)  # "9000 years ago" must not name a date that cannot be placed
                return derived
            except (ValueError, KeyError, OverflowError):  # OverflowError: "10**20 days ago"
                return None
    return None


@lru_cache(maxsize=1)
def _parts_of_day() -> tuple[tuple[re.Pattern, str], ...]:
    """Each part of the day's pattern, the longest first ('late night' before 'night'), then
    'tonight' for the night: compiled once (each event's date asks, in every build)."""
    found = [(re.compile(rf"\b{part}\b"), part) for part in sorted(PARTS_OF_DAY, key=len, reverse=True)]
    return (*found, (re.compile(r"\btonight\b"), "night"))


@lru_cache(maxsize=65536)
def part_of_day_in(wording: str) -> str | None:
    """The part of the day that wording names ('Saturday morning' -> 'morning'), if any."""
    lowered = wording.lower()
    return next((part for pattern, part in _parts_of_day() if pattern.search(lowered)), None)


# --- wording relative to another event ----------------------------------------------------

_COUNTS = {**{k: v for k, v in _NUMBERS.items()}, "eleven": 11, "twelve": 12}
_COUNT = r"(\d{1,4}|" + "|".join(_COUNTS) + r")"
_OFFSETS = [
    (re.compile(r"\b(?:the )?same day\b", re.IGNORECASE), lambda m: (0, "day")),
    (re.compile(r"\bthe (?:next|following) day\b|\bthe day after\b", re.IGNORECASE), lambda m: (1, "day")),
    (re.compile(r"\bthe (?:day before|previous day)\b", re.IGNORECASE), lambda m: (-1, "day")),
    (
        re.compile(rf"\b{_COUNT} (day|week|month)s? (after|later|before|earlier)\b", re.IGNORECASE),
        lambda m: (_count(m[1]) * (7 if m[2].lower() == "week" else 1) * (-1 if m[3].lower() in ("before", "earlier") else 1), "month" if m[2].lower() == "month" else "day"),
    ),
]


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word.lower()]


def relative_offset(wording: str) -> tuple[int, str] | None:
    """(signed amount, 'day' or 'month') for wording relative to another event, such as 'the
    next day' (1, 'day'), 'two days after' (2, 'day'), 'a week later' (7, 'day'), 'three
    days before' (-3, 'day') or 'a month later' (1, 'month'); None when none applies."""
    for pattern, offset in _OFFSETS:
        match = pattern.search(wording)
        if match:
            return offset(match)
    return None


def _plus_months(d: date, n: int) -> date:
    year, month = _months_back(d, -n)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def resolve_after_event(wording: str, base: Edtf) -> str | None:
    """EDTF for `wording` ('two days after', 'the day before') read against another event's
    resolved date: the whole span moves, so a month-precise base gives a month-long span.
    None when the wording is not understood or the base is open-ended."""
    offset = relative_offset(wording)
    if offset is None or base.lower == date.min or base.upper == date.max:
        return None
    amount, unit = offset
    try:
        if unit == "month":
            lower, upper = _plus_months(base.lower, amount), _plus_months(base.upper, amount)
            if _month_span(base.lower, base.upper):
                upper = date(upper.year, upper.month, calendar.monthrange(upper.year, upper.month)[1])
        else:
            lower, upper = base.lower + timedelta(days=amount), base.upper + timedelta(days=amount)
    except (OverflowError, ValueError):
        return None
    qualifier = "~" if unit == "month" or base.approximate else ""
    qualifier = "%" if qualifier and base.uncertain else "?" if base.uncertain else qualifier
    if lower == upper:
        return lower.isoformat() + qualifier
    return f"{lower.isoformat()}{qualifier}/{upper.isoformat()}{qualifier}"
