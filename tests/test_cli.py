"""`python -m calculators depth ...` as a reader runs it: a real subprocess in the checkout.

The CLI reads calculators/rules.json, which the conftest's autouse fixture exports from
rules.yaml; expectations here come from the Rulebook and the golden examples.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from calculators.depth import fields
from calculators.fields import format_number

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", "depth", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def flags_of(inputs: dict) -> list[str]:
    return [f"--{k}={v}" for k, v in inputs.items()]


def _load_for_collection():
    from rulebook.loading import load

    seed = ROOT.parent / "shared" / "seed"
    return load(ROOT / "rules.yaml", seed if seed.is_dir() else None)


_BOOK = _load_for_collection()
EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "depth"]
SPECS = {s.name: s for s in fields(_BOOK)}


def mm(low, high) -> str:
    return f"{format_number(low)} mm" if low == high else f"{format_number(low)}–{format_number(high)} mm"


# --- answers ----------------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_text_output_is_readable_sentences(book, example):
    r = cli(*flags_of(example.inputs))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    out = r.stdout
    assert "<svg" not in out and "{" not in out  # no data dump in the text format
    if example.expect.recommended_mm is not None:
        assert f"Recommended needle length: {mm(*example.expect.recommended_mm)}." in out
    assert f"Verdict: {example.expect.verdict}." in out
    positions = []
    for rule_id in example.expect.rules:
        rule = book.rule(rule_id)
        line = f"- [{rule.level}] {' '.join(rule.advice.split())} ({rule.id})"
        assert line in out.splitlines(), (line, out)
        positions.append(out.index(line))
    assert positions == sorted(positions), "messages in the calculator's order"
    for line in out.strip().splitlines():
        assert line.rstrip().endswith((".", ")")), line  # sentences, not fragments


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_json_output(book, example):
    r = cli(*flags_of(example.inputs), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"recommended_mm", "verdict", "messages", "diagram_svg"}
    assert data["verdict"] == example.expect.verdict
    assert [m["rule"] for m in data["messages"]] == list(example.expect.rules)
    for m in data["messages"]:
        assert m["text"] == book.rule(m["rule"]).advice
    if example.expect.recommended_mm is not None:
        assert data["recommended_mm"] == list(example.expect.recommended_mm)
    root = ET.fromstring(data["diagram_svg"])
    needle = root.find(".//{http://www.w3.org/2000/svg}g[@class='needle']")
    assert (needle is not None) == ("needle-mm" in example.inputs)


def test_json_is_what_the_api_returns(book):
    """One function feeds the CLI, the browser and the tests."""
    from calculators.api import run

    example = next(e for e in EXAMPLES if "needle-mm" in e.inputs)
    data = json.loads(cli(*flags_of(example.inputs), "--format=json").stdout)
    expected = run("depth", {k: str(v) for k, v in example.inputs.items()}, book)
    assert data == {k: expected[k] for k in ("recommended_mm", "verdict", "messages", "diagram_svg")}


# --- bad input --------------------------------------------------------------------------

HOSTILE = ["", "   ", "-1", "nan", "NaN", "Infinity", "-inf", "1e308", "1e309", "ten",
           "<script>alert(1)</script>", "1.5mm", "hair\nskin", "\x1b[31mred", "9" * 400]


def _valid_goal_for(field: str) -> str:
    spec = SPECS[field]
    return spec.only_when.get("goal", [g.id for g in _BOOK.depth.goals])[0]


def _bad_cases():
    for name, spec in SPECS.items():
        values = list(HOSTILE)
        if spec.kind == "choice":
            values += ["unknown-option", spec.options[0][0].upper()]
        else:
            lim = {"needle-mm": _BOOK.depth.fields.needle_mm,
                   "shaft-percent": _BOOK.depth.fields.shaft_percent}[name]
            values += [format_number(lim.min - lim.step), format_number(lim.max + lim.step),
                       format_number(-lim.max)]
        for value in values:
            yield pytest.param(name, value, id=f"--{name}={value!r:.30}")


def assert_one_line_error(r: subprocess.CompletedProcess, flag: str, accepted: str,
                          echoes: bool = False) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and r.stderr.endswith("\n"), r.stderr
    line = lines[0]
    assert flag in line, line
    assert accepted in line, line
    if not echoes:  # a field's error says what is accepted, never what was typed
        assert "<script>" not in line
    assert "\x1b" not in line
    return line


@pytest.mark.parametrize("field,value", list(_bad_cases()))
@pytest.mark.parametrize("form", ["separate", "equals"])
def test_bad_value_exits_2_with_one_line_naming_the_flag(field, value, form):
    spec = SPECS[field]
    goal = [] if field == "goal" else ["--goal", _valid_goal_for(field)]
    given = [f"--{field}", value] if form == "separate" else [f"--{field}={value}"]
    r = cli(*goal, *given)
    assert_one_line_error(r, f"--{field}", spec.accepted())


def test_missing_goal():
    r = cli()
    assert_one_line_error(r, "--goal", SPECS["goal"].accepted())


@pytest.mark.parametrize("args", [["--goal"], ["--needle-mm"], ["--goal", "--needle-mm", "1"]], ids=" ".join)
def test_flag_without_its_value(args):
    flag = args[-1] if len(args) == 1 else args[0]
    r = cli(*args)
    assert_one_line_error(r, flag, SPECS[flag.removeprefix("--")].accepted())


@pytest.mark.parametrize("args", [["--colour", "red"], ["--<script>=1"], ["stray"], ["--needle_mm", "1"]],
                         ids=" ".join)
def test_unknown_flag_lists_the_flags(args):
    r = cli("--goal", _valid_goal_for("goal"), *args)
    line = assert_one_line_error(r, args[0], "--needle-mm", echoes=True)
    for name in SPECS:
        assert f"--{name}" in line


@pytest.mark.parametrize("value", ["xml", "", "<script>"])
def test_bad_format(value):
    r = cli("--goal", _valid_goal_for("goal"), "--format", value)
    assert_one_line_error(r, "--format", "json", echoes=True)


def test_area_is_ignored_for_a_goal_without_areas():
    goal = next((g.id for g in _BOOK.depth.goals if g.id not in SPECS["area"].only_when["goal"]), None)
    if goal is None:
        pytest.skip("every goal takes an area")
    with_area = cli("--goal", goal, "--area", SPECS["area"].options[0][0], "--format", "json")
    without = cli("--goal", goal, "--format", "json")
    assert with_area.returncode == 0 and json.loads(with_area.stdout) == json.loads(without.stdout)


def test_broken_pipe_is_quiet():
    """`... | head -c1` closes the pipe early: no traceback on the terminal."""
    proc = subprocess.Popen([sys.executable, "-m", "calculators", "depth", "--goal",
                             _valid_goal_for("goal"), "--format", "json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the CLI has written anything
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    proc.stderr.close()
    assert "Traceback" not in err
