"""`python -m calculators frequency ...` through `main(argv)` in this process: the golden
examples, text, JSON and .ics output, the log alone, `--session A B`, refusals at the flag,
notes, and bad input in one line naming the flag."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import assume, given

from calculators import frequency
from calculators.api import run
from calculators.calendar_svg import WEEKDAYS
from calculators.cli import flag_of
from calculators.fields import format_number
from conftest import load_real_rules
from support import (HOSTILE_CLI, HOSTILE_WHEN, advice_rules, assert_one_line_error, flags_of,
                     hostile_numbers, message_line, notes_of, run_cli)
from test_answers import PROPERTY, frequency_inputs

_BOOK = load_real_rules()  # for parametrising at collection time; tests use the `book` fixture
FREQUENCY_EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "frequency"]
FREQUENCY_SPECS = {s.name: s for s in frequency.fields(_BOOK)}
NOW = "2026-11-23T09:00"
JSON_KEYS = {"max_sessions_per_week", "min_gap_hours", "preferred_gap_hours", "next_earliest",
             "next_preferred", "verdict", "messages", "plan", "plan_period", "calendar_svg"}


def fcli(*args: str):
    return run_cli("frequency", *args)


# --- the frequency calculator -----------------------------------------------------------

def two_sessions_and_two_weeks(book) -> dict:
    f = book.frequency
    return {"sessions-per-week": int(f.max_sessions_per_week.value), "minutes": 10, "weeks": 2,
            "sessions": ["2026-11-19T20:00", "2026-11-21T20:00"], "start": "2026-11-23",
            "now": NOW}


def ff(inputs: dict) -> list[str]:
    return flags_of(inputs, FREQUENCY_SPECS.values())


@pytest.mark.parametrize("example", FREQUENCY_EXAMPLES, ids=[e.name for e in FREQUENCY_EXAMPLES])
def test_frequency_golden_examples_in_json(book, example):
    r = fcli(*ff(example.inputs), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == JSON_KEYS
    assert data["verdict"] == example.expect.verdict
    assert advice_rules(data) == list(example.expect.rules)
    assert notes_of(data) == list(example.expect.notes)


def test_frequency_json_is_what_the_api_returns(book):
    inputs = two_sessions_and_two_weeks(book)
    data = json.loads(fcli(*ff(inputs), "--format=json").stdout)
    expected = run("frequency", inputs, book)
    assert data == {k: expected[k] for k in JSON_KEYS}


def test_frequency_text_output(book):
    inputs = two_sessions_and_two_weeks(book)
    r = fcli(*ff(inputs))
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
        assert message_line(m) in out


def test_one_next_time_is_written_once(book):
    # A log whose last session is long past: the earliest and the preferred next session are
    # the same moment (now), and the text says it once, without "preferably".
    inputs = {**two_sessions_and_two_weeks(book), "sessions": ["2026-10-01T20:00"]}
    result = run("frequency", inputs, book)
    assert result["next_earliest"] == result["next_preferred"] is not None
    r = fcli(*ff(inputs))
    assert r.returncode == 0, r.stderr
    moment = dt.datetime.fromisoformat(result["next_earliest"])
    assert f"Next session: from {WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d} at {moment:%H:%M}.\n" in r.stdout
    assert "preferably from" not in r.stdout


@given(inputs=frequency_inputs())
@PROPERTY
def test_the_next_session_names_each_of_its_times_once(inputs):
    # Over any routine, log and clock: the line names the earliest time, and the preferred
    # one only where it is another time; no time twice.
    result = run("frequency", inputs, _BOOK)
    assume(result["valid"] and result["next_earliest"] is not None)
    r = fcli(*ff(inputs))
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("Next session: "))
    times = {result["next_earliest"], result["next_preferred"]}
    for iso_time in times:
        moment = dt.datetime.fromisoformat(iso_time)
        assert line.count(f"{WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d} at {moment:%H:%M}") == 1, line
    assert ("preferably from" in line) == (len(times) == 2), line


def test_frequency_text_without_a_log(book):
    inputs = {k: v for k, v in two_sessions_and_two_weeks(book).items() if k != "sessions"}
    r = fcli(*ff(inputs))
    assert r.returncode == 0, r.stderr
    assert "Next session: any time; no sessions are logged." in r.stdout


def test_frequency_the_log_alone_uses_the_rules_defaults(book):
    """"When may I roll next?": the log alone; the routine is the rules' defaults."""
    f = book.frequency.fields
    r = fcli("--session", "2026-11-20T20:00", "--now", NOW, "--format", "json")
    assert r.returncode == 0, r.stderr
    full = fcli("--session", "2026-11-20T20:00", "--now", NOW, "--format", "json",
                "--sessions-per-week", format_number(f.sessions_per_week.default),
                "--minutes", format_number(f.minutes.default), "--weeks", format_number(f.weeks.default))
    assert json.loads(r.stdout) == json.loads(full.stdout)
    assert json.loads(r.stdout)["next_earliest"]


def test_frequency_session_takes_several_values(book):
    sessions = ["2026-11-17T20:00", "2026-11-19T20:00", "2026-11-21T20:00"]
    repeated = fcli(*[f"--session={s}" for s in sessions], "--now", NOW, "--format", "json")
    together = fcli("--session", *sessions, "--now", NOW, "--format", "json")
    mixed = fcli("--session", *sessions[:2], "--session", sessions[2], "--now", NOW, "--format", "json")
    assert repeated.returncode == together.returncode == mixed.returncode == 0, together.stderr
    assert json.loads(repeated.stdout) == json.loads(together.stdout) == json.loads(mixed.stdout)


def test_frequency_a_session_in_the_future_is_refused_at_the_flag(book):
    r = fcli("--session", "2026-11-20T20:00", "2026-11-23T09:01", "--now", NOW)
    line = assert_one_line_error(r, "--session", "log only sessions you have done")
    assert "entry 2" in line


def test_frequency_a_start_in_the_past_is_refused_at_the_flag(book):
    r = fcli("--start", "2026-11-22", "--now", NOW)
    assert_one_line_error(r, "--start", "today (2026-11-23) or later")
    assert fcli("--start", "2026-11-23", "--now", NOW).returncode == 0


def test_frequency_capped_plan_says_so(book):
    top = int(book.frequency.max_sessions_per_week.value)
    r = fcli("--sessions-per-week", str(top + 1), "--now", NOW, "--format", "json")
    data = json.loads(r.stdout)
    assert notes_of(data) == ["plan-capped"]
    note = next(m for m in data["messages"] if m["note"])
    assert note["rule"] == book.frequency.max_sessions_per_week.rule and note["level"] == "info"
    assert message_line(note) in fcli("--sessions-per-week", str(top + 1), "--now", NOW).stdout


def test_frequency_ics(book):
    import icalendar

    inputs = two_sessions_and_two_weeks(book)
    plan = json.loads(fcli(*ff(inputs), "--format", "json").stdout)["plan"]
    r = fcli(*ff(inputs), "--format", "ics")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    text = r.stdout_bytes.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    found = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in found] == [dt.datetime.fromisoformat(p) for p in plan]


def test_frequency_now_is_a_hidden_flag():
    r = fcli("--help")
    assert r.returncode == 0
    assert "--now" not in r.stdout and "--session" in r.stdout and "ics" in r.stdout


def test_frequency_clock_is_read_when_now_is_not_given(book):
    before = dt.date.today()
    r = fcli("--format", "json")
    assert r.returncode == 0, r.stderr
    start = dt.date.fromisoformat(json.loads(r.stdout)["plan_period"][0])
    assert before <= start <= dt.date.today()


def _frequency_bad_cases():
    for name, spec in FREQUENCY_SPECS.items():
        if spec.hidden:
            continue
        values = list(HOSTILE_CLI)
        if spec.kind == "number":
            values += [format_number(v) if isinstance(v, float) else v
                       for v in hostile_numbers(_BOOK, "frequency", spec)]
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
    accepted = "2026-11-24T20:00" if spec.kind == "datetime-list" else spec.accepted()
    assert_one_line_error(fcli(*ff(base), *given), flag, accepted)


def test_frequency_a_second_bad_session_is_named(book):
    r = fcli("--session", "2026-11-20T20:00", "--session", "2026-11-20T25:00")
    line = assert_one_line_error(r, "--session", "2026-11-24T20:00")
    assert "entry 2" in line


def test_frequency_unknown_flag_lists_the_flags(book):
    r = fcli("--sessions", "2026-11-20T20:00")
    line = assert_one_line_error(r, "--sessions", "--session,", echoes=True)
    for spec in FREQUENCY_SPECS.values():
        assert (flag_of(spec) in line) != spec.hidden


def test_frequency_ics_with_an_empty_plan_is_an_error_not_an_empty_calendar(book):
    """Three sessions this morning: the weekly maximum keeps the whole week free, so a
    one-week plan is empty (and says why); there is no calendar to write, and the error says
    what to change."""
    args = ["--session", "2026-11-23T06:00", "2026-11-23T07:00", "2026-11-23T08:00",
            "--sessions-per-week", "1", "--weeks", "1", "--time", "05:00", "--now", NOW]
    data = json.loads(fcli(*args, "--format", "json").stdout)
    assert data["plan"] == [] and notes_of(data) == ["plan-shorter"]
    r = fcli(*args, "--format", "ics")
    line = assert_one_line_error(r, "--format ics: the plan is empty", "--weeks")
    assert "--start" in line
