"""Re-reading edited fact files item by item gives exactly what reading them afresh gives."""

from __future__ import annotations

import random
from pathlib import Path

from generator import pipeline
from generator.model import walk
from generator.render import briefing_json
from generator import listfile, reread
from generator.reread import FactFiles


def outcome(folder: Path, files: FactFiles | None = None) -> tuple:
    """Everything a check establishes: problems, the briefing as JSON, and every position."""
    briefings, problems = pipeline.check([folder], files)
    b = briefings[0]
    positions = [
        (type(f).__name__, f.at.at, f.at.keys, f.at.values, f.at.items)
        for f in walk([b.meta, b.sources, b.actors, b.events, b.claims, b.quotes])
        if f.at is not None
    ]
    return [str(p) for p in problems], briefing_json(b), positions


def agree(folder: Path, files: FactFiles) -> None:
    assert outcome(folder, files) == outcome(folder), "re-reading differs from reading afresh"


EDITS = [
    # (file, old, new): a title, a line added inside an item, an item removed and put back
    ("events.yml", "title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded"),
    ("events.yml", "  - id: claim-broadcast\n", "  - id: claim-broadcast\n    added: 2024-02-24\n"),
    ("events.yml", "  - id: claim-broadcast\n    added: 2024-02-24\n", "  - id: claim-broadcast\n"),
    # errors inside one item: an unknown key, a bad date, a duplicate key, broken YAML
    ("events.yml", "title: Jaish al-Adal is founded", "titel: Jaish al-Adal is founded"),
    ("events.yml", "titel: Jaish al-Adal is founded", "title: Jaish al-Adal is founded\n    title: twice"),
    ("events.yml", "title: Jaish al-Adal is founded\n    title: twice", "title: [Jaish al-Adal"),
    ("events.yml", "title: [Jaish al-Adal", "title: Jaish al-Adal emerges"),
    # nesting one level short of the limit in the item, which is at the limit in the file
    ("events.yml", "title: Jaish al-Adal emerges", "title: " + "[" * 62 + "]" * 62),
    ("events.yml", "title: " + "[" * 62 + "]" * 62, "title: Jaish al-Adal emerges"),
    # the structure around the items: a key above the list, a dash moved, comments
    ("events.yml", "events:\n", "# the events\nevents:\n"),
    ("events.yml", "  - id: claim-broadcast\n", "  -   id: claim-broadcast\n"),
    ("events.yml", "  -   id: claim-broadcast\n", "  # the broadcast\n  - id: claim-broadcast\n"),
    # document markers, which mean one thing in a stretch alone and another in the file
    ("events.yml", "  # the broadcast\n", "  # the broadcast\n  # of the claim\n  # on television\n"),
    ("events.yml", "  # the broadcast\n", "...\n"),
    ("events.yml", "...\n", "---\n"),
    ("events.yml", "---\n", ""),
    ("actors.yml", "name: Iranian state media", "name: Iran's state media"),
    ("actors.yml", "  - id: al-arabiya-news\n", "  - id: al-arabiya-news\n    aliases: [Al Arabiya]\n"),
]


def test_each_edit_is_read_as_a_fresh_read_would(scratch):
    files = FactFiles()
    agree(Path("b"), files)
    for name, old, new in EDITS:
        scratch.edit(name, old, new)
        agree(Path("b"), files)


def test_random_line_edits_are_read_as_a_fresh_read_would(scratch):
    """Values changed, lines added, repeated, swapped and deleted, items removed and doubled,
    comments and blank lines put in, at random; now and then something breaks the YAML."""
    files = FactFiles()
    rng = random.Random(20241126)
    path = scratch.folder / "events.yml"
    original = path.read_text(encoding="utf-8")
    spliced = 0
    for step in range(150):
        lines = path.read_text(encoding="utf-8").split("\n")
        i = rng.randrange(2, len(lines))
        items = [n for n, line in enumerate(lines) if line.startswith("  - ")]
        match rng.choice(["value", "value", "comment", "blank", "repeat", "delete", "swap", "item", "item", "break", "restore"]):
            case "value" if ": " in lines[i]:
                lines[i] += " x"
            case "comment":
                lines.insert(i, " " * rng.choice([0, 2, 4]) + "# note")
            case "blank":
                lines.insert(i, "")
            case "repeat":
                lines.insert(i, lines[i])
            case "delete":
                del lines[i]
            case "swap" if i + 1 < len(lines):
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            case "item" if len(items) > 2:
                k = rng.randrange(len(items) - 1)
                chunk = lines[items[k] : items[k + 1]]
                lines[items[k] : items[k + 1]] = chunk * rng.choice([0, 2])
            case "break":
                lines[i] = lines[i].replace(":", " [", 1)
            case "restore":
                lines = original.split("\n")
        path.write_text("\n".join(lines), encoding="utf-8")
        before = files.spliced
        agree(Path("b"), files)
        spliced += files.spliced > before
        if any("YAML syntax error" in p for p in outcome(Path("b"))[0]):
            path.write_text(original, encoding="utf-8")  # the next edits start from a file that parses
    assert spliced >= 30, f"only {spliced} edits were read item by item"


def test_files_with_crlf_line_breaks_are_read_item_by_item_too(scratch):
    path = scratch.folder / "events.yml"

    def edit(old: bytes, new: bytes) -> None:  # as bytes: reading as text would turn CRLF into LF
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))

    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    files = FactFiles()
    agree(Path("b"), files)
    edit(b"title: Jaish al-Adal emerges", b"title: Jaish al-Adal is founded")
    agree(Path("b"), files)
    edit(b"  - id: claim-broadcast\r\n", b"  - id: claim-broadcast\r\n    added: 2024-02-24\r\n")
    agree(Path("b"), files)
    assert files.spliced == 2
    edit(b"title: Jaish al-Adal is founded", b"title: Jaish\ral-Adal")  # a CR alone breaks a line in YAML
    agree(Path("b"), files)
    assert files.spliced == 2, "a file with a CR alone is read whole"


def test_remembered_files_survive_a_new_process(scratch, tmp_path):
    """What one build saves, the next one loads: an edit then reads only the items it touched."""
    saved = tmp_path / "facts.pickle"
    files = FactFiles(saved, "v1")
    pipeline.check([Path("b")], files)
    files.save()
    scratch.edit("events.yml", "  - id: claim-broadcast\n", "  - id: claim-broadcast\n    added: 2024-02-24\n")
    loaded = FactFiles(saved, "v1")
    assert loaded.files, "nothing was remembered"
    agree(Path("b"), loaded)
    assert loaded.read_anew == 1 and loaded.items > 20, "only the edited item is read anew"
    assert FactFiles(saved, "v2").files == {}, "another version of briefbook must start afresh"


def _chunks(saved: Path) -> dict[str, list[bytes]]:
    """The pickled chunks of each remembered file, in order."""
    return {name.split("\0")[1]: list(dict.fromkeys(item.chunk.blob for item in state.items)) for name, state in FactFiles(saved, "v1").files.items()}


def test_a_save_after_an_edit_keeps_every_chunk_the_edit_left_whole(scratch, tmp_path, monkeypatch):
    """Outcomes are saved in chunks of consecutive items: a save after an edit pickles again
    only the chunk holding the edited item, the chunks after it keep their bytes though their
    items moved, and each save reads back as a fresh read does."""
    monkeypatch.setattr(listfile, "CHUNK", 2)
    saved = tmp_path / "facts.pickle"
    files = FactFiles(saved, "v1")
    pipeline.check([Path("b")], files)
    files.save()
    before = _chunks(saved)
    assert len(before["b/events.yml"]) > 3
    for old, new in [
        ("  - id: claim-broadcast\n", "  - id: claim-broadcast\n    added: 2024-02-24\n"),  # moves the items after it
        ("title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded"),
        ("  - id: claim-broadcast\n    added: 2024-02-24\n", "  - id: claim-broadcast\n"),
    ]:
        scratch.edit("events.yml", old, new)
        files = FactFiles(saved, "v1")
        agree(Path("b"), files)
        assert files.read_anew == 1
        files.save()
        after = _chunks(saved)
        assert len(set(after["b/events.yml"]) - set(before["b/events.yml"])) == 1, "one chunk pickled again"
        assert len(after["b/events.yml"]) == len(before["b/events.yml"])
        assert after["b/actors.yml"] == before["b/actors.yml"], "an unedited file keeps its chunks"
        before = after
    agree(Path("b"), FactFiles(saved, "v1"))


def test_one_process_saving_after_each_edit_keeps_what_a_fresh_read_gives(scratch, tmp_path, monkeypatch):
    """As `serve` does: one FactFiles re-reads and saves after each edit; its chunks, made by
    one save and kept whole by the next, still load as a fresh read."""
    monkeypatch.setattr(listfile, "CHUNK", 2)
    saved = tmp_path / "facts.pickle"
    files = FactFiles(saved, "v1")
    for name, old, new in [(None, "", ""), *EDITS[:3], next(e for e in EDITS if e[0] == "actors.yml")]:
        if name:
            scratch.edit(name, old, new)
        agree(Path("b"), files)
        files.save()
        agree(Path("b"), FactFiles(saved, "v1"))


def test_the_lines_an_edit_left_the_same_are_counted_as_line_by_line():
    """The shared lines found from the shared characters (reread._same_lines) are those a
    comparison line by line finds, at the start and then at the end."""

    def common(a: list[str], b: list[str]) -> int:
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        return n

    rng = random.Random(14)
    pieces = ["a", "b", "\n", "é", "\n\n", "ab", "- id: x\n"]
    for _ in range(20_000):
        old = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        new = list(old)
        for _ in range(rng.randint(0, 3)):
            at = rng.randint(0, len(new))
            if rng.random() < 0.5 or not new:
                new.insert(at, rng.choice(pieces))
            else:
                del new[min(at, len(new) - 1)]
        new = "".join(new)
        a, b = old.split("\n"), new.split("\n")
        start = common(a, b)
        end = common(a[::-1][: len(a) - start], b[::-1][: len(b) - start])
        assert reread._same_lines(old, new, a, b) == (start, end), (old, new)
