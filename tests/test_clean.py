"""`briefbook clean` and the cache size in `build -v`: the cache beside the output is the
site's to remove, with what interrupted builds left there; the site itself stays."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator import cache


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_build_verbose_reports_the_cache_size(scratch, tmp_path):
    result = run("build", "b", "--no-pdf", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "cache:" in line]
    shown = float(re.fullmatch(r"  cache: (\d+\.\d) MB in \.briefbook-cache/ \(bound: 256 MB, set by BRIEFBOOK_CACHE_MB\) \(\d+\.\d s\)", line)[1])
    assert shown == round(cache.size(cache.site_cache(tmp_path / "site")) / (1 << 20), 1) > 0
    quiet = run("build", "b", "--no-pdf", cwd=tmp_path)
    assert "cache:" not in quiet.stderr


def test_clean_removes_the_cache_and_leftovers_but_not_the_site(scratch, tmp_path):
    assert run("build", "b", "--no-pdf", cwd=tmp_path).returncode == 0
    run("build", "b", "--no-pdf", "--out", "other", cwd=tmp_path)
    (tmp_path / ".site.building-abc123" / "b").mkdir(parents=True)  # a build killed while writing
    (tmp_path / ".site.previous").mkdir()  # ... or while swapping
    (tmp_path / ".briefbook-cache" / ".index-x1y2").write_bytes(b"half an index")
    site = {p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*")}
    result = run("clean", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"removed the cache of site/ \(\d+\.\d MB\), \.site\.previous/, left by an interrupted build, \.site\.building-abc123/, left by an interrupted build\n", result.stdout)
    assert {p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*")} == site
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefbook-cache", "b", "other", "site"]
    left = {p.name for p in (tmp_path / ".briefbook-cache").iterdir()}
    assert {"other.facts.pickle", "other.pieces"} <= left and all(name.startswith("other.") for name in left), "the other site's cache stays"
    assert run("clean", cwd=tmp_path).stdout == "nothing to clean beside site/\n"
    assert run("clean", "--out", "other", cwd=tmp_path).returncode == 0
    assert not (tmp_path / ".briefbook-cache").exists()
    assert run("build", "b", "--no-pdf", cwd=tmp_path).returncode == 0, "a build after clean starts afresh"
