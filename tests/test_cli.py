"""The command line's manners: -V, whole command descriptions in --help, colour only on
terminals (never with NO_COLOR or --no-color), counted nouns, build's JSON and shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator.cli import cli

RED_ERROR = "\x1b[31m\x1b[1merror\x1b[0m"


def run(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag):
    result = run(flag)
    assert (result.returncode, result.stdout) == (0, f"briefbook {version('briefbook')}\n")


def test_help_lists_each_commands_whole_description():
    result = run("--help", env={"COLUMNS": "80"})
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for command in cli.commands.values():
        first = " ".join(command.help.split("\n\n")[0].split())
        assert first in text, command.name
    listed = result.stdout.split("Commands:")[1]
    assert "..." not in listed and "…" not in listed


@pytest.fixture
def broken(scratch):
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: jaish-al-adl\n")
    scratch.write("notes.yml", "a: 1\n")  # a warning: an unknown fact file
    return scratch


def test_colour_on_a_terminal(broken):
    result = CliRunner().invoke(cli, ["check", "b"], color=True)
    assert result.exit_code == 1
    assert f"b/events.yml:36:13: {RED_ERROR}: unknown actor 'jaish-al-adl'\x1b[36m; did you mean 'jaish-al-adal'?\x1b[0m" in result.output
    assert "\x1b[33m\x1b[1mwarning\x1b[0m" in result.output


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color", "pipe"])
def test_no_colour_with_no_color_or_a_pipe(broken, how):
    if how == "pipe":
        result = run("check", "b", cwd=broken.folder.parent)
        output = result.stdout
    else:
        args = ["--no-color", "check", "b"] if how == "--no-color" else ["check", "b"]
        result = CliRunner().invoke(cli, args, color=True, env={"NO_COLOR": "1"} if how == "NO_COLOR" else {})
        output = result.output
    assert "b/events.yml:36:13: error: unknown actor 'jaish-al-adl'; did you mean 'jaish-al-adal'?" in output
    assert "\x1b" not in output


def test_counts_are_singular_for_one(broken):
    result = run("check", "b", cwd=broken.folder.parent)
    assert result.stdout.splitlines()[-1] == "1 error, 1 warning"


def test_build_json(scratch, tmp_path):
    good = run("build", "--no-pdf", "--format", "json", "b", "--out", "out", cwd=tmp_path)
    assert good.returncode == 0 and good.stderr == ""
    data = json.loads(good.stdout)
    assert data["written"] > 20 and {k: data[k] for k in ("out", "built", "drafts_left_out", "errors", "warnings", "problems", "unchanged", "removed")} == {
        "out": "out", "built": ["b"], "drafts_left_out": [], "errors": 0, "warnings": 0, "problems": [], "unchanged": 0, "removed": 0
    }
    again = json.loads(run("build", "--no-pdf", "--format", "json", "b", "--out", "out", cwd=tmp_path).stdout)
    assert (again["written"], again["unchanged"]) == (0, data["written"])
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: nobody\n")
    bad = run("build", "--no-pdf", "--format", "json", "b", "--out", "out", cwd=tmp_path)
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert (data["errors"], data["written"], data["built"]) == (1, 0, [])
    assert data["problems"][0]["message"] == "unknown actor 'nobody'"


@pytest.mark.parametrize(("shell", "expected"), [
    ("bash", "complete -o nosort -F _briefbook_completion briefbook"),
    ("zsh", "#compdef briefbook"),
    ("fish", "complete --no-files --command briefbook"),
])
def test_completion_script_for_each_shell(shell, expected):
    result = run(env={"_BRIEFBOOK_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0 and expected in result.stdout


def test_completion_completes_commands():
    result = run(env={"_BRIEFBOOK_COMPLETE": "bash_complete", "COMP_WORDS": "briefbook bu", "COMP_CWORD": "1"})
    assert result.stdout.split() == ["plain,build"]
