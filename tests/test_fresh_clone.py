"""The README's set-up on a fresh checkout: `make build`, then the CLI answers, its --help
works, and an edit of rules.yaml reaches its next answer with no other step.

The checkout is made the way `git clone` makes one: the repository's files and nothing that
the build, the tests or a developer's set-up leave behind (no .venv, node_modules, site/, no
calculators/rules.json). It holds the working tree's version of each file, so uncommitted
work is what is tested. No ../shared beside it, as on a machine without the source text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def fresh_checkout(target: Path) -> Path:
    """A `git clone` of this repository with the working tree's files laid over it."""
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(target)], check=True,
                   timeout=120)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, copy = ROOT / name, target / name
        if source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
        elif copy.exists():  # deleted in the working tree, not yet committed
            copy.unlink()
    return target


@pytest.fixture(scope="module")
def built_clone(tmp_path_factory) -> Path:
    clone = fresh_checkout(tmp_path_factory.mktemp("fresh") / "checkout")
    assert not (clone / "calculators" / "rules.json").exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VIRTUAL_ENV"))}
    done = subprocess.run(["make", "build"], cwd=clone, capture_output=True, text=True,
                          timeout=900, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return clone


def cli(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(clone / ".venv" / "bin" / "python"), "-m", "calculators", *args],
                          cwd=clone, capture_output=True, text=True, timeout=120)


def test_the_readme_commands_answer_after_make_build(built_clone, book):
    r = cli(built_clone, "depth", "--goal", "hair", "--needle-mm", "2")
    assert r.returncode == 0, r.stderr
    assert "Verdict: caution." in r.stdout
    advice = " ".join(book.rule(book.depth.max_useful_mm.rule).advice.split())
    assert advice in r.stdout
    r = cli(built_clone, "frequency", "--sessions-per-week", "3", "--minutes", "10",
            "--session", "2026-11-22T20:00", "--weeks", "2")
    assert r.returncode == 0, r.stderr
    assert not (built_clone / "calculators" / "rules.json").exists(), \
        "the CLI in a checkout reads rules.yaml, not a generated file"


@pytest.mark.parametrize("command", [[], ["depth"], ["frequency"]], ids=lambda c: " ".join(c) or "top")
def test_help_works_in_the_clone(built_clone, command):
    r = cli(built_clone, *command, "--help")
    assert r.returncode == 0 and r.stdout.startswith("usage: ") and r.stderr == "", r.stderr


def test_an_edit_of_rules_yaml_changes_the_clis_answer(built_clone, book):
    rules = built_clone / "rules.yaml"
    original = rules.read_text("utf-8")
    args = ("depth", "--goal", "hair", "--needle-mm", "2", "--format", "json")
    before = cli(built_clone, *args)
    assert before.returncode == 0, before.stderr
    # An editor raises the useful limit to 2.5 mm and gives hair a rule for needles between
    # its range and that limit: a 2 mm needle now gets that rule instead of "no deeper".
    edited = original.replace("max_useful_mm: {value: 1.5,", "max_useful_mm: {value: 2.5,")
    edited = edited.replace("        shorter_rule: depth.roller-sizes\n",
                            "        shorter_rule: depth.roller-sizes\n"
                            "        longer_rule: depth.no-deeper\n", 1)
    assert edited != original
    rules.write_text(edited, "utf-8")
    try:
        after = cli(built_clone, *args)
        assert after.returncode == 0, after.stderr
        assert '"needle_status": "past-useful"' in before.stdout
        assert '"needle_status": "deeper"' in after.stdout
        # and a broken edit says where and what to do, instead of answering
        rules.write_text(original.replace("max_useful_mm: {value: 1.5,", "max_useful_mm: {value: -1,"),
                         "utf-8")
        broken = cli(built_clone, *args)
        assert broken.returncode == 1 and broken.stdout == ""
        assert "rules.yaml:" in broken.stderr and " — " in broken.stderr
        assert "Traceback" not in broken.stderr
    finally:
        rules.write_text(original, "utf-8")
