"""docs/screenshots.py: one command writes the reviewers' screenshots, each at its width."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SCRIPT = ROOT / "docs" / "screenshots.py"
NAMES = {f"{page}-{width}.png" for page in ("overview", "chronology", "actor", "source", "place") for width in ("desktop", "phone")}


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


def test_writes_every_page_at_desktop_and_phone_width(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in tmp_path.iterdir()} == NAMES
    assert sorted(Path(line).name for line in result.stdout.split()) == sorted(NAMES)
    for path in tmp_path.iterdir():
        width, height = png_size(path)
        window = (1280, 900) if path.name.endswith("-desktop.png") else (390, 844)
        assert width == window[0], path.name
        assert window[1] <= height <= 2 * window[1], (path.name, height)  # the first screen, at most two
    assert NAMES <= {p.name for p in (ROOT / "docs" / "screenshots").iterdir()}  # committed, for reviewers
