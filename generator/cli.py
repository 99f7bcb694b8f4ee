"""The `briefbook` command: thin commands over the pipeline; heavy imports stay inside them."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from . import pipeline
from .problems import Problem, format_json, format_text


def _folders(given: tuple[Path, ...]) -> list[Path]:
    folders = list(given) or pipeline.find_briefings()
    if not folders:
        raise click.UsageError("no briefing folders given, and none found under briefings/")
    for folder in folders:
        if not (folder / "briefing.yml").is_file():
            raise click.BadParameter(f"{folder} has no briefing.yml", param_hint="BRIEFING_DIR")
    return folders


def _report(problems: list[Problem], fmt: str, err: bool = False) -> None:
    if fmt == "json":
        click.echo(format_json(problems))
    elif problems:
        click.echo(format_text(problems), err=err)


paper_option = click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size of the PDFs.")
briefing_dirs = click.argument("briefing_dirs", metavar="[BRIEFING_DIR]...", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefbook")
def cli() -> None:
    """Verified briefing sites and PDFs from YAML fact files."""


@cli.command()
@briefing_dirs
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="json: for tools.")
def check(briefing_dirs: tuple[Path, ...], fmt: str) -> None:
    """Check fact files against their documents (default: every folder under briefings/)."""
    folders = _folders(briefing_dirs)
    briefings, problems = pipeline.check(folders)
    _report(problems, fmt)
    if any(p.severity == "error" for p in problems):
        sys.exit(1)
    if fmt == "text":
        for b in briefings:
            click.echo(f"{b.folder}: ok ({len(b.events)} events, {len(b.actors)} actors, {len(b.quotes)} quotes, {len(b.claims)} claims, {len(b.sources)} sources)")


def _write(action):
    """Run a command's check-render-write; its fact-file or output errors exit with status 1."""
    from .problems import BriefbookError
    from .write import OutputError

    try:
        return action()
    except BriefbookError as err:
        _report(err.problems, "text", err=True)
        click.echo("nothing was written", err=True)
        sys.exit(1)
    except OutputError as err:
        click.echo(f"briefbook: {err}", err=True)
        sys.exit(1)


@cli.command()
@briefing_dirs
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@paper_option
@click.option("--pdf/--no-pdf", "with_pdf", default=True, show_default=True, help="Also write each briefing's PDF (OUT/SLUG/SLUG.pdf).")
def build(briefing_dirs: tuple[Path, ...], out: Path, paper: str, with_pdf: bool) -> None:
    """Check, then build the static site and its PDFs (default: every folder under briefings/)."""
    folders = _folders(briefing_dirs)
    problems, report = _write(lambda: pipeline.build(folders, out, paper if with_pdf else None))
    _report(problems, "text", err=True)
    click.echo(f"built {len(folders)} briefing(s) into {out}/: {report.written} written, {report.unchanged} unchanged, {report.removed} removed")


@cli.command("pdf")
@briefing_dirs
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@paper_option
def pdf_command(briefing_dirs: tuple[Path, ...], out: Path, paper: str) -> None:
    """Check, then write each briefing's print-ready PDF to OUT/SLUG/SLUG.pdf."""
    from . import pdf

    folders = _folders(briefing_dirs)
    problems, paths = _write(lambda: pdf.write(folders, out, paper))
    _report(problems, "text", err=True)
    for path in paths:
        click.echo(f"wrote {out / path}")


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"), show_default=True)
def schema(out: Path) -> None:
    """Write JSON Schema for the fact files (for editors)."""
    from .schema import schemas
    from .write import write_files

    write_files(out, schemas())
    click.echo(f"wrote {len(schemas())} schemas to {out}")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:  # a bug in briefbook, never a reaction to bad input
        if os.environ.get("BRIEFBOOK_DEBUG"):
            raise
        click.echo("briefbook: internal error; please report it with this trace:", err=True)
        click.echo(traceback.format_exc(), err=True)
        sys.exit(3)
