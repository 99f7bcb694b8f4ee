"""The site tests' tools work: vnu, axe and the request recorder, on small pages."""

from __future__ import annotations

from pathlib import Path

import pytest

import tools
from tools import MissingTool, axe, browser, visit, vnu

CSS = """\
:root { color-scheme: light dark; }
body { background: #fff; color: #1a1a1a; font-family: "DejaVu Sans", sans-serif; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #e8e8e8; }
}
"""
DOT = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>'


def write_page(folder: Path, body: str, style: str = "", name: str = "index.html") -> Path:
    """A complete page linking site.css, with `body` inside <main> from line 14 on."""
    (folder / "site.css").write_text(CSS, encoding="utf-8")
    (folder / "dot.svg").write_text(DOT, encoding="utf-8")
    path = folder / name
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fixture</title>
<link rel="stylesheet" href="site.css">
<style>{style}</style>
</head>
<body>
<main>
<h1>Fixture</h1>
<p>A short paragraph of body text.</p>
{body}
</main>
</body>
</html>
""",
        encoding="utf-8",
    )
    return path


CLEAN = '<p><img src="dot.svg" alt="A black dot" width="8" height="8"> <a href="#">A link</a></p>'


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_vnu_reports_each_error_with_its_file_and_line_and_nothing_else(tmp_path):
    # One call (Java starts slowly): the valid page and stylesheet must give no message.
    clean = write_page(tmp_path, CLEAN)
    page = write_page(tmp_path, '<p id="x">One</p>\n<p id="x">Two</p>', name="bad.html")
    css = tmp_path / "bad.css"
    css.write_text("body { color: #111; }\np { colr: red; }\n", encoding="utf-8")
    assert vnu([clean, tmp_path / "site.css", page, css]) == [
        {"file": str(page), "line": 15, "message": "Duplicate ID “x”."},
        {"file": str(css), "line": 2, "message": "CSS: “colr”: Property “colr” doesn't exist."},
    ]


def test_vnu_refuses_to_check_nothing(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such files"):
        vnu([tmp_path / "absent.html"])
    with pytest.raises(ValueError, match="no files"):
        vnu([])


def test_a_missing_tool_names_dev_test(tmp_path, monkeypatch):
    monkeypatch.setattr(tools, "VNU_JAR", tmp_path / "vnu.jar")
    with pytest.raises(MissingTool, match=r"Nu Html Checker .* run \./dev test to install it"):
        vnu([write_page(tmp_path, CLEAN)])
    monkeypatch.setattr(tools, "CHROMIUM", tmp_path / "chromium")
    with pytest.raises(MissingTool, match=r"Chromium .* run \./dev test"), browser():
        pass


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_passes_an_accessible_page(chromium, tmp_path, scheme):
    page = write_page(tmp_path, CLEAN)
    with visit(chromium, page.as_uri(), scheme) as v:
        assert axe(v.page) == []
        assert v.off_site == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_an_image_without_alt(chromium, tmp_path, scheme):
    page = write_page(tmp_path, '<p><img src="dot.svg" width="8" height="8"></p>')
    with visit(chromium, page.as_uri(), scheme) as v:
        violations = axe(v.page)
    assert [(x["id"], x["impact"], x["targets"]) for x in violations] == [
        ("image-alt", "critical", ["img"])
    ]


@pytest.mark.parametrize(("scheme", "expected"), [("light", []), ("dark", ["color-contrast"])])
def test_axe_sees_the_colour_scheme(chromium, tmp_path, scheme, expected):
    # Dark grey text: fine on the light background, unreadable on the dark one.
    page = write_page(tmp_path, "", style="p { color: #333; }")
    with visit(chromium, page.as_uri(), scheme) as v:
        assert v.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark"
        )
        assert [x["id"] for x in axe(v.page)] == expected


def test_requests_off_site_are_recorded(chromium, tmp_path):
    page = write_page(tmp_path, '<p><img src="https://example.com/x.png" alt="Remote"></p>')
    with visit(chromium, page.as_uri()) as v:
        # The page comes first; its stylesheet and the image may be asked for in either order.
        assert v.requests[0] == page.as_uri()
        assert (tmp_path / "site.css").as_uri() in v.requests
        assert v.off_site == ["https://example.com/x.png"]
