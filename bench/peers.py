"""briefbook and other tools building the same pages, measured in turn (issue 14's comparison).

Every tool builds, in its own folder, a copy of the corpus bench/pagetext.py made from
briefbook's built site (one Markdown page for each HTML page, with the same text); briefbook
builds the briefing itself. Each tool goes through three builds:

- **cold**: output and caches removed first;
- **edit**: after a one-line edit (briefbook: the first event's title in `events.yml`; the
  others: the first paragraph of the chronology's Markdown page);
- **same**: again, with nothing changed.

Only briefbook and MkDocs (`build --dirty`, which skips pages whose output is newer than their
source) have a way to build less than everything; for the Jinja2 script and Hugo, `edit` and
`same` are second full runs, in which only the operating system's file cache is warm. The cold
builds are like for like; the rebuilds compare each tool's own way of building again.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from proc import BIN, BRIEFBOOK, ENV, PYTHON, Run, run

BENCH = Path(__file__).resolve().parent
MKDOCS = BIN / "mkdocs"
PHASES = ("cold", "edit", "same")
LABELS = {
    "briefbook": "briefbook `build --no-pdf`",
    "mkdocs": "MkDocs 1.6, default theme",
    "material": "Material for MkDocs",
    "jinja": "Jinja2 + markdown-it-py, one template",
    "hugo": "Hugo (Debian's package), minimal layouts",
}
PEERS = ("mkdocs", "material", "jinja", "hugo")


def edit_title(events: Path) -> None:
    """A one-line change: the first event's title gets a word more (inside its quotes, if any);
    the title grows by one more word each time."""
    text = events.read_text(encoding="utf-8")
    edited = re.sub(r"^(\s+title: )(.+?)(['\"]?)$", r"\1\2 (revised)\3", text, count=1, flags=re.MULTILINE)
    if edited == text:
        sys.exit(f"no event title line to edit in {events}")
    events.write_text(edited, encoding="utf-8")


def edit_page(page: Path) -> None:
    """A one-line change to a Markdown page: its first paragraph after the front matter gets a
    word more."""
    lines = page.read_text(encoding="utf-8").split("\n")
    start = lines.index("---", 1) + 1
    line = next(i for i in range(start, len(lines)) if lines[i] and not lines[i].startswith(("#", "- ")))
    lines[line] += " (revised)"
    page.write_text("\n".join(lines), encoding="utf-8")


def page_to_edit(corpus: Path) -> Path:
    """The chronology's page (where briefbook's edit shows), else the largest page."""
    named = sorted(corpus.glob("*/chronology.md"))
    return named[0] if named else max(corpus.rglob("*.md"), key=lambda p: p.stat().st_size)


class Tool:
    """One tool's folder and commands. `content` is its copy of the pages, `out` its output."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name, self.folder = name, folder

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def out(self) -> Path:
        return self.folder / "site"

    def prepare(self, corpus: Path) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(corpus, self.content)

    def clear(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)

    def command(self, phase: str) -> list:
        raise NotImplementedError

    def edit(self, corpus: Path) -> None:
        edit_page(self.content / page_to_edit(corpus).relative_to(corpus))

    def build(self, phase: str) -> Run:
        if phase == "cold":
            self.clear()
        return run(self.command(phase), cwd=self.folder, env=self.env())

    def env(self) -> dict[str, str]:
        return ENV

    def pages_built(self) -> int:
        return sum(1 for _ in self.out.rglob("*.html"))

    def written(self) -> dict[str, tuple[int, int]]:
        """Each output file's inode and modification time: what changes when it is written."""
        files = (p for p in self.out.rglob("*") if p.is_file())
        return {str(p): (stat.st_ino, stat.st_mtime_ns) for p in files for stat in [p.stat()]}


class Briefbook(Tool):
    """briefbook itself, on the briefing (not the corpus): FOLDER/briefing, built into
    FOLDER/site, run in FOLDER (where its cache is)."""

    def prepare(self, corpus: Path) -> None:
        pass

    @property
    def content(self) -> Path:
        return self.folder / "briefing"

    def clear(self) -> None:
        if self.out.exists():
            run([BRIEFBOOK, "clean", "--out", self.out], cwd=self.folder)
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.folder / ".briefbook-cache", ignore_errors=True)

    def command(self, phase: str) -> list:
        return [BRIEFBOOK, "build", self.content, "--out", self.out, "--no-pdf"]

    def edit(self, corpus: Path) -> None:
        edit_title(self.content / "events.yml")


class MkDocs(Tool):
    """`mkdocs build`, cold; `mkdocs build --dirty` after: its own way of building less."""

    theme = "mkdocs"

    def prepare(self, corpus: Path) -> None:
        super().prepare(corpus)
        (self.folder / "mkdocs.yml").write_text(
            f"site_name: bench\ndocs_dir: {self.content}\nsite_dir: {self.out}\ntheme:\n  name: {self.theme}\n", encoding="utf-8"
        )

    def command(self, phase: str) -> list:
        return [MKDOCS, "build", "-q", "-f", self.folder / "mkdocs.yml", *([] if phase == "cold" else ["--dirty"])]


class Material(MkDocs):
    theme = "material"


class Jinja(Tool):
    def command(self, phase: str) -> list:
        return [PYTHON, BENCH / "plain_site.py", self.content, self.out]


class Hugo(Tool):
    """Hugo with the layouts in bench/hugo/. A folder's `index.md` is Hugo's `_index.md` (a
    section's page: an `index.md` would make the folder's other pages resources of it)."""

    def prepare(self, corpus: Path) -> None:
        super().prepare(corpus)
        for index in list(self.content.rglob("index.md")):
            index.rename(index.with_name("_index.md"))
        shutil.copytree(BENCH / "hugo" / "layouts", self.folder / "layouts")
        shutil.copy(BENCH / "hugo" / "hugo.toml", self.folder / "hugo.toml")

    def edit(self, corpus: Path) -> None:
        relative = page_to_edit(corpus).relative_to(corpus)
        edit_page(self.content / (relative.with_name("_index.md") if relative.name == "index.md" else relative))

    def clear(self) -> None:
        for name in ("site", "resources", ".hugo_build.lock", "cache"):
            path = self.folder / name
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    def command(self, phase: str) -> list:
        return [shutil.which("hugo") or "hugo", "--quiet", "--source", self.folder, "--destination", self.out]

    def env(self) -> dict[str, str]:
        return {**ENV, "HUGO_CACHEDIR": str(self.folder / "cache")}


KINDS = {"mkdocs": MkDocs, "material": Material, "jinja": Jinja, "hugo": Hugo}


def tools(names: list[str], work: Path) -> list[Tool]:
    """briefbook's tool in `work` (its briefing in work/briefing), the others' in work/peers/NAME."""
    return [Briefbook("briefbook", work)] + [KINDS[name](name, work / "peers" / name) for name in names]


@dataclass
class Compared:
    """Every tool's runs of each build, and how many files its last build with no change
    wrote (new, replaced or touched) of how many it has."""

    runs: dict[str, dict[str, list[Run]]]
    rewritten: dict[str, tuple[int, int]]


def compare(tools: list[Tool], corpus: Path, runs: int, log=print) -> Compared:
    """Every tool's three builds, `runs` rounds; in each round the tools take turns (the
    order rotating), so that a disturbance of the machine falls on all of them alike."""
    for tool in tools:
        tool.prepare(corpus)
    results = Compared({t.name: {p: [] for p in PHASES} for t in tools}, {})
    for round_ in range(runs):
        for tool in tools[round_ % len(tools):] + tools[: round_ % len(tools)]:
            for phase in PHASES:
                if phase == "edit":
                    tool.edit(corpus)
                before = tool.written() if phase == "same" else {}
                results.runs[tool.name][phase].append(tool.build(phase))
                if phase == "same":
                    after = tool.written()
                    results.rewritten[tool.name] = (sum(before.get(p) != s for p, s in after.items()), len(after))
            log(f"  {tool.name}: " + ", ".join(f"{p} {results.runs[tool.name][p][-1].wall:.2f} s" for p in PHASES))
    return results
