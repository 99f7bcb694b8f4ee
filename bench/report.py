"""The bench's results as Markdown tables, and the README's performance tables rewritten
from them (between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`).

Every table is made from the results' JSON alone (bench/out/results.json), so that
`python bench/run.py --readme-only` can put a run's tables in the README without measuring
again.
"""

from __future__ import annotations

from pathlib import Path

from peers import LABELS, PHASES

COUNTS = ("events", "actors", "quotes", "claims", "documents")
COMMANDS = ("check", "build", "rebuild", "same", "pdf")
HEADS = {"check": "check", "build": "build", "rebuild": "rebuild", "same": "no change", "pdf": "pdf"}
PHASE_HEADS = {"cold": "cold", "edit": "after an edit", "same": "no change"}
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PAGE_KINDS = ("overview", "chronology", "actor", "actors index", "place", "places", "source", "sources index", "quotes", "claims", "updates", "home", "search")


def row(cells: list) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def header(cells: list[str]) -> list[str]:
    return [row(cells), "|" + "---|" * len(cells)]


def seconds(value: float) -> str:
    return f"{value:.2f}"


def ratio(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.2f}" if theirs else "n/a"


def sizes_table(rows: list[dict]) -> str:
    """One line per size: its counts, then wall seconds and peak MiB of each command."""
    lines = header(["size", *COUNTS, "generate s"] + [f"{HEADS[c]} {unit}" for c in COMMANDS for unit in ("s", "MiB")])
    for result in rows:
        cells = [result["size"], *(f"{result[c]:,}" for c in COUNTS), seconds(result["seconds"])]
        for command in COMMANDS:
            value = result.get(command, "n/a")
            cells += [seconds(value["wall"]), f"{value['mib']:.0f}"] if isinstance(value, dict) else [value, value]
        lines.append(row(cells))
    return "\n".join(lines)


def peers_table(result: dict) -> str:
    """briefbook and the other tools on one size: cpu and wall seconds of each build, the
    ratio briefbook ÷ tool of each, and the highest peak memory."""
    peers = result["peers"]
    mine = peers["briefbook"]
    cells = ["tool"]
    for phase in PHASES:
        cells += [f"{PHASE_HEADS[phase]}: cpu s", "wall s", "÷ cpu", "÷ wall"]
    lines = header([*cells, "peak MiB", "files written with no change"])
    rewritten = result.get("rewritten", {})
    for name, phases in peers.items():
        cells = [LABELS[name]]
        for phase in PHASES:
            figures = phases[phase]
            cells += [seconds(figures["cpu"]), seconds(figures["wall"])]
            cells += ["", ""] if name == "briefbook" else [ratio(mine[phase]["cpu"], figures["cpu"]), ratio(mine[phase]["wall"], figures["wall"])]
        cells.append(f"{max(phases[p]['mib'] for p in PHASES):.0f}")
        written, files = rewritten.get(name, ("", ""))
        cells.append(f"{written:,} of {files:,}" if files != "" else "")
        lines.append(row(cells))
    runs = mine["cold"]["runs"]
    pages = result.get("pages")
    lines.append("")
    lines.append(
        f"Size {result['size']}: {pages:,} pages; medians of {runs} run{'s' * (runs != 1)}, the tools in turn. "
        "÷ is briefbook ÷ the tool (below 1: briefbook takes less). The cold builds are like for like; "
        "after an edit and with no change, briefbook and MkDocs (`build --dirty`) build again their own way, "
        "the Jinja2 script and Hugo build everything again."
    )
    return "\n".join(lines)


def targets_table(result: dict) -> str:
    """Issue 14's targets for one size, each with what was measured and whether it is met."""
    peers, weight = result["peers"], result["weight"]
    mine = peers["briefbook"]
    checks = []  # (target, measured, met)
    if "hugo" in peers:
        hugo = peers["hugo"]["cold"]["wall"]
        checks += [
            ("cold build ≤ 1.5× Hugo's wall time", mine["cold"]["wall"] / hugo, 1.5),
            ("after an edit ≤ 0.3× Hugo's cold build", mine["edit"]["wall"] / hugo, 0.3),
            ("no change ≤ 0.1× Hugo's cold build", mine["same"]["wall"] / hugo, 0.1),
        ]
    if "mkdocs" in peers:
        checks.append(("cold build ≤ 0.25× MkDocs' wall time", mine["cold"]["wall"] / peers["mkdocs"]["cold"]["wall"], 0.25))
    checks.append(("after an edit ≤ 0.1× briefbook's own cold build", mine["edit"]["wall"] / mine["cold"]["wall"], 0.1))
    lines = header(["target (issue 14)", "measured", "met"])
    lines += [row([target, f"{value:.2f}×", "yes" if value <= limit else "no"]) for target, value, limit in checks]
    peak = max(mine["edit"]["mib"], mine["same"]["mib"])
    lines.append(row(["a rebuild's peak memory ≤ a cold build's", f"{peak:.0f} MiB against {mine['cold']['mib']:.0f}", "yes" if peak <= mine["cold"]["mib"] else "no"]))
    lines.append(row(["a cold build's peak memory ≤ 500 MiB", f"{mine['cold']['mib']:.0f} MiB", "yes" if mine["cold"]["mib"] <= 500 else "no"]))
    written, files = result.get("rewritten", {}).get("briefbook", (None, None))
    if files is not None:
        lines.append(row(["no change rewrites no file", f"{written:,} of {files:,} written", "yes" if written == 0 else "no"]))
    lines.append(row(["every page < 100 KB gzipped", f"{weight['over']} of {weight['pages']:,} over", "yes" if weight["over"] == 0 else "no"]))
    cores = mine["cold"]["cpu"] / mine["cold"]["wall"]
    lines.append(row(["both cores used in a cold build", f"cpu ÷ wall {cores:.2f}", "yes" if cores > 1.2 else "no"]))
    return "\n".join(lines)


def pdf_table(rows: list[dict]) -> str:
    """briefbook's PDF beside WeasyPrint laying out plain prose of the same page count."""
    lines = header([
        "size", "pdf pages", "cpu s", "pages per cpu-s", "peak MiB", "prose pages", "cpu s", "pages per cpu-s", "peak MiB",
        "speed ÷ prose (target ≥ 0.7)", "memory ÷ prose (target ≤ 2)",
    ])
    for result in rows:
        pdf, prose = result.get("pdf"), result.get("prose")
        if not isinstance(pdf, dict) or not prose:
            continue
        speed = [figures["pages"] / figures["cpu"] for figures in (pdf, prose)]
        lines.append(row([
            result["size"], pdf["pages"], seconds(pdf["cpu"]), f"{speed[0]:.1f}", f"{pdf['mib']:.0f}",
            prose["pages"], seconds(prose["cpu"]), f"{speed[1]:.1f}", f"{prose['mib']:.0f}",
            f"{speed[0] / speed[1]:.2f}", f"{pdf['mib'] / prose['mib']:.2f}",
        ]))
    return "\n".join(lines) if len(lines) > 2 else ""


def kind_order(kind: str) -> tuple:
    """Pages first (the known kinds in reading order, then any new kind), then the search
    index, the assets, the exports and the site's other files."""
    if kind in PAGE_KINDS:
        return (0, PAGE_KINDS.index(kind), kind)
    for rank, prefix in enumerate(("search index", "asset", "export", "site "), start=2):
        if kind.startswith(prefix):
            return (rank, 0, kind)
    return (1, 0, kind)


def weight_table(rows: list[dict]) -> str:
    """Gzipped KB of the largest file of each kind, for each size built; pages over the limit."""
    measured = [r for r in rows if r.get("weight")]
    if not measured:
        return ""
    kinds = sorted({k for r in measured for k in r["weight"]["kinds"]}, key=kind_order)
    lines = header(["largest of each kind, KB gzipped", *(r["size"] for r in measured)])
    for kind in kinds:
        cells = [kind]
        for result in measured:
            found = result["weight"]["kinds"].get(kind)
            cells.append(f"{found['gzip'] / 1000:,.1f}" if found else "")
        lines.append(row(cells))
    limit = measured[0]["weight"]["limit"] // 1000
    lines.append(row([f"**pages over {limit} KB gzipped**", *(f"{r['weight']['over']} of {r['weight']['pages']:,}" for r in measured)]))
    return "\n".join(lines)


def measured(rows: list[dict]) -> str:
    """When and with which options the rows were measured (several runs when added up)."""
    runs: dict[str, list[str]] = {}
    for result in rows:
        settings = result.get("settings")
        if settings:
            options = f"--runs {settings['runs']} --peers {','.join(settings['peers']) or 'none'} --pdf-sizes {','.join(settings['pdf_sizes']) or 'none'}"
            runs.setdefault(f"{settings['date']}|{options}", []).append(result["size"])
    said = [f"{key.split('|')[0]} with `bench/run.py --sizes {','.join(sizes)} {key.split('|')[1]}`" for key, sizes in runs.items()]
    return f"Measured {'; and '.join(said)}." if said else ""


def tables(rows: list[dict]) -> str:
    """Every table, as one Markdown text, after a line saying how they were measured."""
    parts = [line for line in [measured(rows)] if line]
    parts += ["### Per size (wall seconds, peak MiB)", sizes_table(rows)]
    compared = [r for r in rows if r.get("peers") and len(r["peers"]) > 1]
    for result in compared:
        parts += [f"### Against other tools, size {result['size']}", peers_table(result)]
    if compared:  # the targets are set for the largest size (l): judged on the largest measured
        largest = max(compared, key=lambda r: r["events"])
        parts += [f"### Issue 14's targets, size {largest['size']}", targets_table(largest)]
    pdf = pdf_table(rows)
    if pdf:
        parts += ["### PDF against plain prose (whole processes, one run each)", pdf]
    weight = weight_table(rows)
    if weight:
        parts += ["### Page weight (gzip -9n; KB = 1,000 bytes)", weight]
    return "\n\n".join(parts) + "\n"


def rewrite_readme(readme: Path, text: str) -> None:
    """Put `text` between the bench markers of the README, leaving the rest as it is."""
    old = readme.read_text(encoding="utf-8")
    start, end = old.find(BEGIN), old.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme} has no {BEGIN} ... {END} markers to write the tables between")
    readme.write_text(old[: start + len(BEGIN)] + "\n" + text + old[end:], encoding="utf-8")
