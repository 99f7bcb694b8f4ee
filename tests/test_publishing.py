"""docs/publishing.md's recipes work: their `briefbook` commands are read from the doc (between
its `recipe` markers, as the CI service would read the YAML) and run on a copy of the
example project, and the folder they publish is the one the build wrote."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT

DOC = ROOT / "docs" / "publishing.md"


def recipe(name: str) -> dict:
    """The YAML between `<!-- recipe: NAME -->` and `<!-- /recipe -->`, parsed."""
    found = re.search(rf"<!-- recipe: {name} -->\n```yaml\n(.*?)```\n<!-- /recipe -->", DOC.read_text(encoding="utf-8"), re.S)
    assert found, f"no {name} recipe in {DOC}"
    return yaml.safe_load(found[1])


def commands_and_published(name: str) -> tuple[list[str], str]:
    """Every shell command the recipe runs, in order, and the folder it publishes."""
    data = recipe(name)
    if name == "github-pages":
        steps = data["jobs"]["build"]["steps"]
        commands = [line for step in steps if "run" in step for line in step["run"].splitlines()]
        (published,) = [step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    else:
        commands, published = data["pages"]["script"], data["pages"]["pages"]["publish"]
    return commands, published.rstrip("/")


@pytest.mark.parametrize("name", ["github-pages", "gitlab-pages"])
def test_recipe_checks_builds_and_publishes_the_site(tmp_path, name):
    commands, published = commands_and_published(name)
    ours = [command for command in commands if command.startswith("briefbook ")]
    assert [command.split()[1] for command in ours] == ["check", "build"]
    assert any("pip install briefbook" in command for command in commands)
    shutil.copytree(ROOT / "briefings", tmp_path / "briefings")
    for command in ours:
        args = shlex.split(command)[1:]
        result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}:\n{result.stdout}{result.stderr}"
    assert (tmp_path / published / "index.html").is_file()
    assert (tmp_path / published / "iran-pakistan-2024" / "iran-pakistan-2024.pdf").is_file()
