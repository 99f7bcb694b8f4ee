"""Where briefbook's own files are: its code, templates and fonts, in a source checkout or
an installed wheel. A module of its own so that the build's stamp (stamp.py) can find them
without importing the renderer."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """templates/ in a source checkout, generator/templates/ in an installed wheel."""
    installed = PACKAGE / "templates"
    return installed if installed.is_dir() else PACKAGE.parent / "templates"


def fonts_dir() -> Path:
    """fonts/ in a source checkout, generator/fonts/ in an installed wheel: print.css's ../../fonts/."""
    return templates_dir().parent / "fonts"


def code_folders(pdf: bool) -> list[Path]:
    """The folders of briefbook's own that a build reads: a change in any rebuilds."""
    folders = [PACKAGE, templates_dir()]
    return [*folders, fonts_dir()] if pdf else folders
