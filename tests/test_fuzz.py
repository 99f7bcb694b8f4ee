"""Property-based fuzzing: mutated copies of the example briefing (bytes, lines, YAML values,
unicode) go through `check` and, when they pass, `build`, in-process. No exception may escape,
every problem must point at a file, line and column, and what is built must be well formed.

The suite runs a fixed, derandomized set of examples so that it stays fast and repeatable;
`./dev fuzz [N]` runs N random ones (default 2000): BRIEFBOOK_FUZZ_EXAMPLES and
BRIEFBOOK_FUZZ_RANDOM=1 are what it sets.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from generator import pipeline
from generator.problems import BriefbookError

EXAMPLES = int(os.environ.get("BRIEFBOOK_FUZZ_EXAMPLES", "30"))
RANDOM = os.environ.get("BRIEFBOOK_FUZZ_RANDOM") == "1"
FILES = {p.relative_to(EXAMPLE).as_posix(): p.read_bytes() for p in sorted(EXAMPLE.rglob("*")) if p.is_file()}
NAMES = sorted(FILES)

# Values that have broken parsers of this kind before: numbers out of range, dates at and past
# the ends of the calendar, YAML syntax and tags, escapes of characters no format can carry,
# paths out of the folder, over-long ids, markup.
HOSTILE = [
    '"Y170000002"', "9999-12-31", "0001-01-01", "2024-XX-1X", "2024-02-3X", "99999999999999999999 days ago",
    "9" * 5000 + " years ago", '"\\0"', '"\\x01\\uFFFE\\uFFFF"', '"\\uD800"', "\ufdd0", "[", "{", "*a", "&a x",
    "!!python/object/apply:os.system [id]", "../../../etc/passwd", '"documents/\\0x.txt"', "/dev/zero",
    "a" * 300, "<script>alert(1)</script>", "null", "~", '""', "- x", "? x", "|", ">-", "'", '"', "%", "@",
    "2024-02-24/2024-02-23", "../..", "1e400", "-1", "0x10", "yes", "2024-13-45", "\t", "\u202e", "\U0001F600",
    "[actor:nobody](actor:nobody)", "[x](javascript:alert(1))", "<!--", "]]>", "\\", "&amp;",
]

# Keys whose values are parsed rather than only shown: where hostile values do most harm.
KEYS = ["edtf", "wording", "date", "as_of", "published", "time", "id", "document", "language", "title", "excerpt", "text", "by", "source", "said", "latitude"]

mutation = st.one_of(
    st.tuples(st.just("key"), st.tuples(st.sampled_from(KEYS), st.integers(0, 50)), st.sampled_from(HOSTILE)),
    st.tuples(st.just("byte"), st.integers(0, 10**7), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.integers(0, 10**7), st.integers(1, 64)),
    st.tuples(st.just("line"), st.integers(0, 10**5), st.sampled_from(["drop", "double", "swap", "indent", "dedent"])),
    st.tuples(st.just("value"), st.integers(0, 10**5), st.sampled_from(HOSTILE)),
    st.tuples(st.just("text"), st.integers(0, 10**7), st.text(max_size=12)),
)


def mutate(data: bytes, change: tuple) -> bytes:
    kind, where, what = change
    if kind == "replace":  # every occurrence of a text: for the explicit examples below
        return data.replace(where.encode(), what.encode())
    if kind == "byte":
        at = where % (len(data) + 1)
        return data[:at] + bytes([what]) + data[at:]
    if kind == "delete":
        at = where % (len(data) + 1)
        return data[:at] + data[at + what :]
    if kind == "text":
        at = where % (len(data) + 1)
        return data[:at] + what.encode("utf-8", "surrogatepass") + data[at:]
    lines = data.split(b"\n")
    if kind == "key":  # the value of one occurrence of a key
        key, nth = where
        found = [i for i, line in enumerate(lines) if re.match(rb"^\s*(- )?" + key.encode() + rb": ", line)]
        if not found:
            return data
        where = found[nth % len(found)]
        kind = "value"
    i = where % len(lines)
    if kind == "line":
        if what == "drop":
            del lines[i]
        elif what == "double":
            lines.insert(i, lines[i])
        elif what == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif what == "indent":
            lines[i] = b"  " + lines[i]
        elif what == "dedent":
            lines[i] = lines[i][2:]
        return b"\n".join(lines)
    # "value": replace what follows the first ': ' (or '- ') on that line with a hostile value
    line = lines[i]
    for separator in (b": ", b"- "):
        if separator in line:
            lines[i] = line[: line.index(separator) + len(separator)] + what.encode("utf-8", "surrogatepass")
            break
    return b"\n".join(lines)


def positioned(problem, folder: Path) -> bool:
    """Whether a problem points at a real place: a path in the briefing folder, a line, a column."""
    mark = problem.mark
    return mark.path.startswith(f"{folder.name}/") and mark.line >= 1 and mark.column >= 1


def run(files: dict[str, bytes], work: Path) -> None:
    folder = work / "b"
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        _, problems = pipeline.check([Path("b")])
        unplaced = [str(p) for p in problems if not positioned(p, Path("b"))]
        assert unplaced == [], unplaced
        if any(p.severity == "error" for p in problems):
            return
        try:
            pipeline.build([Path("b")], Path("site"), None)
        except BriefbookError as err:  # check passed, so build must not find errors of its own
            raise AssertionError(f"build found what check did not: {[str(p) for p in err.problems]}") from None
        for feed in [Path("site/feed.atom"), Path("site/b/feed.atom")]:
            ElementTree.parse(feed)  # well-formed XML, whatever the text held
        calendar = Path("site/b/chronology.ics").read_bytes().decode("utf-8")
        assert not any(ord(c) < 32 and c not in "\r\n\t" for c in calendar)
    finally:
        os.chdir(cwd)


# Cases that broke briefbook before (issue 15), run first every time whatever the seed.
REGRESSIONS = [
    [("events.yml", ("replace", "wording: a month ago", "wording: 99999999999999999999 days ago"))],
    [("events.yml", ("replace", "title: Jaish al-Adal emerges", 'title: "Jaish\\x01 al-Adal\\uFFFE emerges"'))],
    [("briefing.yml", ("replace", "title: \"Iran and Pakistan", "title: \"\\x0cIran and Pakistan"))],
    [("sources.yml", ("replace", "document: documents/", 'document: "documents/\\0')), ("sources.yml", ("replace", "adal.txt\n", 'adal.txt"\n'))],
    [(name, ("replace", "iran-military", "i" * 300)) for name in NAMES if name.endswith(".yml")],
    [("events.yml", ("replace", "edtf: \"2012\"", "edtf: \"9999-12-31\""))],
]


def regressions(test):
    for case in REGRESSIONS:
        test = example(case)(test)
    return test


@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.tuples(st.sampled_from(NAMES), mutation), min_size=1, max_size=3))
@regressions
def test_mutated_briefings_never_raise_and_every_problem_has_a_position(changes):
    files = dict(FILES)
    for name, change in changes:
        files[name] = mutate(files[name], change)
    work = Path(tempfile.mkdtemp(prefix="briefbook-fuzz-"))
    try:
        run(files, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_unmutated_example_builds_in_the_fuzz_harness():
    """The harness itself works: the example passes check and is built and parsed."""
    work = Path(tempfile.mkdtemp(prefix="briefbook-fuzz-"))
    try:
        run(FILES, work)
        assert (work / "site" / "b" / "chronology.ics").is_file()
    finally:
        shutil.rmtree(work, ignore_errors=True)
