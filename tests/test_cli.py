"""`python -m calculators depth ...` as a reader runs it: a real subprocess in the checkout.

The CLI reads calculators/rules.json, which the conftest's autouse fixture exports from
rules.yaml; expectations here come from the Rulebook and the golden examples.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from calculators import frequency
from calculators.calendar_svg import WEEKDAYS
from calculators.cli import flag_of
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


# --- the frequency calculator -----------------------------------------------------------

FREQUENCY_EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "frequency"]
FREQUENCY_SPECS = {s.name: s for s in frequency.fields(_BOOK)}
NOW = "2026-11-23T09:00"
JSON_KEYS = {"max_sessions_per_week", "min_gap_hours", "preferred_gap_hours", "next_earliest",
             "next_preferred", "verdict", "messages", "plan", "plan_period", "calendar_svg"}


def fcli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", "frequency", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def frequency_flags(inputs: dict) -> list[str]:
    out = []
    for name, value in inputs.items():
        flag = flag_of(FREQUENCY_SPECS[name])
        out += [f"{flag}={v}" for v in value] if isinstance(value, list) else [f"{flag}={value}"]
    return out


def two_sessions_and_two_weeks(book) -> dict:
    f = book.frequency
    return {"sessions-per-week": int(f.max_sessions_per_week.value), "minutes": 10, "weeks": 2,
            "sessions": ["2026-11-19T20:00", "2026-11-21T20:00"], "start": "2026-11-23",
            "now": NOW}


@pytest.mark.parametrize("example", FREQUENCY_EXAMPLES, ids=[e.name for e in FREQUENCY_EXAMPLES])
def test_frequency_golden_examples_in_json(book, example):
    r = fcli(*frequency_flags(example.inputs), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == JSON_KEYS
    assert data["verdict"] == example.expect.verdict
    assert [m["rule"] for m in data["messages"]] == list(example.expect.rules)


def test_frequency_json_is_what_the_api_returns(book):
    from calculators.api import run

    inputs = two_sessions_and_two_weeks(book)
    data = json.loads(fcli(*frequency_flags(inputs), "--format=json").stdout)
    expected = run("frequency", inputs, book)
    assert data == {k: expected[k] for k in JSON_KEYS}


def test_frequency_text_output(book):
    from calculators.api import run

    inputs = two_sessions_and_two_weeks(book)
    r = fcli(*frequency_flags(inputs))
    assert r.returncode == 0 and r.stderr == "", r.stderr
    out = r.stdout
    assert "<svg" not in out and "{" not in out
    result = run("frequency", inputs, book)
    f = book.frequency
    assert (f"At most {format_number(f.max_sessions_per_week.value)} sessions in any 7 days, "
            f"at least {format_number(f.min_gap_hours.value)} hours apart") in out
    earliest = dt.datetime.fromisoformat(result["next_earliest"])
    preferred = dt.datetime.fromisoformat(result["next_preferred"])
    assert (f"Next session: from {WEEKDAYS[earliest.weekday()]} {earliest:%Y-%m-%d} at "
            f"{earliest:%H:%M} at the earliest, preferably from "
            f"{WEEKDAYS[preferred.weekday()]} {preferred:%Y-%m-%d} at {preferred:%H:%M}.") in out
    plan_lines = [line for line in out.splitlines() if line.startswith("- ") and " at " in line]
    assert len(plan_lines) == len(result["plan"]) > 0
    for line, planned in zip(plan_lines, result["plan"]):
        moment = dt.datetime.fromisoformat(planned)
        assert line == f"- {WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d} at {moment:%H:%M}."
    assert f"Verdict: {result['verdict']}." in out
    for m in result["messages"]:
        assert f"- [{m['level']}] {' '.join(m['text'].split())} ({m['rule']})" in out


def test_frequency_text_without_a_log(book):
    inputs = {k: v for k, v in two_sessions_and_two_weeks(book).items() if k != "sessions"}
    r = fcli(*frequency_flags(inputs))
    assert r.returncode == 0, r.stderr
    assert "Next session: any time; no sessions are logged." in r.stdout


def test_frequency_ics(book):
    import icalendar

    inputs = two_sessions_and_two_weeks(book)
    plan = json.loads(fcli(*frequency_flags(inputs), "--format", "json").stdout)["plan"]
    r = subprocess.run([sys.executable, "-m", "calculators", "frequency",
                        *frequency_flags(inputs), "--format", "ics"], cwd=ROOT,
                       capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stderr == b"", r.stderr
    text = r.stdout.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    found = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in found] == [dt.datetime.fromisoformat(p) for p in plan]


def test_ics_is_only_for_the_frequency_calculator():
    r = cli("--goal", _valid_goal_for("goal"), "--format", "ics")
    assert_one_line_error(r, "--format", "json", echoes=True)


def test_frequency_now_is_a_hidden_flag():
    r = fcli("--help")
    assert r.returncode == 0
    assert "--now" not in r.stdout and "--session" in r.stdout and "ics" in r.stdout


def test_frequency_clock_is_read_when_now_is_not_given(book):
    inputs = {k: v for k, v in two_sessions_and_two_weeks(book).items()
              if k not in ("now", "start")}
    before = dt.date.today()
    r = fcli(*frequency_flags(inputs), "--format", "json")
    assert r.returncode == 0, r.stderr
    start = dt.date.fromisoformat(json.loads(r.stdout)["plan_period"][0])
    assert before <= start <= dt.date.today()


HOSTILE_WHEN = ["2026-W48-1", "2026-327", "20261124", "2026-11-24T20:00Z", "2026-02-30",
                "1999-12-31", "24:00", "2026-11-24 20:00", "８:00"]


def _frequency_bad_cases():
    for name, spec in FREQUENCY_SPECS.items():
        if spec.hidden:
            continue
        values = list(HOSTILE)
        if spec.kind == "number":
            lim = {"needle-mm": _BOOK.frequency.fields.needle_mm,
                   "sessions-per-week": _BOOK.frequency.fields.sessions_per_week,
                   "minutes": _BOOK.frequency.fields.minutes,
                   "weeks": _BOOK.frequency.fields.weeks}[name]
            values += [format_number(lim.min - lim.step), format_number(lim.max + lim.step)]
        else:
            values += HOSTILE_WHEN
        for value in values:
            yield pytest.param(name, value, id=f"{flag_of(spec)}={value!r:.30}")


@pytest.mark.parametrize("field,value", list(_frequency_bad_cases()))
@pytest.mark.parametrize("form", ["separate", "equals"])
def test_frequency_bad_value_exits_2_with_one_line_naming_the_flag(book, field, value, form):
    spec = FREQUENCY_SPECS[field]
    flag = flag_of(spec)
    base = {k: v for k, v in two_sessions_and_two_weeks(book).items() if k != field}
    given = [flag, value] if form == "separate" else [f"{flag}={value}"]
    r = fcli(*frequency_flags(base), *given)
    accepted = "2026-11-24T20:00" if spec.kind == "datetime-list" else spec.accepted()
    assert_one_line_error(r, flag, accepted)


@pytest.mark.parametrize("field", ["sessions-per-week", "minutes"])
def test_frequency_missing_required(book, field):
    base = {k: v for k, v in two_sessions_and_two_weeks(book).items() if k != field}
    r = fcli(*frequency_flags(base))
    assert_one_line_error(r, f"--{field}", FREQUENCY_SPECS[field].accepted())


def test_frequency_a_second_bad_session_is_named(book):
    r = fcli("--sessions-per-week", "2", "--minutes", "10", "--session", "2026-11-20T20:00",
             "--session", "2026-11-20T25:00")
    line = assert_one_line_error(r, "--session", "2026-11-24T20:00")
    assert "entry 2" in line


def test_frequency_unknown_flag_lists_the_flags(book):
    r = fcli("--sessions-per-week", "2", "--minutes", "10", "--sessions", "2026-11-20T20:00")
    line = assert_one_line_error(r, "--sessions", "--session,", echoes=True)
    for spec in FREQUENCY_SPECS.values():
        assert (flag_of(spec) in line) != spec.hidden


def test_frequency_broken_pipe_is_quiet():
    proc = subprocess.Popen([sys.executable, "-m", "calculators", "frequency",
                             "--sessions-per-week", "2", "--minutes", "10", "--format", "ics"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    proc.stderr.close()
    assert "Traceback" not in err


def test_frequency_ics_with_an_empty_plan_is_an_error_not_an_empty_calendar():
    # A plan that ended before `now`: no session fits, so there is no calendar to write.
    done = subprocess.run([sys.executable, "-m", "calculators", "frequency", "--sessions-per-week", "2",
                           "--minutes", "10", "--start", "2026-01-01", "--weeks", "1",
                           "--now", "2026-03-01T10:00", "--format", "ics"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--format ics: the plan is empty" in done.stderr
