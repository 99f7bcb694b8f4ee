"""Time briefbook, and measure its peak memory, on briefings of growing size; against other
tools building the same pages, its PDFs against plain prose, and the weight of its pages.

    python bench/run.py [--sizes example,s,m,l] [--runs 3] [--peers mkdocs,material,jinja,hugo]
                        [--pdf-sizes example,s,m] [--out bench/out] [--add] [--readme [FILE]]
    python bench/run.py --readme-only      # the README's tables again from bench/out/results.json

For each size, in OUT/SIZE/: the briefing is generated (bench/synth.py), checked, built once
(the site the other tools' pages and the page weight come from: bench/pagetext.py,
bench/weight.py), then briefbook and the other tools build in turn, `--runs` rounds of a cold
build, a build after a one-line edit and one with no change (bench/peers.py); then the PDF
and plain prose of its page count (bench/prose.py) for the sizes in `--pdf-sizes`.

Each command runs in a fresh process, as an installed briefbook runs: its modules
byte-compiled beforehand (pip compiles them at install), whatever PYTHONDONTWRITEBYTECODE
says here, so that start-up is not timed compiling briefbook's source. How cpu time and peak
memory are read: bench/proc.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import peers
import prose
import report
from proc import BRIEFBOOK, PYTHON, ROOT, Failed, json_of, median, run

BENCH = Path(__file__).resolve().parent
SIZES = ("example", "s", "m", "l")  # as in synth.py, which is not imported: it would load YAML here
PDF_SIZES = "example,s,m"  # l only when asked: its PDF takes long


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compiled() -> None:
    """Byte-compile briefbook's package, as installing it would."""
    run([PYTHON, "-m", "compileall", "-q", ROOT / "generator"])


def check(size: str, work: Path) -> dict:
    """`briefbook check`; a synthetic briefing must pass without a single problem."""
    done = run([BRIEFBOOK, "check", "--format", "json", work / "briefing"], cwd=work)
    problems = json.loads(done.stdout)["problems"]
    if problems and size != "example":
        sys.exit(f"bench/synth.py made a briefing with problems; update it to the format:\n{json.dumps(problems[:20], indent=2)}")
    return done.figures()


def pdf(work: Path) -> dict:
    """`briefbook pdf` into an empty folder without a cache: its cost and its pages."""
    out = work / "pdf"
    if out.exists():
        run([BRIEFBOOK, "clean", "--out", out], cwd=work)
        shutil.rmtree(out)
    done = run([BRIEFBOOK, "pdf", work / "briefing", "--out", out], cwd=work)
    (made,) = out.rglob("*.pdf")
    return {"pages": json_of(prose.SCRIPT, "pages", made)["pages"], **done.figures()}


def measure(size: str, args: argparse.Namespace) -> dict:
    """One size: its counts, each command's figures, the comparison, the PDF, the weight."""
    work = args.out / size
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    result = {"size": size, **json_of(BENCH / "synth.py", size, work / "briefing")}
    log(f"{size}: generated in {result['seconds']:.2f} s")
    result["check"] = check(size, work)
    tools = peers.tools(args.peers, work)
    tools[0].build("cold")  # the site the pages to compare and the page weight come from
    result["weight"] = json_of(BENCH / "weight.py", work / "site")
    if args.peers:
        result.update(json_of(BENCH / "pagetext.py", work / "site", work / "corpus"))
    log(f"{size}: {result['weight']['pages']:,} pages, {result['weight']['over']} over 100 KB gzipped; builds in turn")
    compared = peers.compare(tools, work / "corpus", args.runs, log)
    result["peers"] = {name: {phase: median(r) for phase, r in phases.items()} for name, phases in compared.runs.items()}
    result["rewritten"] = compared.rewritten
    result["pages_built"] = {tool.name: tool.pages_built() for tool in tools}
    mine = result["peers"]["briefbook"]
    result.update(build=mine["cold"], rebuild=mine["edit"], same=mine["same"])
    if size in args.pdf_sizes:
        result["pdf"] = pdf(work)
        log(f"{size}: pdf {result['pdf']['pages']} pages in {result['pdf']['cpu']:.1f} cpu s; plain prose of as many pages")
        result["prose"] = prose.baseline(result["pdf"]["pages"], work / "prose")
    else:
        result["pdf"] = "skipped"
    for tool in tools[1:]:  # the other tools' copies and sites: large, and of no further use
        shutil.rmtree(tool.folder, ignore_errors=True)
    return result


def sizes(value: str) -> list[str]:
    names = [] if value == "none" else [s for s in value.split(",") if s]
    unknown = set(names) - set(SIZES)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown sizes: {', '.join(sorted(unknown))} (of: {', '.join(SIZES)})")
    return names


def tool_names(value: str) -> list[str]:
    names = [] if value == "none" else [s for s in value.split(",") if s]
    unknown = set(names) - set(peers.PEERS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown tools: {', '.join(sorted(unknown))} (of: {', '.join(peers.PEERS)}, or none)")
    return names


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default="example,s,m,l", help=f"comma-separated, of: {', '.join(SIZES)}")
    parser.add_argument("--runs", type=int, default=3, help="rounds of builds, each tool in turn; medians are reported")
    parser.add_argument("--peers", type=tool_names, default=",".join(peers.PEERS), help="the other tools to build the same pages, or none")
    parser.add_argument("--pdf-sizes", type=sizes, default=PDF_SIZES, help="sizes whose PDF is made, beside plain prose, or none")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="working folder (git-ignored)")
    parser.add_argument("--add", action="store_true", help="keep the other sizes of OUT/results.json in the results and tables")
    parser.add_argument("--readme", nargs="?", type=Path, const=ROOT / "README.md", metavar="FILE",
                        help="also rewrite the tables between the bench markers of FILE (default: README.md)")
    parser.add_argument("--readme-only", action="store_true", help="rewrite them from OUT/results.json, measuring nothing")
    args = parser.parse_args(argv)
    if args.readme_only and args.readme is None:
        args.readme = ROOT / "README.md"
    args.out = args.out.resolve()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def saved_rows(results: Path) -> list[dict]:
    """The rows of an earlier run's results, each with the settings it was measured with."""
    if not results.exists():
        return []
    saved = json.loads(results.read_text(encoding="utf-8"))
    return [{"settings": saved.get("settings"), **row} for row in saved["sizes"]]


def save(results: Path, rows: list[dict]) -> str:
    """Write the results (in size order) and their tables; the tables."""
    rows = sorted(rows, key=lambda r: SIZES.index(r["size"]))
    text = report.tables(rows)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.with_name("results.md").write_text(text, encoding="utf-8")
    results.write_text(json.dumps({"sizes": rows}, indent=1) + "\n", encoding="utf-8")
    return text


def main() -> None:
    args = parse()
    results = args.out / "results.json"
    if args.readme_only:
        report.rewrite_readme(args.readme, report.tables(saved_rows(results)))
        return
    if args.peers and "hugo" in args.peers and not shutil.which("hugo"):
        sys.exit("hugo is not installed: `./dev bench` installs it (Debian's package), or leave it out with --peers")
    compiled()
    settings = {"runs": args.runs, "peers": args.peers, "pdf_sizes": args.pdf_sizes, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    rows = [r for r in saved_rows(results) if r["size"] not in args.sizes] if args.add else []
    try:
        for size in args.sizes:
            rows.append({"settings": settings, **measure(size, args)})
            text = save(results, rows)  # after each size: a run cut short keeps what it measured
    except Failed as failure:
        sys.exit(f"failed ({failure})")
    print(text, end="")
    if args.readme is not None:
        report.rewrite_readme(args.readme, text)


if __name__ == "__main__":
    main()
