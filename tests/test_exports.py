"""The exports beside the pages: briefing.json's schema, CSV, iCalendar, GeoJSON, TimelineJS.

Each export is written to tmp_path and read back with the tool its readers would use.
"""

from __future__ import annotations

import copy
import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

import icalendar
import jsonschema
import pytest

from conftest import EXAMPLE, ROOT
from generator import pipeline
from generator.render import briefing_json
from generator.render.exports import DOWNLOADS, export_files, export_schema, export_schema_bytes, html, plain
from generator.render.links import fact_path
from generator.render.views import View


def checked(folder: Path):
    """The briefing in `folder`, which must check without errors."""
    (briefing,), _ = pipeline.load([folder])
    return briefing


def written(briefing, folder: Path) -> Path:
    """Write a briefing's exports into `folder`, as the build does beside its pages."""
    for path, data in export_files(View(briefing)).items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def briefing():
    return checked(EXAMPLE)


@pytest.fixture(scope="module")
def view(briefing) -> View:
    return View(briefing)


@pytest.fixture(scope="module")
def out(briefing, tmp_path_factory) -> Path:
    return written(briefing, tmp_path_factory.mktemp("exports"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def calendar_events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


# --- all of them ------------------------------------------------------------------------


def test_downloads_name_every_export_relative_to_the_briefing(view):
    files = export_files(view)
    assert [PurePosixPath(p) for p, _ in DOWNLOADS] == list(files)
    assert all(not p.is_absolute() and len(p.parts) == 1 for p in files)
    assert all(label.startswith(path + " (") for path, label in DOWNLOADS)


def test_exports_are_deterministic(briefing):
    assert export_files(View(briefing)) == export_files(View(checked(EXAMPLE)))


# --- briefing.json and its schema -------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validate(schema: dict, document) -> None:
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


def test_committed_export_schema_is_current(out):
    committed = ROOT / "schema" / "briefing-export.schema.json"
    regenerate = "python -c 'import pathlib, generator.render.exports as e; pathlib.Path(\"schema/briefing-export.schema.json\").write_bytes(e.export_schema_bytes())'"
    assert committed.read_bytes() == export_schema_bytes(), f"schema/briefing-export.schema.json is stale: run {regenerate}"
    assert (out / "briefing.schema.json").read_bytes() == committed.read_bytes()
    assert json.loads(committed.read_bytes())["$schema"] == "https://json-schema.org/draft/2020-12/schema"



def test_the_schema_file_is_remembered_between_builds_by_the_code_alone(briefing, tmp_path):
    from generator.render.memo import IN_OLD, Memo

    path = tmp_path / "pieces"
    first = Memo(path)
    made = export_files(View(briefing, first))[PurePosixPath("briefing.schema.json")]
    first.save()
    again = Memo(path)
    misses = again.misses
    assert export_files(View(briefing, again))[PurePosixPath("briefing.schema.json")] == made == export_schema_bytes()
    assert again.misses == misses, "nothing made again: every export of an unchanged briefing remembered"
    assert [value for key, value in again.new.items() if key[0] == "briefing-schema"] == [IN_OLD], "the schema's read from the store"

def test_briefing_json_validates_against_its_schema(briefing, schema):
    validate(schema, json.loads(briefing_json(briefing)))


def test_briefing_json_of_a_briefing_with_everything_validates(scratch, schema):
    scratch.edit("events.yml", "    place: Along the Pakistan border\n", "    place: Along the Pakistan border\n    coordinates: {latitude: 27.5, longitude: 62.25}\n")
    scratch.edit("events.yml", "        text: Jaish al-Adal claimed responsibility for the attack.\n", "        text: Jaish al-Adal claimed responsibility for the attack.\n        date: 2023-12\n")
    validate(schema, json.loads(briefing_json(checked(scratch.folder))))


def test_an_open_or_unknown_end_is_null_in_briefing_json(scratch, schema):
    jilani_role = "        of: pakistan-caretaker-government\n        citations:\n"
    scratch.edit("actors.yml", jilani_role, jilani_role.replace("citations:", "period: 2024-01/..\n        citations:"))  # open: still holds the office
    counterpart_role = "Pakistan's then Foreign Minister\n        of: iran\n"
    scratch.edit("actors.yml", counterpart_role, counterpart_role + "        period: 2023-08/\n")  # unknown: the end is not known
    text = briefing_json(checked(scratch.folder))
    document = json.loads(text)
    validate(schema, document)
    killing = next(e for e in document["events"] if e["id"] == "shah-bakhsh-killing")
    assert killing["date"]["resolved"] == {"edtf": "../2024-02-24", "label": "on or before 24 February 2024", "start": None, "end": "2024-02-24"}
    jilani, abdollahian = (next(a for a in document["actors"] if a["id"] == id_) for id_ in ("jalil-abbas-jilani", "hossein-amir-abdullahian"))
    assert jilani["roles"][0]["period"]["resolved"] == {"edtf": "2024-01/..", "label": "on or after 1 January 2024", "start": "2024-01-01", "end": None}
    assert abdollahian["roles"][0]["period"]["resolved"]["end"] is None
    assert b"0001-01-01" not in text and b"9999-12-31" not in text
    ends = export_schema()["$defs"]["When"]["properties"]["resolved"]["properties"]
    assert ends["start"]["type"] == ends["end"]["type"] == ["string", "null"]
    assert "null when its end is open" in ends["end"]["description"]


def _break_date(doc):
    del doc["events"][0]["date"]["resolved"]


def _null_place(doc):
    doc["events"][1]["place"] = None


def _single_id(doc):
    doc["events"][0]["actors"] = "jaish-al-adal"


def _unknown_key(doc):
    doc["quotes"][0]["colour"] = "red"


def _bad_stance(doc):
    doc["events"][1]["accounts"][1]["stance"] = "rumoured"


def _no_slug(doc):
    del doc["slug"]


def _bad_day(doc):
    doc["briefing"]["as_of"]["resolved"]["end"] = "24 February 2024"


@pytest.mark.parametrize("damage", [_break_date, _null_place, _single_id, _unknown_key, _bad_stance, _no_slug, _bad_day])
def test_a_broken_briefing_json_fails_its_schema(briefing, schema, damage):
    document = copy.deepcopy(json.loads(briefing_json(briefing)))
    damage(document)
    with pytest.raises(jsonschema.ValidationError):
        validate(schema, document)


# --- CSV --------------------------------------------------------------------------------


def test_csv_files_are_utf8_with_bom_and_crlf(out):
    for name in ("events.csv", "actors.csv", "quotes.csv"):
        data = (out / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbfid,")
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")


def test_events_csv_has_a_row_per_event_in_chronology_order(out, view):
    rows = read_csv(out / "events.csv")
    assert [r["id"] for r in rows] == [e.id for e in view.events]
    for row, event in zip(rows, view.events, strict=True):
        value = view.edtf(event.date)
        assert row["title"] == event.title
        assert row["date"] == view.date(event.date).label
        assert row["edtf"] == value.text
        assert row["actor_ids"].split("; ") == list(event.actors)
        assert row["actors"].split("; ") == [view.actor[i].name for i in event.actors]
        assert row["accounts"] == str(len(event.accounts))
        assert row["excerpt"] == event.accounts[0].citations[0].excerpt
        assert row["source_id"] == event.accounts[0].citations[0].source
        assert row["permalink"] == fact_path("event", event.id, view.paging) == f"chronology.html#{event.id}"
    by_id = {r["id"]: r for r in rows}
    assert (by_id["police-station-attack"]["start"], by_id["police-station-attack"]["end"]) == ("2023-12-01", "2023-12-31")
    assert by_id["police-station-attack"]["stances"] == "reported; claimed by Jaish al-Adal"
    assert by_id["police-station-attack"]["place"] == "Sistan Baluchistan, Iran"
    assert by_id["iran-strikes-in-pakistan"]["date"] == "late night, 16 January 2024"
    assert by_id["iran-strikes-in-pakistan"]["time"] == "late night"
    killing = by_id["shah-bakhsh-killing"]
    assert (killing["edtf"], killing["start"], killing["end"]) == ("../2024-02-24", "", "2024-02-24")
    assert killing["status"] == "claimed by Iranian military"


def test_csv_text_is_plain_with_markdown_stripped(out):
    rows = {r["id"]: r for r in read_csv(out / "events.csv")}
    text = rows["security-cooperation-agreement"]["text"]
    assert "announced by Jalil Abbas Jilani and Hossein Amir-Abdullahian at" in text
    assert "](" not in text and "actor:" not in text


def test_actors_csv_has_a_row_per_actor(out, view, briefing):
    rows = read_csv(out / "actors.csv")
    assert [r["id"] for r in rows] == [a.id for a in briefing.actors]
    for row, actor in zip(rows, briefing.actors, strict=True):
        assert (row["name"], row["kind"], row["permalink"]) == (actor.name, actor.kind, f"actors/{actor.id}.html")
        assert row["aliases"] == "; ".join(actor.aliases)
        assert row["events"] == str(len(view.events_of[actor.id]))
    jilani = next(r for r in rows if r["id"] == "jalil-abbas-jilani")
    assert jilani["roles"] == "Then Foreign Minister of the caretaker government (Caretaker government of Pakistan)"
    assert jilani["relations"] == "member of Caretaker government of Pakistan"


def test_quotes_csv_has_a_row_per_quote(out, view, briefing):
    rows = read_csv(out / "quotes.csv")
    assert [r["id"] for r in rows] == [q.id for q in briefing.quotes]
    for row, quote in zip(rows, briefing.quotes, strict=True):
        assert row["text"] == quote.text
        assert row["speaker_ids"] == "; ".join(quote.by)
        assert row["date"] == (view.date(quote.said).label if quote.said else "")
        assert row["event_id"] == quote.event and row["event"] == view.event[quote.event].title
        assert row["permalink"] == f"quotes.html#{quote.id}"
    assert rows[0]["speakers"] == "Pakistan"
    assert rows[1]["speakers"] == "unattributed in the source" and rows[1]["speaker_ids"] == ""
    assert [r["date"] for r in rows] == ["17 January 2024", ""]  # the unattributed quote is undated


def test_csv_quotes_awkward_text_and_defuses_formulas(scratch, tmp_path):
    scratch.edit("events.yml", "title: Pakistan's retaliatory airstrike in Iran", """title: '=HYPERLINK("x") "strike", in Iran; done'""")
    scratch.edit("events.yml", "place: Pakistani territory", "place: '@Pakistani territory'")
    rows = {r["id"]: r for r in read_csv(written(checked(scratch.folder), tmp_path / "out") / "events.csv")}
    assert rows["pakistan-strike-in-iran"]["title"] == """'=HYPERLINK("x") "strike", in Iran; done"""
    assert rows["shah-bakhsh-killing"]["place"] == "'@Pakistani territory"


# --- iCalendar --------------------------------------------------------------------------

EXPECTED_DAYS = {  # event id: (DTSTART, DTEND), DTEND exclusive
    "jaish-al-adal-emerges": (date(2012, 1, 1), date(2013, 1, 1)),  # a year: the whole year
    "police-station-attack": (date(2023, 12, 1), date(2024, 1, 1)),  # a month: the whole month
    "iran-enters-pakistan": (date(2024, 1, 1), date(2024, 2, 1)),  # c. January 2024
    "pakistan-strike-in-iran": (date(2024, 2, 24), date(2024, 2, 25)),  # on or before: its last day
    "security-cooperation-agreement": (date(2024, 1, 1), date(2024, 2, 1)),
    "iran-strikes-in-pakistan": (date(2024, 1, 16), date(2024, 1, 17)),  # a day
    "pakistan-recalls-ambassador": (date(2024, 1, 17), date(2024, 1, 18)),
    "shah-bakhsh-killing": (date(2024, 2, 24), date(2024, 2, 25)),  # on or before: its last day
    "claim-broadcast": (date(2024, 2, 24), date(2024, 2, 25)),
}


def test_calendar_has_every_event_as_an_all_day_event(out, view, briefing):
    calendar = icalendar.Calendar.from_ical((out / "chronology.ics").read_bytes())
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    events = calendar_events(out / "chronology.ics")
    assert list(events) == [f"{e.id}@iran-pakistan-2024.briefbook" for e in view.events]
    assert {uid.split("@")[0]: (e.decoded("dtstart"), e.decoded("dtend")) for uid, e in events.items()} == EXPECTED_DAYS
    for event in view.events:
        item = events[f"{event.id}@iran-pakistan-2024.briefbook"]
        assert item.decoded("dtstamp") == datetime(2024, 2, 24, tzinfo=UTC)
        assert str(item["summary"]).startswith(event.title)
        assert f"chronology.html#{event.id}" in str(item["description"])
        assert ("location" in item) == (event.place is not None)


def test_calendar_states_precision_claims_and_accounts(out):
    events = calendar_events(out / "chronology.ics")
    attack = events["police-station-attack@iran-pakistan-2024.briefbook"]
    description = str(attack["description"])
    assert description.startswith("Date: December 2023 (known to the month")
    assert "Claimed by Jaish al-Adal: Jaish al-Adal claimed responsibility for the attack." in description
    assert "Sources: [Iran's military forces claim to have killed Jaish al-Adal commander in Pakistani territory]" in description
    assert str(attack["location"]) == "Sistan Baluchistan, Iran"
    killing = events["shah-bakhsh-killing@iran-pakistan-2024.briefbook"]
    assert str(killing["summary"]).endswith("(claimed by Iranian military)")
    assert "on or before 24 February 2024 (at the latest" in str(killing["description"])
    assert str(events["claim-broadcast@iran-pakistan-2024.briefbook"]["summary"]) == "Iran International English broadcasts the claim, citing state media"


def test_calendar_lines_are_folded_at_75_octets_without_splitting_a_character(out):
    data = (out / "chronology.ics").read_bytes()
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) == 75, "long lines are folded, to the full 75 octets"
    for line in lines:
        line.decode()  # each physical line is whole UTF-8: no character split by a fold
    assert any(not line.isascii() for line in lines if line.startswith(b" "))


@pytest.mark.parametrize("value", [
    "plain", "a, b; c \\ d", "line\nbreak\r\nand\rreturn", "ü" * 80, "x" * 73 + "\\,yz", "€ 10" * 40, "a" * 74 + "😀" + "b" * 80,
])
def test_calendar_text_reads_back_as_written(value):
    from generator.render.exports.ical import fold, text

    line = fold("SUMMARY:" + text(value))
    physical = line.split(b"\r\n")[:-1]
    assert all(len(part) <= 75 for part in physical) and all(part.startswith(b" ") for part in physical[1:])
    event = icalendar.Event.from_ical(b"BEGIN:VEVENT\r\n" + line + b"END:VEVENT\r\n")
    assert str(event["summary"]) == value.replace("\r\n", "\n").replace("\r", "\n")


def test_calendar_reads_back_as_icalendar_writes_it(multi, tmp_path):
    """Parsed by `icalendar` and written again by it, the calendar has the same content lines,
    in the same order, as briefbook wrote (folds aside)."""
    for folder in (EXAMPLE, multi.folder):
        ours = (written(checked(folder), tmp_path / folder.name) / "chronology.ics").read_bytes()
        again = icalendar.Calendar.from_ical(ours).to_ical()
        unfold = lambda data: data.replace(b"\r\n ", b"").split(b"\r\n")  # noqa: E731
        # icalendar reads X- properties as raw text, so it writes back their escapes as they are.
        assert unfold(again) == unfold(ours)
        assert len(unfold(ours)) > 20


def test_calendar_gives_geo_for_coordinates_and_spans_for_intervals(scratch, tmp_path):
    scratch.edit("events.yml", "    place: Along the Pakistan border\n", "    place: Along the Pakistan border\n    coordinates: {latitude: 27.5, longitude: 62.25}\n")
    scratch.edit("events.yml", "date: ../2024-02-24\n    place: Pakistani territory", "date: 2024-02-20/2024-02-22\n    place: Pakistani territory")
    scratch.edit("events.yml", "        text: Jaish al-Adal claimed responsibility for the attack.\n", "        text: Jaish al-Adal claimed responsibility for the attack.\n        date: 2023-12-20\n")
    events = calendar_events(written(checked(scratch.folder), tmp_path / "out") / "chronology.ics")
    geo = events["iran-strikes-in-pakistan@b.briefbook"]["geo"]
    assert (geo.latitude, geo.longitude) == (27.5, 62.25)
    assert all("geo" not in e for uid, e in events.items() if not uid.startswith("iran-strikes-in-pakistan@"))
    killing = events["shah-bakhsh-killing@b.briefbook"]
    assert (killing.decoded("dtstart"), killing.decoded("dtend")) == (date(2024, 2, 20), date(2024, 2, 23))
    assert "20–22 February 2024 (a span of days" in str(killing["description"])
    attack = str(events["police-station-attack@b.briefbook"]["description"])
    assert "Claimed by Jaish al-Adal, dated 20 December 2023: Jaish al-Adal claimed responsibility" in attack


# --- GeoJSON ----------------------------------------------------------------------------

# RFC 7946, as much of it as a FeatureCollection of Points uses.
POSITION = {"type": "array", "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180}, {"type": "number", "minimum": -90, "maximum": 90}], "minItems": 2, "maxItems": 3}
GEOJSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": {"type": "object", "required": ["type", "coordinates"], "properties": {"type": {"const": "Point"}, "coordinates": POSITION}},
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}


def test_geojson_without_coordinates_is_an_empty_collection(scratch, tmp_path):
    (scratch.folder / "places.yml").unlink()
    for line, count in (("    places: [sistan-baluchistan]\n", 1), ("    places: [pakistan-border]\n", 1), ("    places: [iran]\n", 1), ("    places: [pakistan]\n", 2)):
        scratch.edit("events.yml", line, "", count)
    data = json.loads((written(checked(scratch.folder), tmp_path / "out") / "events.geojson").read_bytes())
    jsonschema.Draft202012Validator(GEOJSON_SCHEMA).validate(data)
    assert data == {"type": "FeatureCollection", "features": []}


def test_geojson_has_a_point_per_located_event(scratch, tmp_path):
    scratch.edit("events.yml", "    place: Along the Pakistan border\n", "    place: Along the Pakistan border\n    coordinates: {latitude: 27.5, longitude: 62.25}\n")
    scratch.edit("events.yml", "    place: Sistan Baluchistan, Iran\n", "    place: Sistan Baluchistan, Iran\n    coordinates: {latitude: -29.5, longitude: 60.9}\n")
    data = json.loads((written(checked(scratch.folder), tmp_path / "out") / "events.geojson").read_bytes())
    jsonschema.Draft202012Validator(GEOJSON_SCHEMA).validate(data)
    # The places with coordinates, then the located events in chronology order.
    assert [f["id"] for f in data["features"]] == ["place:pakistan", "place:iran", "police-station-attack", "iran-strikes-in-pakistan", "iran-enters-pakistan", "pakistan-strike-in-iran", "shah-bakhsh-killing"]
    attack, strikes = data["features"][2], data["features"][3]
    assert attack["geometry"] == {"type": "Point", "coordinates": [60.9, -29.5]}  # [longitude, latitude]
    assert strikes["geometry"]["coordinates"] == [62.25, 27.5]
    assert strikes["properties"] == {
        "kind": "event",
        "id": "iran-strikes-in-pakistan",
        "title": "Iran's missile and drone strikes on Jaish al-Adal along the Pakistan border",
        "date": "late night, 16 January 2024",
        "edtf": "2024-01-16",
        "start": "2024-01-16",
        "end": "2024-01-16",
        "place": "Along the Pakistan border",
        "places": ["pakistan-border"],
        "located_by": "coordinates",
        "stance": "reported",
        "status": "reported",
        "actors": ["Iran", "Pakistan", "Jaish al-Adal"],
        "permalink": "chronology.html#iran-strikes-in-pakistan",
    }


# --- TimelineJS -------------------------------------------------------------------------

# From TimelineJS's documented JSON format (timeline.knightlab.com/docs/json-format.html):
# slides with a required start_date (except the title), date objects with a required
# numeric year, text objects of HTML headline and text, unique_id a string.
TIMELINE_DATE = {
    "type": "object",
    "required": ["year"],
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "display_date": {"type": "string"},
    },
    "additionalProperties": False,
}
TIMELINE_TEXT = {"type": "object", "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}, "additionalProperties": False}
TIMELINE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["events"],
    "properties": {
        "title": {"type": "object", "properties": {"text": TIMELINE_TEXT}, "additionalProperties": False},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date"],
                "properties": {
                    "start_date": TIMELINE_DATE,
                    "end_date": TIMELINE_DATE,
                    "display_date": {"type": "string"},
                    "text": TIMELINE_TEXT,
                    "group": {"type": "string"},
                    "unique_id": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def read_timeline(folder: Path) -> dict:
    data = json.loads((folder / "timeline.json").read_bytes())
    jsonschema.Draft202012Validator(TIMELINE_SCHEMA).validate(data)
    return data


def test_timeline_has_a_slide_per_event_with_dates_at_their_precision(out, view):
    data = read_timeline(out)
    assert data["title"]["text"]["headline"] == view.meta.title
    assert "TLP:CLEAR" in data["title"]["text"]["text"]
    slides = {s["unique_id"]: s for s in data["events"]}
    assert list(slides) == [e.id for e in view.events]
    assert slides["jaish-al-adal-emerges"]["start_date"] == {"year": 2012, "display_date": "2012"}
    assert slides["iran-enters-pakistan"]["start_date"] == {"year": 2024, "month": 1, "display_date": "c. January 2024"}
    assert slides["pakistan-strike-in-iran"]["start_date"] == {"year": 2024, "month": 2, "day": 24, "display_date": "on or before 24 February 2024"}
    assert slides["iran-strikes-in-pakistan"]["start_date"] == {"year": 2024, "month": 1, "day": 16, "display_date": "late night, 16 January 2024"}
    assert slides["shah-bakhsh-killing"]["start_date"] == {"year": 2024, "month": 2, "day": 24, "display_date": "on or before 24 February 2024"}
    assert all("end_date" not in s for s in slides.values())
    assert slides["shah-bakhsh-killing"]["group"] == "Claimed" and slides["claim-broadcast"]["group"] == "Reported"
    assert slides["shah-bakhsh-killing"]["text"]["headline"].endswith("(claimed by Iranian military)")
    assert "<strong>Alleged by Pakistan:</strong> Two boys were killed" in slides["iran-strikes-in-pakistan"]["text"]["text"]


def test_timeline_escapes_text_and_gives_ranges_and_clock_times(scratch, tmp_path):
    scratch.edit("events.yml", "title: Pakistan's retaliatory airstrike in Iran", "title: <script>alert(1)</script> & co")
    scratch.edit("events.yml", "          In response to Iran's [airstrikes", "          <img src=x onerror=alert(1)> In response to *Iran's* [airstrikes")
    scratch.edit("events.yml", "date: ../2024-02-24\n    place: Pakistani territory", "date: 2024-02-20/2024-02-22\n    place: Pakistani territory")
    scratch.edit("events.yml", "time: late night", 'time: "23:30"')
    scratch.edit("events.yml", "text: Two boys were killed and three girls were injured in the attack.", 'text: "- Two boys were killed\\n- three girls were injured"')
    slides = {s["unique_id"]: s for s in read_timeline(written(checked(scratch.folder), tmp_path / "out"))["events"]}
    strike = slides["pakistan-strike-in-iran"]["text"]
    assert strike["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert strike["text"].startswith("<p>&lt;img src=x onerror=alert(1)&gt; In response to <em>Iran's</em> airstrikes in Pakistan, Pakistan launched")
    killing = slides["shah-bakhsh-killing"]
    assert killing["start_date"] == {"year": 2024, "month": 2, "day": 20, "display_date": "20–22 February 2024"}
    assert killing["end_date"] == {"year": 2024, "month": 2, "day": 22}
    assert killing["display_date"] == "20–22 February 2024"
    strikes = slides["iran-strikes-in-pakistan"]
    assert strikes["start_date"] == {"year": 2024, "month": 1, "day": 16, "hour": 23, "minute": 30, "display_date": "23:30, 16 January 2024"}
    assert "<p><strong>Alleged by Pakistan:</strong></p>\n<ul>\n<li>Two boys were killed</li>" in strikes["text"]["text"]


# --- Markdown -------------------------------------------------------------------------


def test_markdown_to_plain_text():
    assert plain("A *b* [Jilani](actor:jalil-abbas-jilani) `c`\nd\n\n[e](https://example.org/x) [https://example.org](https://example.org)") == (
        "A b Jilani c d\ne (https://example.org/x) https://example.org"
    )
    assert plain(None) == "" and plain("<b>x</b>") == "<b>x</b>"


def test_markdown_to_html_for_timelinejs():
    assert html("[Jilani](actor:jalil-abbas-jilani) **said** <b>x</b>") == "<p>Jilani <strong>said</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"
    assert html("[x](https://example.org)") == '<p><a href="https://example.org" rel="external noopener noreferrer">x</a></p>\n'
    assert html("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>\n"
