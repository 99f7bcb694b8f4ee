"""The build cache's place and `briefbook clean`: one `.briefbook-cache/` per project, at the
settings file's folder or the working folder (or where the `cache` setting says), a folder
in it per output folder, never beside an arbitrary --out; clean removes one site's cache,
with what interrupted builds left beside the site, and leaves the site itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator import cache


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def site_cache(cwd: Path, out: str) -> Path:
    """Where a build run in `cwd` keeps the cache of `out` (as the working folder sees it)."""
    return cwd / ".briefbook-cache" / cache.site_folder(cwd / out, Path("x")).name


def test_build_verbose_reports_the_cache_size(scratch, tmp_path):
    result = run("build", "b", "--no-pdf", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "cache:" in line]
    shown = re.fullmatch(r"  cache: (\d+\.\d) MB in (\.briefbook-cache/site\.[0-9a-f]{12})/ \(bound: 1024 MB, set by BRIEFBOOK_CACHE_MB\) \(\d+\.\d s\)", line)
    assert tmp_path / shown[2] == site_cache(tmp_path, "site")
    assert float(shown[1]) == round(cache.size([site_cache(tmp_path, "site")]) / (1 << 20), 1) > 0
    quiet = run("build", "b", "--no-pdf", cwd=tmp_path)
    assert "cache:" not in quiet.stderr


def test_clean_removes_the_cache_and_leftovers_but_not_the_site(scratch, tmp_path):
    assert run("build", "b", "--no-pdf", cwd=tmp_path).returncode == 0
    run("build", "b", "--no-pdf", "--out", "other", cwd=tmp_path)
    (tmp_path / ".site.building-abc123" / "b").mkdir(parents=True)  # a build killed while writing
    (tmp_path / ".site.previous").mkdir()  # ... or while swapping
    (site_cache(tmp_path, "site") / ".index-x1y2").write_bytes(b"half an index")
    site = {p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*")}
    result = run("clean", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"removed the cache of site/ \(\d+\.\d MB\), \.site\.previous/, left by an interrupted build, \.site\.building-abc123/, left by an interrupted build\n", result.stdout)
    assert {p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*")} == site
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefbook-cache", "b", "other", "site"]
    assert list((tmp_path / ".briefbook-cache").iterdir()) == [site_cache(tmp_path, "other")], "the other site's cache stays"
    assert {"facts.pickle", "pieces", "stamp.pickle", "templates"} <= {p.name for p in site_cache(tmp_path, "other").iterdir()}
    assert run("clean", cwd=tmp_path).stdout == "nothing to clean for site/\n"
    assert run("clean", "--out", "other", cwd=tmp_path).returncode == 0
    assert not (tmp_path / ".briefbook-cache").exists()
    assert run("build", "b", "--no-pdf", cwd=tmp_path).returncode == 0, "a build after clean starts afresh"


def test_the_cache_is_never_beside_an_output_elsewhere(scratch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run("build", "b", "--no-pdf", "--out", str(elsewhere / "x"), cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x"]
    assert list((tmp_path / ".briefbook-cache").iterdir()) == [site_cache(tmp_path, "elsewhere/x")]
    assert run("clean", "--out", str(elsewhere / "x"), cwd=tmp_path).stdout.startswith("removed the cache of ")
    assert not (tmp_path / ".briefbook-cache").exists() and (elsewhere / "x" / "index.html").is_file()


def test_the_cache_is_at_the_project_folder_or_where_the_setting_says(scratch, tmp_path):
    (tmp_path / "briefbook.toml").write_text('briefings = "."\n', encoding="utf-8")
    below = tmp_path / "notes"
    below.mkdir()
    assert run("build", "../b", "--no-pdf", "--out", "../site", cwd=below).returncode == 0
    assert list((tmp_path / ".briefbook-cache").iterdir()) == [site_cache(tmp_path, "site")], "at the settings file's folder"
    assert not (below / ".briefbook-cache").exists()
    (tmp_path / "briefbook.toml").write_text('cache = "caches/briefbook"\n', encoding="utf-8")
    assert run("build", "b", "--no-pdf", cwd=tmp_path).returncode == 0
    assert [p.name for p in (tmp_path / "caches" / "briefbook").iterdir()] == [site_cache(tmp_path, "site").name]
    assert run("clean", cwd=below).stdout.startswith("removed the cache of "), "clean finds it from below too"
    assert not (tmp_path / "caches" / "briefbook").exists()


def test_clean_removes_what_an_older_briefbook_kept_beside_the_site(scratch, tmp_path):
    assert run("build", "b", "--no-pdf", cwd=tmp_path).returncode == 0
    old = tmp_path / "out" / ".briefbook-cache"
    old.mkdir(parents=True)
    for name in ("site.pieces", "site.pieces.0a1b2c3d", "site.facts.pickle", "other.pieces"):
        (old / name).write_bytes(b"old")
    assert run("clean", "--out", "out/site", cwd=tmp_path).stdout == "removed the cache of out/site/ (0.0 MB)\n"
    assert [p.name for p in old.iterdir()] == ["other.pieces"]
