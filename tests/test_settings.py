"""Settings: briefbook.toml or [tool.briefbook] in pyproject.toml, found from the working folder
upwards; its paths relative to its folder, command-line options over it, every bad key at
its position. Real commands in projects made in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import EXAMPLE
from generator import settings


def briefbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    """A project whose briefings live in facts/, and a subfolder to run commands from."""
    shutil.copytree(EXAMPLE, tmp_path / "facts" / "example")
    (tmp_path / "notes").mkdir()
    return tmp_path


def test_found_upwards_paths_relative_to_it_and_options_override(project):
    (project / "briefbook.toml").write_text('briefings = "facts"\nout = "public"\npdf = false\n')
    check = briefbook(project / "notes", "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("../facts/example: ok (")
    build = briefbook(project / "notes", "build")
    assert build.returncode == 0, build.stderr
    assert build.stdout.startswith("built 1 briefing into ../public/: ")
    assert (project / "public" / "example" / "index.html").is_file()
    assert not (project / "public" / "example" / "example.pdf").exists()  # pdf = false
    other = briefbook(project / "notes", "build", "--out", "elsewhere")
    assert other.returncode == 0 and (project / "notes" / "elsewhere" / "example" / "index.html").is_file()
    assert "default: letter" not in briefbook(project, "pdf", "--help").stdout
    (project / "briefbook.toml").write_text('paper = "letter"\n')
    assert "default: letter" in briefbook(project / "notes", "pdf", "--help").stdout


def test_pyproject_table_and_which_file_wins(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.briefbook]\nbriefings = "facts"\n')
    (project / "notes" / "pyproject.toml").write_text('[project]\nname = "no-briefbook-table"\n')  # passed over
    assert briefbook(project / "notes", "check").returncode == 0
    (project / "briefbook.toml").write_text('briefings = "nowhere"\n')  # beside pyproject.toml: comes first
    assert "none found under ../nowhere/" in briefbook(project / "notes", "check").stderr
    (project / "notes" / "briefbook.toml").write_text('briefings = "../facts"\n')  # nearer: wins
    assert briefbook(project / "notes", "check").returncode == 0
    found = settings.load(project / "notes")
    assert found.path == project / "notes" / "briefbook.toml"


def test_drafts_setting_builds_drafts(project):
    meta = project / "facts" / "example" / "briefing.yml"
    meta.write_text(meta.read_text() + "draft: true\n")
    (project / "briefbook.toml").write_text('briefings = "facts"\npdf = false\n')
    assert briefbook(project, "build").returncode == 1  # every briefing a draft
    (project / "briefbook.toml").write_text('briefings = "facts"\npdf = false\ndrafts = true\n')
    assert briefbook(project, "build").returncode == 0


def test_every_bad_key_and_value_at_its_position(project):
    (project / "briefbook.toml").write_text(
        '# settings\nbriefing = "facts"\n  paper = "A4"\ndrafts = "yes"\nsite_url = "ftp://example.org/"\nout = ""\n\n[pdf]\nx = 1\n'
    )
    result = briefbook(project / "notes", "check")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "../briefbook.toml:2:1: error: unknown key 'briefing'; did you mean 'briefings'?",
        "../briefbook.toml:3:11: error: `paper` must be 'a4' or 'letter', not 'A4'",
        "../briefbook.toml:4:10: error: `drafts` must be true or false, not 'yes'",
        "../briefbook.toml:5:12: error: `site_url` must be an http:// or https:// URL, such as 'https://example.org/briefings/', not 'ftp://example.org/'",
        "../briefbook.toml:6:7: error: `out` must be a folder's path, as a string, not ''",
        "../briefbook.toml:8:1: error: `pdf` must be true or false, not a table",
        "6 errors, 0 warnings",
    ]


def test_bad_keys_in_pyproject_are_found_within_its_table(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\npaper = "a4"\n\n[tool.briefbook]\nout = "site"\npapr = "a4"\n')
    result = briefbook(project, "check")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "pyproject.toml:7:1: error: unknown key 'papr'; did you mean 'paper'?"


def test_toml_syntax_error_has_its_position(project):
    (project / "briefbook.toml").write_text('out = "site"\npaper = a4\n')
    result = briefbook(project, "check")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["briefbook.toml:2:9: error: TOML syntax error: Invalid value", "1 error, 0 warnings"]


def test_site_url_is_kept(tmp_path):
    (tmp_path / "briefbook.toml").write_text('site_url = "https://example.org/briefings/"\n')
    assert settings.load(tmp_path).settings.site_url == "https://example.org/briefings/"


def test_init_writes_the_defaults_commented_and_never_overwrites(tmp_path):
    made = briefbook(tmp_path, "init")
    assert made.returncode == 0 and made.stdout == "wrote briefbook.toml: edit it, or delete what you keep at the default\n"
    text = (tmp_path / "briefbook.toml").read_text()
    assert text.startswith("# ") and all(f"{key} " in text for key in settings.KEYS)
    assert settings.load(tmp_path).settings == settings.Settings()  # what it writes are the defaults
    assert set(tomllib.loads(text)) == set(settings.KEYS) - {"site_url"}  # commented out: no default
    (tmp_path / "briefbook.toml").write_text("out = 'mine'\n")
    again = briefbook(tmp_path, "init")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (tmp_path / "briefbook.toml").read_text() == "out = 'mine'\n"
