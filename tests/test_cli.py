"""`python -m calculators ...` as a reader runs it, through `main(argv)` in this process.

In a checkout the CLI reads rules.yaml itself; expectations here come from the Rulebook and
the golden examples. A handful of subprocess smoke tests at the end run the real process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from calculators import cli, depth, frequency
from calculators.api import run
from calculators.cli import flag_of
from calculators.fields import format_mm_range, format_number
from conftest import ROOT, load_real_rules
from support import (HOSTILE_CLI, advice_rules, assert_one_line_error, flags_of, hostile_numbers,
                     run_cli)

_BOOK = load_real_rules()  # for parametrising at collection time; tests use the `book` fixture
EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "depth"]
SPECS = {s.name: s for s in depth.fields(_BOOK)}
FREQUENCY_SPECS = {s.name: s for s in frequency.fields(_BOOK)}


def dcli(*args: str):
    return run_cli("depth", *args)


def fcli(*args: str):
    return run_cli("frequency", *args)


# --- depth answers ----------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_text_output_is_readable_sentences(book, example):
    r = dcli(*flags_of(example.inputs, SPECS.values()))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    out = r.stdout
    assert "<svg" not in out and "{" not in out  # no data dump in the text format
    if example.expect.recommended_mm is not None:
        assert f"Recommended needle length: {format_mm_range(*example.expect.recommended_mm)}." in out
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
    r = dcli(*flags_of(example.inputs, SPECS.values()), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"recommended_mm", "needle_status", "verdict", "messages", "diagram_svg"}
    assert data["verdict"] == example.expect.verdict
    assert advice_rules(data) == list(example.expect.rules)
    for m in data["messages"]:
        assert m["text"] == book.rule(m["rule"]).advice
    if example.expect.recommended_mm is not None:
        assert data["recommended_mm"] == list(example.expect.recommended_mm)
    root = ET.fromstring(data["diagram_svg"])
    needle = root.find(".//{http://www.w3.org/2000/svg}g[@class='needle']")
    assert (needle is not None) == ("needle-mm" in example.inputs)


def test_json_is_what_the_api_returns(book):
    """One function feeds the CLI, the browser and the tests."""
    example = next(e for e in EXAMPLES if "needle-mm" in e.inputs)
    data = json.loads(dcli(*flags_of(example.inputs, SPECS.values()), "--format=json").stdout)
    expected = run("depth", {k: str(v) for k, v in example.inputs.items()}, book)
    assert data == {k: expected[k] for k in data}


# --- bad input --------------------------------------------------------------------------

def _valid_goal_for(field: str) -> str:
    return SPECS[field].only_when.get("goal", [g.id for g in _BOOK.depth.goals])[0]


def _bad_cases():
    for name, spec in SPECS.items():
        values = list(HOSTILE_CLI)
        if spec.kind == "choice":
            values += ["unknown-option", spec.options[0][0].upper()]
        else:
            values += [format_number(v) if isinstance(v, float) else v
                       for v in hostile_numbers(_BOOK, "depth", spec)]
        for value in values:
            yield pytest.param(name, value, id=f"--{name}={value!r:.30}")


@pytest.mark.parametrize("field,value", list(_bad_cases()))
@pytest.mark.parametrize("form", ["separate", "equals"])
def test_bad_value_exits_2_with_one_line_naming_the_flag(field, value, form):
    goal = [] if field == "goal" else ["--goal", _valid_goal_for(field)]
    given = [f"--{field}", value] if form == "separate" else [f"--{field}={value}"]
    assert_one_line_error(dcli(*goal, *given), f"--{field}", SPECS[field].accepted())


def test_no_calculator_says_which_there_are():
    r = run_cli()
    line = assert_one_line_error(r, "python -m calculators", "depth --help")
    for name in cli.CALCULATORS:
        assert name in line


def test_missing_goal():
    assert_one_line_error(dcli(), "--goal", SPECS["goal"].accepted())


@pytest.mark.parametrize("args", [["--goal"], ["--needle-mm"], ["--goal", "--needle-mm", "1"]], ids=" ".join)
def test_flag_without_its_value(args):
    flag = args[-1] if len(args) == 1 else args[0]
    assert_one_line_error(dcli(*args), flag, SPECS[flag.removeprefix("--")].accepted())


@pytest.mark.parametrize("args", [["--colour", "red"], ["--<script>=1"], ["stray"], ["--needle_mm", "1"]],
                         ids=" ".join)
def test_unknown_flag_lists_the_flags(args):
    line = assert_one_line_error(dcli("--goal", _valid_goal_for("goal"), *args), args[0],
                                 "--needle-mm", echoes=True)
    for name in SPECS:
        assert f"--{name}" in line


@pytest.mark.parametrize("value", ["xml", "", "<script>"])
def test_bad_format(value):
    assert_one_line_error(dcli("--goal", _valid_goal_for("goal"), "--format", value), "--format",
                          "json", echoes=True)


def test_area_is_ignored_for_a_goal_without_areas():
    goal = next((g.id for g in _BOOK.depth.goals if g.id not in SPECS["area"].only_when["goal"]), None)
    if goal is None:
        pytest.skip("every goal takes an area")
    with_area = dcli("--goal", goal, "--area", SPECS["area"].options[0][0], "--format", "json")
    without = dcli("--goal", goal, "--format", "json")
    assert with_area.returncode == 0 and json.loads(with_area.stdout) == json.loads(without.stdout)


def test_ics_is_only_for_the_frequency_calculator():
    assert_one_line_error(dcli("--goal", _valid_goal_for("goal"), "--format", "ics"), "--format",
                          "json", echoes=True)


# --- --help, for every command ----------------------------------------------------------

def _commands():
    yield pytest.param("calculators", [], id="calculators")
    for name in cli.CALCULATORS:
        yield pytest.param("calculators", [name], id=f"calculators {name}")
    for name in ("check", "export", "schema"):
        yield pytest.param("rulebook", [name], id=f"rulebook {name}")
    yield pytest.param("rulebook", [], id="rulebook")


@pytest.mark.parametrize("package,command", list(_commands()))
def test_help_of_every_command(package, command, capsys):
    """argparse formats help texts with %: a literal % (the hair thickness's unit) must not
    end --help in a traceback."""
    if package == "calculators":
        r = run_cli(*command, "--help")
        code, out = r.returncode, r.stdout
    else:
        from rulebook.__main__ import main
        with pytest.raises(SystemExit) as info:
            main([*command, "--help"])
        code, out = info.value.code, capsys.readouterr().out
    assert code == 0
    assert out.startswith("usage: ") and "Traceback" not in out
    if command and package == "calculators":
        for spec in (SPECS if command == ["depth"] else FREQUENCY_SPECS).values():
            assert (flag_of(spec) in out) != spec.hidden
        assert "%%" not in out


def test_the_commands_in_the_help_test_are_all_the_commands():
    assert set(cli.CALCULATORS) == {"depth", "frequency"}
    r = run_cli("--help")
    assert "{depth,frequency}" in r.stdout


# --- rules.yaml reaches the CLI ---------------------------------------------------------

@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """The CLI pointed at a copy of rules.yaml, as if it were the checkout's."""
    copy = tmp_path / "rules.yaml"
    copy.write_bytes((ROOT / "rules.yaml").read_bytes())
    monkeypatch.setattr(cli, "CHECKOUT_RULES", copy)
    return copy


def test_an_edit_of_rules_yaml_reaches_the_next_answer(book, rules_copy):
    rule = book.rule(book.depth.max_useful_mm.rule)
    args = ("--goal", _valid_goal_for("goal"), "--needle-mm",
            format_number(book.depth.max_useful_mm.value + book.depth.fields.needle_mm.step))
    before = dcli(*args)
    assert " ".join(rule.advice.split()) in before.stdout
    text = rules_copy.read_text("utf-8")
    at = text.index("advice: >-\n", text.index(f"- id: {rule.id}\n")) + len("advice: >-\n")
    at = text.index(rule.advice.split()[0], at)
    rules_copy.write_text(text[:at] + "EDITED " + text[at:], "utf-8")
    after = dcli(*args)
    assert after.returncode == 0 and "EDITED" in after.stdout and "EDITED" not in before.stdout


def test_a_broken_rules_yaml_names_line_and_fix(rules_copy):
    text = rules_copy.read_text("utf-8")
    rules_copy.write_text(text.replace("danger_from_mm: {value: 3.0, rule: depth.follicle-danger}",
                                       "danger_from_mm: {value: 3.0, rule: depth.no-such-rule}"), "utf-8")
    r = dcli("--goal", _valid_goal_for("goal"))
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    problem = r.stderr.splitlines()[1]
    assert problem.startswith(f"{cli._shown(rules_copy)}:")
    assert "no rule has the id 'depth.no-such-rule'" in problem
    assert " — use the id of a rule in 'rules'" in problem  # the fix


def test_without_the_build_side_the_embedded_rules_answer(monkeypatch):
    """A checkout whose Python lacks the build side's packages still answers from the rules
    embedded in the package (the conftest exports them), and says how to set up if absent."""
    monkeypatch.setitem(sys.modules, "rulebook.loading", None)  # import raises ImportError
    r = dcli("--goal", _valid_goal_for("goal"))
    assert r.returncode == 0, r.stderr
    monkeypatch.setattr(cli.Rulebook, "embedded", classmethod(lambda cls: (_ for _ in ()).throw(
        cli.RulesError([]))))
    r = dcli("--goal", _valid_goal_for("goal"))
    assert r.returncode == 1 and "make setup" in r.stderr and "Traceback" not in r.stderr


# --- the real process: a few smoke tests ------------------------------------------------

def process(*args: str, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT,
                          capture_output=True, text=text, timeout=60,
                          **({"encoding": "utf-8"} if text else {}))


def test_process_answers_and_prints_help(book):
    r = process("depth", "--goal", _valid_goal_for("goal"), "--needle-mm", "2")
    assert r.returncode == 0 and "Verdict: " in r.stdout and r.stderr == ""
    for command in (["--help"], ["depth", "--help"], ["frequency", "--help"]):
        r = process(*command)
        assert r.returncode == 0 and r.stdout.startswith("usage: ") and r.stderr == "", command


def test_process_bad_value_exits_2():
    r = process("depth", "--goal", "<script>")
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1


def test_process_writes_the_ics_as_bytes():
    r = process("frequency", "--session", "2026-11-20T20:00", "--now", "2026-11-23T09:00",
                "--format", "ics", text=False)
    assert r.returncode == 0 and r.stdout.startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize("args", [["depth", "--goal", "hair", "--format", "json"],
                                  ["frequency", "--format", "ics"]], ids=" ".join)
def test_broken_pipe_is_quiet(args):
    """`... | head -c1` closes the pipe early: no traceback on the terminal."""
    proc = subprocess.Popen([sys.executable, "-m", "calculators", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the CLI has written anything
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    proc.stderr.close()
    assert "Traceback" not in err
