"""The `briefbook` command: thin commands over the pipeline; heavy imports stay inside them."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

# The imports below build the fact-file models: many objects, every one alive until the
# process ends, that the cyclic collector would walk again and again for nothing.
gc.disable()

import click  # noqa: E402

from . import drafts, pipeline, settings  # noqa: E402
from .kinds import SourceKind  # noqa: E402
from .plural import count  # noqa: E402
from .print_editions import SECTIONS  # noqa: E402
from .progress import Progress  # noqa: E402
from .report import Steps, echo_problems, left_out  # noqa: E402

gc.freeze()  # they live as long as the process: no collection need ever walk them again
gc.enable()


def _folders(given: tuple[Path, ...]) -> list[Path]:
    """The folders given, or every briefing under the settings' `briefings` folder."""
    found = click.get_current_context().find_object(settings.Found) or settings.Found(None, settings.Settings())
    root = found.folder("briefings")
    folders = list(given) or pipeline.find_briefings(root)
    if not folders:
        raise click.UsageError(f"no briefing folders given, and none found under {root.as_posix()}/")
    for folder in folders:
        if not (folder / "briefing.yml").is_file():
            raise click.BadParameter(f"{folder} has no briefing.yml", param_hint="BRIEFING_DIR")
    return folders


def _epoch_checked() -> None:
    """Refuse a SOURCE_DATE_EPOCH that is set but not a time, before any work is done."""
    try:
        pipeline.source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    except ValueError as err:
        raise click.UsageError(str(err)) from None


def _publishable(folders: list[Path], with_drafts: bool) -> tuple[list[Path], drafts.Owners | None, list[Path]]:
    """The folders to build, what tells a draft's problems apart (None: no drafts) and the
    drafts left out (unless `with_drafts`). A command left with nothing to build fails."""
    published, found = drafts.split(folders)
    owners = drafts.Owners(folders, found) if found else None
    if with_drafts or not found:
        return folders, owners, []
    if not published:
        click.echo(f"briefbook: every briefing is a draft ({', '.join(owners.drafts)}), so nothing was built or written", err=True)
        click.echo("build them with --drafts, or publish one by removing `draft: true` from its briefing.yml", err=True)
        sys.exit(1)
    return published, None, found


paper_option = click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size of the PDFs.")
briefing_dirs = click.argument("briefing_dirs", metavar="[BRIEFING_DIR]...", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(None, "-V", "--version", package_name="briefbook", message="briefbook %(version)s")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal (as NO_COLOR=1 does).")
@click.pass_context
def cli(ctx: click.Context, no_color: bool) -> None:
    """Verified briefing sites and PDFs from YAML fact files.

    Settings are read from briefbook.toml, or [tool.briefbook] in pyproject.toml, in this
    folder or the nearest one above it; options given here override them."""
    if no_color or os.environ.get("NO_COLOR"):
        ctx.color = False  # click.echo then drops the colour codes (it does on pipes anyway)
    if ctx.invoked_subcommand != "init":
        from .problems import BriefbookError

        try:
            found = settings.load()
        except BriefbookError as err:
            echo_problems(err.problems, err=True)
            sys.exit(2)  # like a bad option
        ctx.obj = found
        ctx.default_map = settings.defaults(found)


@cli.command()
@briefing_dirs
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="json: for tools.")
def check(briefing_dirs: tuple[Path, ...], fmt: str) -> None:
    """Check fact files against their documents (default: every folder under briefings/)."""
    from .report import check_json, ok_line

    folders = _folders(briefing_dirs)
    from .reread import FactFiles

    briefings, problems = pipeline.check(folders, FactFiles(digests=False))  # nothing to render: no digests
    owners = drafts.Owners(folders, drafts.split(folders)[1])
    failed = any(p.severity == "error" for p in problems)
    if fmt == "json":
        click.echo(check_json(briefings, problems, owners))
        sys.exit(1 if failed else 0)
    echo_problems(problems, owners=owners)
    if failed:
        sys.exit(1)
    from .editions import since_last_text

    for b in briefings:
        click.echo(ok_line(b, b.folder in owners.drafts))
        coming = since_last_text(b)
        if coming:
            click.echo(coming)


def _write(action, owners: drafts.Owners | None = None, as_json=None):
    """Run a command's check-render-write; its fact-file or output errors exit with status 1.
    `as_json(problems)`, if given, prints the fact files' errors for tools instead."""
    from .problems import BriefbookError
    from .write import OutputError

    try:
        return action()
    except BriefbookError as err:
        if as_json:
            click.echo(as_json(err.problems))
            sys.exit(1)
        echo_problems(err.problems, err=True, owners=owners)
        click.echo("nothing was written", err=True)
        sys.exit(1)
    except OutputError as err:
        click.echo(f"briefbook: {err}", err=True)
        sys.exit(1)


coverage_option = click.option("--coverage", is_flag=True, help="Analysts' coverage view: mark on each source page the sentences no fact cites, with a count per document.")


def _site_url(value: str | None) -> str | None:
    """--site-url as the setting checks it: an http:// or https:// address."""
    if value is None or settings.is_http_url(value):
        return value
    raise click.BadParameter(f"{value!r} is not an http:// or https:// URL, such as https://example.org/briefings/")


quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Report every step with its time (by default, only builds that take a while report their steps).")
drafts_option = click.option("--drafts", "with_drafts", is_flag=True, help="Also build the drafts (briefing.yml says draft: true), marked DRAFT; their errors then fail the command.")


@cli.command()
@briefing_dirs
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@paper_option
@click.option("--pdf/--no-pdf", "with_pdf", default=True, show_default=True, help="Also write each briefing's PDF (OUT/SLUG/SLUG.pdf).")
@drafts_option
@click.option("--site-url", callback=lambda ctx, param, value: _site_url(value), metavar="URL", help="The site's public http(s) address: adds canonical links, sharing cards, sitemap.xml and absolute feed links.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="json: one object for tools (counts, problems, files written), nothing else.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, help="Processes that render the pages (0: one per core, once the briefings are large enough to repay it).  [default: 0]")
@coverage_option
@quiet_option
@verbose_option
def build(briefing_dirs: tuple[Path, ...], out: Path, paper: str, with_pdf: bool, with_drafts: bool, site_url: str | None, jobs: int, fmt: str, coverage: bool, quiet: bool, verbose: bool) -> None:
    """Check, then build the static site and its PDFs (default: every folder under briefings/,
    drafts left out)."""
    from functools import partial

    from .report import build_json

    folders, owners, dropped = _publishable(_folders(briefing_dirs), with_drafts)
    if with_pdf:
        _epoch_checked()
    verbosity = -1 if quiet or fmt == "json" else int(verbose)
    steps = Steps(verbosity)
    as_json = partial(build_json, out, folders, dropped, owners=owners) if fmt == "json" else None
    problems, report = _write(lambda: pipeline.build(folders, out, paper if with_pdf else None, steps, jobs=jobs, coverage=coverage, site_url=site_url), owners, as_json)
    if as_json:
        click.echo(as_json(problems, report=report))
        return
    if not quiet:
        echo_problems(problems, err=True, owners=owners)  # warnings: a build with errors never gets here
    if verbosity >= 0:
        click.echo(f"built {count(len(folders), 'briefing')} into {out}/: {report.written} written, {report.unchanged} unchanged, {report.removed} removed{left_out(dropped)}{steps.total()}")


@cli.command("pdf")
@briefing_dirs
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@paper_option
@drafts_option
@click.option("--since", metavar="DAY", help="A print edition of the events and facts since DAY (YYYY-MM-DD), with what they refer to: OUT/SLUG/SLUG-since-DAY.pdf.")
@click.option("--actor", metavar="ID", help="A print edition that is one actor's dossier: the actor, its events, quotes, and the claims by and about it: OUT/SLUG/SLUG-actor-ID.pdf.")
@click.option("--sections", metavar="LIST", help="Print only these sections, comma-separated, from: " + ", ".join(SECTIONS) + " (the sources and evidence always follow).")
@quiet_option
def pdf_command(briefing_dirs: tuple[Path, ...], out: Path, paper: str, with_drafts: bool, since: str | None, actor: str | None, sections: str | None, quiet: bool) -> None:
    """Check, then write each briefing's print-ready PDF to OUT/SLUG/SLUG.pdf (drafts left out),
    or a print edition of it (--since, --actor, --sections) under its own name."""
    from .print_editions import EditionError, PrintEdition, parse_sections, parse_since

    try:
        edition = PrintEdition(parse_since(since), actor, parse_sections(sections))
    except EditionError as err:
        raise click.UsageError(str(err)) from None
    folders, owners, dropped = _publishable(_folders(briefing_dirs), with_drafts)
    _epoch_checked()
    progress = None if quiet else Progress(sys.stderr)

    def action():
        try:
            return pipeline.write_pdfs(folders, out, paper, progress, None if edition.whole else edition)
        except EditionError as err:
            raise click.UsageError(str(err)) from None

    problems, paths = _write(action, owners)
    if not quiet:
        echo_problems(problems, err=True, owners=owners)
        for path in paths:
            click.echo(f"wrote {out / path}")
        if dropped:
            click.echo(left_out(dropped).removeprefix("; "))


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"), show_default=True)
def schema(out: Path) -> None:
    """Write JSON Schema for the fact files (for editors)."""
    from .schema import schemas
    from .write import write_files

    write_files(out, schemas())
    click.echo(f"wrote {count(len(schemas()), 'schema')} to {out}")


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder whose cache to remove.")
def clean(out: Path) -> None:
    """Remove OUT's build cache (in the project's .briefbook-cache/) and what interrupted
    builds left beside OUT; OUT stays."""
    from .cache import clean as clean_cache

    click.echo(clean_cache(out).report(out))


@cli.command("serve")
@briefing_dirs
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (only this machine, by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on; 0 picks a free one.")
@paper_option
@click.option("--pdf/--no-pdf", "with_pdf", default=False, show_default=True, help="Also build each briefing's PDF (slower rebuilds).")
@click.option("--preview", is_flag=True, help="Show the coming edition (what changed since the last one) as if published, with its marks.")
@coverage_option
def serve_command(briefing_dirs: tuple[Path, ...], out: Path, host: str, port: int, paper: str, with_pdf: bool, preview: bool, coverage: bool) -> None:
    """Build, serve the site, rebuild on change and reload open pages (Ctrl-C stops)."""
    from . import serve

    if with_pdf:
        _epoch_checked()
    try:
        serve.serve(_folders(briefing_dirs), out, host, port, paper if with_pdf else None, preview, coverage)
    except serve.ServeError as err:
        click.echo(f"briefbook: {err}", err=True)
        sys.exit(1)


@cli.command("edition")
@click.argument("briefing_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--note", default=None, help="The analysts' note: what this edition changed (Markdown).")
@click.option("--date", "day", default=None, help="The edition's day, YYYY-MM-DD (default: today, UTC).")
@click.option("--trend", type=click.Choice(["deteriorated", "unchanged", "improved"]), help="How the situation moved since the previous edition (not for a first edition).")
@click.option("--from-marks", is_flag=True, help="Write the snapshots of editions recorded by hand (added/updated marks), once.")
def edition_command(briefing_dir: Path, note: str | None, day: str | None, trend: str | None, from_marks: bool) -> None:
    """Publish an edition: snapshot what the briefing holds, list it in briefing.yml."""
    from datetime import date, datetime, timezone

    from . import publish
    from .scaffold import Refused

    if from_marks and (note or day or trend):
        raise click.UsageError("--from-marks takes no --note, --date or --trend: it records the editions already listed")
    if not from_marks and note is None:
        raise click.UsageError("give the edition's note with --note")
    if day is not None:
        try:
            date.fromisoformat(day)
        except ValueError:
            raise click.BadParameter(f"'{day}' is not a day (YYYY-MM-DD)", param_hint="--date") from None
    try:
        done = publish.from_marks(briefing_dir) if from_marks else publish.record(briefing_dir, day or datetime.now(timezone.utc).date().isoformat(), note, trend)
    except Refused as err:
        click.echo(f"briefbook: {err}\nnothing was changed", err=True)
        sys.exit(1)
    click.echo(done.report())


@cli.command("new")
@click.argument("slug")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=pipeline.BRIEFINGS_ROOT, show_default=True, help="Folder that holds the briefings.")
def new_command(slug: str, root: Path) -> None:
    """Make ROOT/SLUG, a briefing folder of commented example fact files."""
    _scaffold(lambda scaffold: scaffold.new(slug, root))


@cli.command("add-source")
@click.argument("briefing_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "source_id", help="The source's id  [default: made from the file name]")
@click.option("--kind", type=click.Choice([kind.value for kind in SourceKind]), help="The kind of document  [default: news-article]")
@click.option("--title", help="The document's headline, or a [descriptive title]; if left out, check asks for it.")
@click.option("--published", metavar="EDTF", help="The publication date, e.g. 2024-02-24; if left out, check asks for it.")
@click.option("--url", help="Where it was published.")
@click.option("--publisher", help="Who published it, as the document names them.")
@click.option("--language", default="en", show_default=True, help="The document's BCP 47 language tag.")
def add_source_command(briefing_dir: Path, file: Path, source_id: str | None, kind: str | None, title: str | None, published: str | None, url: str | None, publisher: str | None, language: str) -> None:
    """Store FILE under BRIEFING_DIR/documents/ and add its entry, with its checksum, to sources.yml."""
    from .add_source import add_source

    _scaffold(lambda scaffold: add_source(briefing_dir, file, source_id=source_id, kind=kind, title=title, published=published, url=url, publisher=publisher, language=language))


def _scaffold(action) -> None:
    """Run `new` or `add-source`: a bad value is a usage error (exit 2), a refusal changes nothing (exit 1)."""
    from . import scaffold

    try:
        done = action(scaffold)
    except scaffold.BadValue as err:
        raise click.BadParameter(str(err), param_hint=err.param) from None
    except scaffold.Refused as err:
        click.echo(f"briefbook: {err}\nnothing was changed", err=True)
        sys.exit(1)
    click.echo(done.report())


@cli.command("init")
def init_command() -> None:
    """Write briefbook.toml here: every setting, commented, at its default."""
    try:
        path = settings.init(Path("."))
    except FileExistsError:
        click.echo(f"briefbook: {settings.NAME} already exists here\nnothing was changed", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}: edit it, or delete what you keep at the default")


for _command in cli.commands.values():  # the top-level --help lists each one's whole first paragraph
    _command.short_help = " ".join((_command.help or "").split("\n\n")[0].split())


def main() -> None:
    pipeline.freeze_after_runs()  # each command ends after its run; serve collects between builds
    try:
        cli(prog_name="briefbook", standalone_mode=True)
        code = 0
    except SystemExit as done:  # how click ends every command; its traceback keeps the run's objects
        code = _exit_code(done.code)
    except KeyboardInterrupt:
        code = 130
    except Exception:  # a bug in briefbook, never a reaction to bad input
        if os.environ.get("BRIEFBOOK_DEBUG"):
            raise
        import traceback  # here only: a build with nothing to do is over before this would load

        click.echo("briefbook: internal error; please report it with this trace:", err=True)
        click.echo(traceback.format_exc(), err=True)
        code = 3
    _leave(code)


def _exit_code(code: object) -> int:
    if code is None or isinstance(code, int):
        return code or 0
    click.echo(code, err=True)  # sys.exit("message") prints it and fails
    return 1


def _leave(code: int) -> NoReturn:
    """End the process without freeing its objects one by one: a large briefing's model is
    millions of them, and freeing them took a sixteenth of a check; the system takes the
    memory back at once. Every file was written and closed by then; output is flushed here,
    the one thing a normal exit would still do for us."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: what was written is all the reader wanted
        code = code or 1
    os._exit(code)


if __name__ == "__main__":  # `python -m generator.cli`, as `python -m generator` runs it
    main()
