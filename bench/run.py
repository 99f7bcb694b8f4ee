"""Time briefbook, and measure its peak memory, on briefings of growing size.

    python bench/run.py [--sizes example,s,m,l] [--out bench/out]

Each command runs in a fresh process, as an installed briefbook runs: its modules byte-compiled
beforehand (pip compiles them at install), whatever PYTHONDONTWRITEBYTECODE says here, so that
start-up is not timed compiling briefbook's source. Its peak memory is the child's own maximum resident
set size, from os.wait4. On Linux a child's maximum starts from its parent's peak (taken
over at fork and exec), so this script stays small: it imports no YAML and generates the
briefings in child processes too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEFBOOK = ROOT / ".venv" / "bin" / "briefbook"
SYNTH = Path(__file__).resolve().parent / "synth.py"
SIZES = ("example", "s", "m", "l")  # as in synth.py, which is not imported: it would load YAML here
PDF_SIZES = ("example", "m")  # a PDF of the large sizes would take long and tell little more
COUNTS = ("events", "actors", "quotes", "claims", "documents")
COMMANDS = ("check", "build", "rebuild", "pdf")


def command_help(name: str) -> str | None:
    """The command's --help text, or None if this briefbook does not have the command yet."""
    done = subprocess.run([BRIEFBOOK, name, "--help"], check=False, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


# The children's environment: bytecode is read (compiled by `compiled` before any timing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compiled() -> None:
    """Byte-compile briefbook's package, as installing it would."""
    subprocess.run([ROOT / ".venv" / "bin" / "python", "-m", "compileall", "-q", ROOT / "generator"], check=True, env=ENV)


def run(args: list[str | Path]) -> tuple[float, float, str]:
    """Run a command in a fresh process: (wall seconds, its peak RSS in MiB, its stdout).

    A failure prints the command's output and ends the benchmark: numbers from a command
    that failed would mean nothing.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([str(a) for a in args], cwd=ROOT, stdout=out, stderr=err, env=ENV)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: Popen must not wait again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        sys.stderr.write(f"failed (exit status {child.returncode}): {' '.join(map(str, args))}\n{stderr}{stdout}")
        sys.exit(1)
    kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux
    return seconds, kib / 1024, stdout


def generate(size: str, folder: Path) -> dict:
    """Make the briefing in a child process; its counts and generation time, from synth.py."""
    _, _, stdout = run([sys.executable, SYNTH, size, folder])
    return json.loads(stdout)


def check(size: str, folder: Path) -> tuple[float, float]:
    """`briefbook check`; a synthetic briefing must pass without a single problem."""
    seconds, mib, stdout = run([BRIEFBOOK, "check", "--format", "json", folder])
    problems = json.loads(stdout)["problems"]
    if problems and size != "example":
        sys.stderr.write(f"bench/synth.py made a briefing with problems; update it to the format:\n{json.dumps(problems[:20], indent=2)}\n")
        sys.exit(1)
    return seconds, mib


def edit_title(events: Path) -> None:
    """A one-line change: the first event's title gets a word more (inside its quotes, if any);
    the title grows by one more word each time."""
    text = events.read_text(encoding="utf-8")
    edited = re.sub(r"^(\s+title: )(.+?)(['\"]?)$", r"\1\2 (revised)\3", text, count=1, flags=re.MULTILINE)
    if edited == text:
        sys.exit(f"no event title line to edit in {events}")
    events.write_text(edited, encoding="utf-8")


def rebuild(build: list, events: Path, times: int = 3) -> tuple[float, float]:
    """A rebuild after a one-line edit, `times` over (each after a further edit): the median
    wall time, so that one disturbed run (the disk still writing the first build) does not
    stand for all, and the highest peak memory."""
    runs = []
    for _ in range(times):
        edit_title(events)
        runs.append(run(build)[:2])
    return sorted(r[0] for r in runs)[times // 2], max(r[1] for r in runs)


def measure(size: str, out: Path, helps: dict[str, str | None]) -> dict:
    """One table row: the counts, then (seconds, MiB) or a note for each command."""
    folder, site, pdf = out / "briefings" / size, out / "site" / size, out / "pdf" / size
    for stale in (site, pdf):
        shutil.rmtree(stale, ignore_errors=True)
    row = generate(size, folder)
    print(f"{size}: generated in {row['seconds']:.2f} s", file=sys.stderr)
    row["check"] = check(size, folder)
    if helps["build"] is not None:
        # The site alone: PDFs have their own column, and a build that makes them too says so.
        build = [BRIEFBOOK, "build", folder, "--out", site, *(["--no-pdf"] if "--no-pdf" in helps["build"] else [])]
        row["build"] = run(build)[:2]
        row["rebuild"] = rebuild(build, folder / "events.yml")
    if helps["pdf"] is not None:
        row["pdf"] = run([BRIEFBOOK, "pdf", folder, "--out", pdf])[:2] if size in PDF_SIZES else "skipped"
    print(f"{size}: " + ", ".join(f"{c} {row[c][0]:.2f} s" for c in COMMANDS if isinstance(row.get(c), tuple)), file=sys.stderr)
    return row


def table(rows: list[dict]) -> str:
    header = ["size", *COUNTS, "generate s"] + [f"{c} {unit}" for c in COMMANDS for unit in ("s", "MiB")]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [row["size"], *(f"{row[c]:,}" for c in COUNTS), f"{row['seconds']:.2f}"]
        for command in COMMANDS:
            value = row.get(command, "n/a")
            cells += [f"{value[0]:.2f}", f"{value[1]:.0f}"] if isinstance(value, tuple) else [value, value]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="example,s,m,l", help=f"comma-separated, of: {', '.join(SIZES)}")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="working folder (git-ignored)")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    unknown = set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown sizes: {', '.join(sorted(unknown))}")
    out = args.out.resolve()
    compiled()
    helps = {name: command_help(name) for name in ("build", "pdf")}
    result = table([measure(size, out, helps) for size in sizes])
    print(result, end="")
    (out / "results.md").write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
