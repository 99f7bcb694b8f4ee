"""The order of events (generator/order.py): the date rule, stated order (`after`, `before`),
dates relative to another event, their checks, and one order on every page and export."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import pipeline
from generator.dates import parse_edtf
from generator.model import Event, When
from generator.order import order_events

SLUG = "b"
EXAMPLE_ORDER = [
    "jaish-al-adal-emerges", "police-station-attack", "iran-strikes-in-pakistan", "pakistan-recalls-ambassador",
    "security-cooperation-agreement", "iran-enters-pakistan", "pakistan-strike-in-iran", "shah-bakhsh-killing",
    "claim-broadcast",
]
EVENTS = {*EXAMPLE_ORDER, "council-meets"}
STRIKE_AFTER = '    after: [iran-enters-pakistan]  # "In response, Pakistan also launched an airstrike"\n'
BROADCAST_AFTER = '    after: [shah-bakhsh-killing]  # it "broadcast the news" of the claimed killing\n'
RECALL_DATE = "      wording: on January 17\n      relative_to: article-2024-02-24\n"

# Invented test data: a fictional outlet's note about fictional places, to give wording that
# the example's one article does not have ("two days after").
INVENTED = (
    "INVENTED TEST DATA for briefbook's tests; the outlet and the places do not exist.\n\n"
    "The Varnholm Courier, 20 January 2024.\n\n"
    "Two days after the strikes, the Brellin council met in Varnholm.\n"
)


def built_order(out: Path, page: str) -> list[str]:
    """The example's event ids in the order a built page first names them."""
    text = (out / SLUG / page).read_text(encoding="utf-8")
    found = [(m.start(), m[1]) for m in re.finditer(r'(?:id="|chronology\.html#)([a-z0-9-]+)"', text) if m[1] in EVENTS]
    return list(dict.fromkeys(id_ for _, id_ in sorted(found)))


def build(tmp_path: Path, pdf: bool = False) -> Path:
    out = tmp_path / "site"
    problems, _ = pipeline.build([Path(SLUG)], out, "a4" if pdf else None)
    assert [str(p) for p in problems if p.severity == "error"] == []
    return out


def csv_order(out: Path) -> list[str]:
    rows = csv.DictReader(io.StringIO((out / SLUG / "events.csv").read_text(encoding="utf-8-sig")))
    return [row["id"] for row in rows]


def before(order: list[str], first: str, then: str) -> bool:
    return order.index(first) < order.index(then)


def add_invented_source(scratch) -> None:
    scratch.write("documents/invented-courier.txt", INVENTED)
    sha = hashlib.sha256(INVENTED.encode()).hexdigest()
    with open(scratch.folder / "sources.yml", "a", encoding="utf-8") as f:
        f.write(
            "  - id: invented-courier\n    title: \"[Invented test note]\"\n    published: 2024-01-20\n"
            f"    document: documents/invented-courier.txt\n    sha256: {sha}\n"
        )


COUNCIL = """
  - id: council-meets
    title: The Brellin council meets
    date:
      wording: Two days after the strikes
      relative_to_event: {base}
    accounts:
      - text: The council met.
        citations:
          - source: invented-courier
            excerpt: Two days after the strikes, the Brellin council met in Varnholm.
"""


def add_council(scratch, base: str = "iran-strikes-in-pakistan", extra: str = "") -> None:
    add_invented_source(scratch)
    with open(scratch.folder / "events.yml", "a", encoding="utf-8") as f:
        f.write(COUNCIL.format(base=base) + extra)


# --- the date rule ------------------------------------------------------------------------


def test_a_month_precise_event_follows_the_days_of_its_month_without_being_told(scratch, tmp_path):
    # Iran's entry "a month ago" (c. January 2024) is last in the file and says nothing of order.
    order = built_order(build(tmp_path), "chronology.html")
    # c. January 2024 after 16 and 17 January; still under its month, before February.
    assert order == EXAMPLE_ORDER
    assert before(order, "pakistan-recalls-ambassador", "iran-enters-pakistan")
    html = (tmp_path / "site" / SLUG / "chronology.html").read_text(encoding="utf-8")
    january = html[html.index('id="y2024-01"') : html.index('id="y2024-02"')]
    assert 'id="iran-enters-pakistan"' in january


def test_an_untimed_event_of_a_day_follows_the_timed_events_of_that_day(scratch, tmp_path):
    # The recall moved to the day of the late-night strikes, and ahead of them in the file.
    scratch.edit("events.yml", RECALL_DATE, "      edtf: 2024-01-16\n")
    text = (scratch.folder / "events.yml").read_text(encoding="utf-8")
    strikes, recall = text.index("  - id: iran-strikes-in-pakistan"), text.index("  - id: pakistan-recalls-ambassador")
    end = text.index("  - id: pakistan-strike-in-iran")
    scratch.write("events.yml", text[:strikes] + text[recall:end] + text[strikes:recall] + text[end:])
    order = built_order(build(tmp_path), "chronology.html")
    assert before(order, "iran-strikes-in-pakistan", "pakistan-recalls-ambassador")


def test_order_events_is_the_date_rule_on_plain_dates():
    def event(id_: str, edtf: str, time: str | None = None) -> Event:
        return Event(id=id_, title=id_, date=When(edtf=edtf, time=time), accounts=[{"text": "x", "citations": [{"source": "s", "excerpt": "x"}]}])

    events = [
        event("year", "2024"), event("month", "2024-01"), event("open-start", "../2024-01-16"),
        event("untimed", "2024-01-16"), event("evening", "2024-01-16", "evening"), event("morning", "2024-01-16", "09:00"),
        event("range", "2024-01-15/2024-01-16"), event("open-end", "2024-01-10/.."), event("february", "2024-02-01"),
    ]
    dates = {e.date: parse_edtf(e.date.edtf) for e in events}
    assert [e.id for e in order_events(events, dates)] == [
        "open-end", "morning", "evening", "untimed", "range", "open-start", "month", "february", "year",
    ]


def test_an_event_stated_before_an_earlier_dated_one_goes_just_before_it():
    events = [_event("january", "2024-01", before=["tenth"]), _event("twentieth", "2024-01-20"), _event("tenth", "2024-01-10"), _event("first", "2024-01-01")]
    dates = {e.date: parse_edtf(e.date.edtf) for e in events}
    assert [e.id for e in order_events(events, dates)] == ["first", "january", "tenth", "twentieth"]


def _event(id_: str, edtf: str, **order) -> Event:
    return Event(id=id_, title=id_, date=When(edtf=edtf), accounts=[{"text": "x", "citations": [{"source": "s", "excerpt": "x"}]}], **order)


# --- stated order -------------------------------------------------------------------------


def test_after_and_before_are_honoured_on_every_page_and_export(scratch, tmp_path):
    # Both are c. January 2024; by the file the agreement comes first, `before` turns them round.
    scratch.edit("events.yml", "  - id: iran-enters-pakistan\n", "  - id: iran-enters-pakistan\n    before: [security-cooperation-agreement]\n")
    out = build(tmp_path)
    expected = [*EXAMPLE_ORDER[:4], "iran-enters-pakistan", "security-cooperation-agreement", *EXAMPLE_ORDER[6:]]
    assert built_order(out, "chronology.html") == expected
    assert built_order(out, "updates.html") == expected
    assert csv_order(out) == expected
    iran = built_order(out, "actors/iran.html")
    assert iran == [e for e in expected if e in iran] and len(iran) >= 4


def test_the_example_follows_cause(tmp_path, monkeypatch):
    """The example's stated order: Pakistan's undated strike answered Iran's entry, and goes
    just after it; the broadcast carried the claimed killing. Also read back from the PDF."""
    shutil.copytree(Path(__file__).parent.parent / "briefings" / "iran-pakistan-2024", tmp_path / SLUG)
    monkeypatch.chdir(tmp_path)
    out = build(tmp_path, pdf=True)
    assert built_order(out, "chronology.html") == EXAMPLE_ORDER
    assert csv_order(out) == EXAMPLE_ORDER
    text = subprocess.run(["pdftotext", str(out / SLUG / f"{SLUG}.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    # The cards, after the timeline that heads the chronology (its labels are cut titles).
    chronology = flat[flat.index("The events follow in date order", flat.index("in date order")) :]
    titles = [
        "Iran's missile and drone strikes", "Pakistan recalls its ambassador", "Iran's airstrikes on Jaish al-Adal locations",
        "Pakistan's retaliatory airstrike", "Iran's military forces claim to have killed", "Iran International English broadcasts",
    ]
    positions = [chronology.replace("’", "'").index(t) for t in titles]
    assert positions == sorted(positions)


def test_a_stated_order_that_the_dates_contradict_is_an_error(scratch):
    scratch.edit("events.yml", "    place: Along the Pakistan border\n", "    place: Along the Pakistan border\n    after: [pakistan-recalls-ambassador]\n")
    assert scratch.problems() == [
        "b/events.yml:52:13: error: 'iran-strikes-in-pakistan' cannot follow 'pakistan-recalls-ambassador': 'iran-strikes-in-pakistan' "
        "is dated late night, 16 January 2024, before 'pakistan-recalls-ambassador' (17 January 2024); correct one of the dates, or remove the stated order",
    ]


def test_a_cycle_is_an_error_where_it_closes(scratch):
    scratch.edit(
        "events.yml",
        "    places: [pakistan]\n    actors: [iran, jaish-al-adal, pakistan]\n",
        "    places: [pakistan]\n    after: [pakistan-strike-in-iran]\n    actors: [iran, jaish-al-adal, pakistan]\n",
    )
    assert scratch.problems() == [
        "b/events.yml:184:13: error: the stated order of events goes round in a cycle: 'iran-enters-pakistan' before "
        "'pakistan-strike-in-iran' before 'iran-enters-pakistan'; remove one of the `after`, `before` or `relative_to_event` relations in it",
    ]


def test_unknown_ids_in_after_and_before(scratch):
    scratch.edit("events.yml", STRIKE_AFTER, "    after: [iran-strike-in-pakistan]\n    before: [nothing-like-it]\n")
    assert scratch.problems() == [
        "b/events.yml:100:13: error: unknown event 'iran-strike-in-pakistan'; did you mean 'iran-strikes-in-pakistan'?",
        "b/events.yml:101:14: error: unknown event 'nothing-like-it'; no event has that id",
    ]


# --- relative to another event ------------------------------------------------------------


def test_two_days_after_an_event_resolves_and_orders(scratch, tmp_path):
    add_council(scratch)
    # Listed first in the file: the date alone puts it after the strikes.
    text = (scratch.folder / "events.yml").read_text(encoding="utf-8")
    council = text.index("\n  - id: council-meets") + 1
    first = text.index("  - id: jaish-al-adal-emerges")
    scratch.write("events.yml", text[:first] + text[council:] + "\n" + text[first:council])
    assert [p for p in scratch.problems() if ": error:" in p] == []
    (briefing,), _ = pipeline.check([Path(SLUG)])
    council_event = next(e for e in briefing.events if e.id == "council-meets")
    assert briefing.date(council_event.date).text == "2024-01-18"
    order = built_order(build(tmp_path), "chronology.html")
    assert order.index("council-meets") == order.index("pakistan-recalls-ambassador") + 1


def test_wording_relative_to_an_event_must_be_understood_and_in_the_documents(scratch):
    add_council(scratch)
    scratch.edit("events.yml", "      wording: Two days after the strikes\n", "      wording: Brellin council met\n")
    scratch.edit("events.yml", "relative_to_event: iran-strikes-in-pakistan", "relative_to_event: iran-strikes")
    errors = [p for p in scratch.problems() if ": error:" in p]
    assert errors == ["b/events.yml:202:26: error: unknown event 'iran-strikes'; did you mean 'iran-strikes-in-pakistan'?"]
    scratch.edit("events.yml", "relative_to_event: iran-strikes", "relative_to_event: iran-strikes-in-pakistan")
    errors = [p for p in scratch.problems() if ": error:" in p]
    assert errors == [
        "b/events.yml:201:16: error: cannot resolve the date 'Brellin council met' against event 'iran-strikes-in-pakistan' "
        "(16 January 2024); use wording such as 'the same day', 'the next day', 'two days after', 'a week later' or 'a month later', or give `edtf`",
    ]
    scratch.edit("events.yml", "      wording: Brellin council met\n", "      wording: two days after the meeting\n")
    errors = [p for p in scratch.problems() if ": error:" in p]
    assert errors == ["b/events.yml:201:16: error: date wording 'two days after the meeting' does not occur in the cited documents"]


def test_relative_dates_in_a_cycle_are_an_error(scratch):
    add_council(scratch, base="council-meets")
    errors = [p for p in scratch.problems() if ": error:" in p]
    assert errors == [
        "b/events.yml:202:26: error: dates relative to events go round in a cycle: 'council-meets' read against 'council-meets'; give one of these dates as `edtf`",
    ]


def test_a_relative_date_implies_the_order(scratch):
    add_council(scratch, extra="    before: [iran-strikes-in-pakistan]\n")
    errors = [p for p in scratch.problems() if ": error:" in p]
    assert errors == [
        "b/events.yml:202:26: error: the stated order of events goes round in a cycle: 'council-meets' before 'iran-strikes-in-pakistan' before "
        "'council-meets'; remove one of the `after`, `before` or `relative_to_event` relations in it",
        "b/events.yml:208:14: error: 'iran-strikes-in-pakistan' cannot follow 'council-meets': 'iran-strikes-in-pakistan' is dated late night, "
        "16 January 2024, before 'council-meets' (18 January 2024); correct one of the dates, or remove the stated order",
    ]


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("the same day", "2024-01-16"), ("The next day", "2024-01-17"), ("the following day", "2024-01-17"),
        ("the day before", "2024-01-15"), ("3 days later", "2024-01-19"), ("twelve days before", "2024-01-04"),
        ("a week later", "2024-01-23"), ("two weeks after", "2024-01-30"), ("a month later", "2024-02-16~"),
    ],
)
def test_wording_relative_to_an_event(wording, expected):
    from generator.dates import resolve_after_event

    assert resolve_after_event(wording, parse_edtf("2024-01-16")) == expected


def test_a_rebuild_follows_the_event_a_date_is_read_against(scratch, tmp_path):
    """The council's date is read against the recall: when the recall's date changes, the
    council's pieces (its card, its CSV row...) must be made again, as a clean build would."""
    add_council(scratch, base="pakistan-recalls-ambassador")
    out = tmp_path / "incremental" / "site"
    pipeline.build([Path(SLUG)], out, None)
    scratch.edit("events.yml", RECALL_DATE, "      edtf: 2024-01-15\n")
    pipeline.build([Path(SLUG)], out, None)
    clean = tmp_path / "clean" / "site"
    pipeline.build([Path(SLUG)], clean, None)
    council = next(line for line in (clean / SLUG / "events.csv").read_text(encoding="utf-8").splitlines() if line.startswith("council-meets,"))
    assert ",2024-01-17," in council
    tree = lambda folder: {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}  # noqa: E731
    assert tree(out) == tree(clean)


def test_year_level_events_keep_their_place_under_the_year(scratch, tmp_path):
    """A span over several months sorts by its end, so it is listed there, under a heading of
    its own rather than inside the month before it."""
    scratch.edit("events.yml", "      wording: last December\n      relative_to: article-2024-02-24\n    place: Sistan", "      edtf: 2024-01-01/2024-02-10\n    place: Sistan")
    html = (build(tmp_path) / SLUG / "chronology.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h[23] id="[^"]*-heading">([^<]*)</h[23]>', html)
    assert headings == ["2012", "2024", "January 2024", "2024, no single month", "February 2024"]
    more = html[html.index('id="y2024-more"') : html.index('id="y2024-02"')]
    assert 'id="police-station-attack"' in more
