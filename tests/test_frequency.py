"""The frequency calculator and planner through its one entry point, `calculators.api.run`.

Every limit here comes from the Rulebook (rules.yaml): the weekly maximum, the gaps, the
long-session threshold, the fields' bounds and the golden examples. The properties are the
issue's: a plan never puts two sessions (logged ones included) closer than the minimum gap,
never more than the weekly maximum into any 7 days, and `next_earliest` is never before the
minimum gap after the last session.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.api import run
from calculators.fields import YEARS
from calculators.frequency import calculate, fields
from calculators.rules_model import VERDICT_OF_LEVEL, VERDICTS
from conftest import load_real_rules
from support import (EMPTY, HOSTILE_TEXT, HOSTILE_VALUES, HOSTILE_WHEN, advice_rules,
                     hostile_numbers, iso, notes_of, rank, when)

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
WEEK = dt.timedelta(days=7)
MINUTE = dt.timedelta(minutes=1)


_BOOK = load_real_rules()  # for parametrising at collection time; tests use the `book` fixture
EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "frequency"]
SPECS = {s.name: s for s in fields(_BOOK)}


class Limits:
    """The Rulebook's frequency numbers as Python values."""

    def __init__(self, book):
        f = book.frequency
        self.max = int(math.floor(f.max_sessions_per_week.value))
        self.min_gap = dt.timedelta(hours=f.min_gap_hours.value)
        self.preferred = dt.timedelta(hours=f.preferred_gap_hours.value)
        self.long = f.long_session_minutes.value
        self.f = f


def routine(book, **extra) -> dict:
    """A routine within every limit: the weekly maximum, short sessions."""
    lim = book.frequency.fields
    return {"sessions-per-week": int(book.frequency.max_sessions_per_week.value),
            "minutes": int(lim.minutes.min), **extra}


def rules_of(result) -> list[str]:
    """Every rule the messages cite, notes included."""
    return [m["rule"] for m in result["messages"]]


def verdict_of_rule(book, rule_id: str) -> str:
    return VERDICT_OF_LEVEL[book.rule(rule_id).level]


# --- golden examples --------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_golden_example(book, example):
    """As in rules.yaml: an example without `now` runs at the clock's time."""
    result = run("frequency", dict(example.inputs), book)
    assert result["valid"] is True, result
    assert result["verdict"] == example.expect.verdict
    assert advice_rules(result) == list(example.expect.rules)
    assert notes_of(result) == list(example.expect.notes)


CLOCKLESS = [e for e in EXAMPLES if "now" not in e.inputs]


@pytest.mark.parametrize("now", ["2001-01-01T00:00", "2026-11-23T09:00", "2099-12-31T23:59"])
@pytest.mark.parametrize("example", CLOCKLESS, ids=[e.name for e in CLOCKLESS])
def test_golden_example_without_now_at_any_time(book, example, now):
    """An example that gives no `now` must not depend on it (rules.yaml's examples with a
    log or a start date give theirs: the check refuses a log after now)."""
    result = run("frequency", {**example.inputs, "now": now}, book)
    assert (result["verdict"], advice_rules(result), notes_of(result)) == \
        (example.expect.verdict, list(example.expect.rules), list(example.expect.notes))


def test_examples_with_a_log_or_a_start_give_now():
    for e in EXAMPLES:
        if "sessions" in e.inputs or "start" in e.inputs:
            assert "now" in e.inputs, e.name


def test_golden_examples_cover_every_verdict():
    assert {e.expect.verdict for e in EXAMPLES} == set(VERDICTS)


def test_golden_examples_include_a_log():
    assert any(e.inputs.get("sessions") and e.inputs.get("start") for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_result_is_plain_json(book, example):
    result = run("frequency", {"now": "2026-11-23T09:00", **example.inputs}, book)
    assert json.loads(json.dumps(result, allow_nan=False)) == result


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_form_strings_give_the_same_answer(book, example):
    """The browser and the CLI send strings; the answer must not depend on that."""
    inputs = {"now": "2026-11-23T09:00", **example.inputs}
    as_text = {k: v if isinstance(v, list) else str(v) for k, v in inputs.items()}
    a, b = run("frequency", inputs, book), run("frequency", as_text, book)
    assert {k: v for k, v in a.items() if k != "inputs"} == \
        {k: v for k, v in b.items() if k != "inputs"}


# --- the clock and purity ---------------------------------------------------------------

def test_run_fills_now_from_the_clock(book):
    before = dt.datetime.now().replace(microsecond=0)
    result = run("frequency", routine(book), book)
    after = dt.datetime.now()
    assert before <= when(result["inputs"]["now"]) <= after
    assert result["plan_period"][0] == when(result["inputs"]["now"]).date().isoformat()


def test_calculate_is_a_pure_function_of_its_inputs(book):
    from calculators.fields import parse

    values, errors = parse(fields(book), {**routine(book), "now": "2026-11-23T09:00",
                                          "sessions": ["2026-11-21T20:00"]})
    assert not errors
    assert calculate(book, dict(values)) == calculate(book, dict(values))
    without_now = {k: v for k, v in values.items() if k != "now"}
    with pytest.raises(ValueError, match="now"):
        calculate(book, without_now)


def test_numbers_come_from_the_rulebook(book):
    f = book.frequency
    result = run("frequency", {**routine(book), "now": "2026-11-23T09:00"}, book)
    assert result["max_sessions_per_week"] == f.max_sessions_per_week.value
    assert result["min_gap_hours"] == f.min_gap_hours.value
    assert result["preferred_gap_hours"] == f.preferred_gap_hours.value
    assert result["next_earliest"] is None and result["next_preferred"] is None


# --- the routine ------------------------------------------------------------------------

def test_sessions_per_week_at_and_over_the_maximum(book):
    lim = Limits(book)
    base = {"minutes": int(book.frequency.fields.minutes.min), "now": "2026-11-23T09:00"}
    at_max = run("frequency", {**base, "sessions-per-week": lim.max}, book)
    over = run("frequency", {**base, "sessions-per-week": lim.max + 1}, book)
    assert at_max["verdict"] == "ok" and at_max["messages"] == []
    assert over["verdict"] == verdict_of_rule(book, lim.f.max_sessions_per_week.rule)
    assert advice_rules(over) == [lim.f.max_sessions_per_week.rule]
    assert notes_of(over) == ["plan-capped"]  # the plan keeps to the limit, and says so
    assert len(over["plan"]) == len(at_max["plan"])


def test_daily_sessions_cite_the_overdoing_rule(book):
    lim = Limits(book)
    top = int(book.frequency.fields.sessions_per_week.max)
    for n in range(1, top + 1):
        result = run("frequency", {**routine(book), "sessions-per-week": n,
                                   "now": "2026-11-23T09:00"}, book)
        daily = n >= 7 or n * lim.min_gap > WEEK
        assert (lim.f.daily_rule in rules_of(result)) == daily, n
        assert rank(result["verdict"]) >= rank("not-recommended" if n > lim.max else "ok")


def test_long_sessions(book):
    lim = Limits(book)
    f = book.frequency.fields.minutes
    for minutes, long in ((lim.long - 1, False), (lim.long, True), (f.max, True)):
        result = run("frequency", routine(book, minutes=int(minutes), now="2026-11-23T09:00"),
                     book)
        assert (lim.f.long_session_minutes.rule in rules_of(result)) == long
        assert result["verdict"] == (verdict_of_rule(book, lim.f.long_session_minutes.rule)
                                     if long else "ok")


def test_needle_at_the_danger_length(book):
    d = book.depth
    step = book.frequency.fields.needle_mm.step
    for needle, danger in ((d.danger_from_mm.value - step, False), (d.danger_from_mm.value, True)):
        result = run("frequency", routine(book, **{"needle-mm": needle}, now="2026-11-23T09:00"),
                     book)
        assert (d.danger_from_mm.rule in rules_of(result)) == danger
        assert result["verdict"] == (verdict_of_rule(book, d.danger_from_mm.rule) if danger else "ok")


# --- the log ----------------------------------------------------------------------------

def _log_result(book, *moments: dt.datetime, **extra):
    return run("frequency", routine(book, sessions=[iso(m) for m in moments],
                                    now="2026-11-23T09:00", **extra), book)


def test_gaps_in_the_log_at_the_rulebook_limits(book):
    lim = Limits(book)
    a = dt.datetime(2026, 11, 10, 20, 0)
    too_close = _log_result(book, a, a + lim.min_gap - MINUTE)
    at_min = _log_result(book, a, a + lim.min_gap)
    at_preferred = _log_result(book, a, a + lim.preferred)
    assert lim.f.daily_rule in rules_of(too_close) and too_close["verdict"] == "not-recommended"
    # Between the minimum and the preferred gap: the healing rule (info), verdict unchanged.
    assert rules_of(at_min) == [lim.f.preferred_gap_hours.rule]
    assert book.rule(lim.f.preferred_gap_hours.rule).level == "info"
    assert at_min["verdict"] == "ok"
    assert at_preferred["messages"] == [] and at_preferred["verdict"] == "ok"


def test_seconds_count_in_the_log(book):
    lim = Limits(book)
    a = dt.datetime(2026, 11, 10, 20, 0, 30)
    result = _log_result(book, a, a + lim.min_gap - dt.timedelta(seconds=1))
    assert lim.f.daily_rule in rules_of(result)


def test_weekly_maximum_in_the_log_is_a_rolling_window(book):
    lim = Limits(book)
    a = dt.datetime(2026, 11, 2, 20, 0)
    step = lim.preferred  # gaps that are fine on their own
    span = step * lim.max
    if span >= WEEK:
        pytest.skip("the preferred gap alone keeps the weekly maximum")
    # max + 1 sessions: crowded while they fall into one 7-day window, fine once they do not
    crowded = [a + step * i for i in range(lim.max)] + [a + WEEK - MINUTE]
    spread = [a + step * i for i in range(lim.max)] + [a + WEEK]
    assert lim.f.max_sessions_per_week.rule in rules_of(_log_result(book, *crowded))
    assert _log_result(book, *crowded)["verdict"] == "not-recommended"
    assert lim.f.max_sessions_per_week.rule not in rules_of(_log_result(book, *spread))


def test_the_same_session_entered_twice_counts_once(book):
    a = dt.datetime(2026, 11, 20, 20, 0)
    once, twice = _log_result(book, a), _log_result(book, a, a)
    assert {k: v for k, v in once.items() if k != "inputs"} == \
        {k: v for k, v in twice.items() if k != "inputs"}


def test_the_log_in_any_order(book):
    lim = Limits(book)
    a = dt.datetime(2026, 11, 10, 20, 0)
    moments = [a, a + lim.preferred, a + lim.preferred * 2]
    forward, backward = _log_result(book, *moments), _log_result(book, *reversed(moments))
    assert {k: v for k, v in forward.items() if k != "inputs"} == \
        {k: v for k, v in backward.items() if k != "inputs"}


def test_next_session_after_a_recent_log(book):
    lim = Limits(book)
    now = dt.datetime(2026, 11, 23, 9, 0)
    last = now - dt.timedelta(hours=3)
    result = run("frequency", routine(book, sessions=[iso(last)], now=iso(now)), book)
    assert when(result["next_earliest"]) == last + lim.min_gap
    assert when(result["next_preferred"]) == last + lim.preferred
    assert when(result["plan"][0]) >= last + lim.preferred


def test_next_session_waits_for_the_weekly_window(book):
    lim = Limits(book)
    a = dt.datetime(2026, 11, 16, 20, 0)
    log = [a + lim.preferred * i for i in range(lim.max)]
    if log[-1] + lim.min_gap >= a + WEEK:
        pytest.skip("the gaps alone keep the weekly maximum")
    result = run("frequency", routine(book, sessions=[iso(m) for m in log],
                                      now=iso(log[-1])), book)
    assert when(result["next_earliest"]) == a + WEEK  # the first session left the window


def test_next_session_is_never_in_the_past(book):
    now = dt.datetime(2026, 11, 23, 9, 0, 20)
    result = run("frequency", routine(book, sessions=["2026-10-01T20:00"], now=iso(now)), book)
    assert when(result["next_earliest"]) == now.replace(second=0) + MINUTE  # a whole minute
    assert when(result["next_preferred"]) == when(result["next_earliest"])


# --- the plan and its defaults ----------------------------------------------------------

def test_defaults(book):
    now = dt.datetime(2026, 11, 23, 9, 0)
    result = run("frequency", routine(book, now=iso(now)), book)
    f = book.frequency.fields
    weeks = int(f.weeks.default)
    assert result["plan_period"] == [now.date().isoformat(),
                                     (now.date() + dt.timedelta(weeks=weeks, days=-1)).isoformat()]
    assert {when(p).time() for p in result["plan"]} == {dt.time.fromisoformat(f.default_time)}
    logged = dt.datetime(2026, 11, 20, 7, 45)
    with_log = run("frequency", routine(book, now=iso(now), sessions=[iso(logged)]), book)
    assert {when(p).time() for p in with_log["plan"]} == {logged.time()}


def test_given_start_weeks_and_time(book):
    lim = Limits(book)
    weeks = int(book.frequency.fields.weeks.max)
    result = run("frequency", routine(book, start="2026-12-01", weeks=weeks, time="07:15",
                                      now="2026-11-23T09:00"), book)
    plan = [when(p) for p in result["plan"]]
    assert len(plan) == weeks * lim.max
    assert plan[0] == dt.datetime(2026, 12, 1, 7, 15)
    assert {p.time() for p in plan} == {dt.time(7, 15)}
    assert result["plan_period"][1] == (dt.date(2026, 12, 1)
                                        + dt.timedelta(weeks=weeks, days=-1)).isoformat()


@pytest.mark.parametrize("per_week", range(1, 8))
def test_plan_spreads_the_sessions_evenly(book, per_week):
    lim = Limits(book)
    n = min(per_week, lim.max)
    weeks = int(book.frequency.fields.weeks.max)
    start = dt.date(2026, 11, 23)
    result = run("frequency", routine(book, **{"sessions-per-week": per_week}, start=str(start),
                                      weeks=weeks, now="2026-11-01T00:00"), book)
    days = [(when(p).date() - start).days for p in result["plan"]]
    assert days == [w * 7 + k * 7 // n for w in range(weeks) for k in range(n)]


def test_plan_starts_no_earlier_than_now(book):
    """Today, after the time of day: the first session moves to tomorrow; nothing is lost."""
    now = dt.datetime(2026, 11, 25, 21, 0)
    result = run("frequency", routine(book, start="2026-11-25", weeks=4, time="20:00",
                                      now=iso(now)), book)
    assert result["plan"] and all(when(p) >= now for p in result["plan"])
    assert when(result["plan"][0]).date() == now.date() + dt.timedelta(days=1)
    assert result["plan_period"][0] == "2026-11-25"
    assert len(result["plan"]) == 4 * Limits(book).max and notes_of(result) == []


@pytest.mark.parametrize("start", ["2026-11-24", "2026-01-05", "2001-01-01"])
def test_a_start_before_today_is_refused_at_its_field(book, start):
    result = run("frequency", routine(book, start=start, now="2026-11-25T09:00"), book)
    assert result["valid"] is False and set(result["errors"]) == {"start"}
    assert "2026-11-25" in result["errors"]["start"] and start not in result["errors"]["start"]
    assert run("frequency", routine(book, start="2026-11-25", now="2026-11-25T09:00"), book)["valid"]


@pytest.mark.parametrize("later", [dt.timedelta(minutes=1), dt.timedelta(days=200)])
def test_a_logged_session_after_now_is_refused_at_its_field(book, later):
    now = dt.datetime(2026, 11, 25, 9, 0)
    result = run("frequency", routine(book, sessions=[iso(now - dt.timedelta(days=2)), iso(now + later)],
                                      now=iso(now)), book)
    assert result["valid"] is False and set(result["errors"]) == {"sessions"}
    assert "entry 2" in result["errors"]["sessions"]
    assert run("frequency", routine(book, sessions=[iso(now)], now=iso(now)), book)["valid"]


def test_a_plan_shorter_than_asked_says_why(book):
    """Three sessions this morning: the weekly maximum keeps the week free; the plan is empty
    and a note says why, citing the rule of the limit."""
    now = dt.datetime(2026, 11, 25, 9, 0)
    lim = Limits(book)
    log = [now - dt.timedelta(hours=h + 1) for h in range(lim.max)]
    result = run("frequency", routine(book, **{"sessions-per-week": 1}, weeks=1, time="05:00",
                                      sessions=[iso(m) for m in log], now=iso(now)), book)
    assert result["plan"] == [] and notes_of(result) == ["plan-shorter"]
    note = next(m for m in result["messages"] if m["note"])
    assert note["rule"] == lim.f.max_sessions_per_week.rule and note["level"] == "info"
    assert "none of the 1" in note["text"] and result["plan_period"][1] in note["text"]


def _last_sunday(year: int, month: int) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    day = dt.date(year, month, last)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


@pytest.mark.parametrize("month", [3, 10], ids=["spring-forward", "fall-back"])
@pytest.mark.parametrize("at", ["02:30", "20:00"])
def test_plan_across_a_daylight_saving_change_keeps_its_wall_clock_time(book, month, at):
    """Floating local times: the EU changes clocks on the last Sunday of March and October
    (02:30 does not exist on the March one, and happens twice on the October one); every
    session stays at its time, on whole days."""
    lim = Limits(book)
    change = _last_sunday(2026, month)
    start = change - dt.timedelta(days=3)
    result = run("frequency", routine(book, start=str(start), weeks=2, time=at,
                                      now=f"{start - dt.timedelta(days=1)}T12:00"), book)
    plan = [when(p) for p in result["plan"]]
    assert plan[0].date() <= change <= plan[-1].date()
    assert all(p.strftime("%H:%M") == at for p in plan)
    for a, b in zip(plan, plan[1:]):
        assert (b - a) % dt.timedelta(days=1) == dt.timedelta(0)
        assert b - a >= lim.preferred


def test_daylight_saving_change_in_a_real_zone_keeps_the_minimum_gap(book):
    """Where the tz database is at hand (CPython, not Pyodide): the elapsed time between
    planned sessions in a zone with summer time still keeps the minimum gap."""
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        zone = zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database here")
    lim = Limits(book)
    for month in (3, 10):
        start = _last_sunday(2026, month) - dt.timedelta(days=6)
        result = run("frequency", routine(book, start=str(start), weeks=2, time="20:00",
                                          now=f"{start}T00:00"), book)
        real = [when(p).replace(tzinfo=zone) for p in result["plan"]]
        for a, b in zip(real, real[1:]):
            assert b.astimezone(dt.timezone.utc) - a.astimezone(dt.timezone.utc) >= lim.min_gap


# --- properties -------------------------------------------------------------------------

@st.composite
def valid_inputs(draw, book):
    f = book.frequency.fields
    now = draw(st.datetimes(dt.datetime(YEARS[0] + 1, 1, 1), dt.datetime(YEARS[1] - 1, 1, 1)))
    now = now.replace(microsecond=0, second=draw(st.sampled_from([0, 0, 0, now.second])))
    inputs = {"sessions-per-week": draw(st.integers(int(f.sessions_per_week.min),
                                                    int(f.sessions_per_week.max))),
              "minutes": draw(st.integers(int(f.minutes.min), int(f.minutes.max))),
              "now": iso(now)}
    if draw(st.booleans()):  # up to now: a later entry is refused (test_answers.py covers it)
        offsets = draw(st.lists(st.integers(-60 * 24 * 40, 0), max_size=14))
        seconds = draw(st.booleans())
        inputs["sessions"] = [iso(now + dt.timedelta(minutes=m, seconds=-(m % 60) if seconds else 0))
                              for m in offsets]
    if draw(st.booleans()):
        inputs["start"] = str(now.date() + dt.timedelta(days=draw(st.integers(0, 30))))
    if draw(st.booleans()):
        inputs["weeks"] = draw(st.integers(int(f.weeks.min), int(f.weeks.max)))
    if draw(st.booleans()):
        inputs["time"] = draw(st.times()).strftime(draw(st.sampled_from(["%H:%M", "%H:%M:%S"])))
    if draw(st.booleans()):
        inputs["needle-mm"] = draw(st.floats(f.needle_mm.min, f.needle_mm.max))
    if draw(st.booleans()):  # as a form would send them
        inputs = {k: v if isinstance(v, list) else str(v) for k, v in inputs.items()}
    return inputs


def _crowded(moments: list[dt.datetime], max_week: int) -> list[int]:
    """Indices i where sessions i..i+max fall into one 7-day window."""
    return [i for i in range(len(moments) - max_week) if moments[i + max_week] - moments[i] < WEEK]


@given(data=st.data())
@PROPERTY
def test_plan_never_breaks_the_limits(book, data):
    lim = Limits(book)
    inputs = data.draw(valid_inputs(book))
    result = run("frequency", inputs, book)
    assert result["valid"] is True, result
    now = when(result["inputs"]["now"])
    log = sorted({when(s) for s in inputs.get("sessions", [])})
    plan = [when(p) for p in result["plan"]]
    assert plan == sorted(plan) and len(set(plan)) == len(plan)
    first, last = (dt.date.fromisoformat(d) for d in result["plan_period"])
    for p in plan:
        assert p >= now
        assert first <= p.date() <= last
    if log and plan:
        assert plan[0] >= when(result["next_preferred"])
    everything = sorted([(m, "logged") for m in log] + [(p, "planned") for p in plan])
    for (a, ka), (b, kb) in zip(everything, everything[1:]):
        if "planned" in (ka, kb):
            assert b - a >= lim.min_gap, (a, b)
            assert b - a >= lim.preferred, (a, b)  # the planner's own promise
    moments = [m for m, _ in everything]
    for i in _crowded(moments, lim.max):
        window = everything[i:i + lim.max + 1]
        assert all(kind == "logged" for _, kind in window), window
    assert not _crowded(plan, lim.max)
    assert len({p.time() for p in plan}) <= 1  # one wall-clock time of day


@given(data=st.data())
@PROPERTY
def test_next_earliest_is_the_earliest_allowed_moment(book, data):
    lim = Limits(book)
    inputs = data.draw(valid_inputs(book))
    result = run("frequency", inputs, book)
    log = sorted({when(s) for s in inputs.get("sessions", [])})
    if not log:
        assert result["next_earliest"] is None and result["next_preferred"] is None
        return
    now = when(result["inputs"]["now"])

    def allowed(t: dt.datetime, gap: dt.timedelta) -> bool:
        in_window = sum(1 for m in log if t - WEEK < m <= t)
        return t >= log[-1] + gap and in_window + 1 <= lim.max and t >= now

    for key, gap in (("next_earliest", lim.min_gap), ("next_preferred", lim.preferred)):
        t = when(result[key])
        assert t.second == 0
        assert t >= log[-1] + gap
        assert allowed(t, gap), (key, t)
        assert not allowed(t - MINUTE, gap), (key, t)
    assert when(result["next_preferred"]) >= when(result["next_earliest"])


@given(data=st.data())
@PROPERTY
def test_the_log_verdict_matches_the_log(book, data):
    lim = Limits(book)
    inputs = data.draw(valid_inputs(book))
    result = run("frequency", inputs, book)
    log = sorted({when(s) for s in inputs.get("sessions", [])})
    gaps = [b - a for a, b in zip(log, log[1:])]
    rules = advice_rules(result)
    if any(g < lim.min_gap for g in gaps) or _crowded(log, lim.max):
        assert rank(result["verdict"]) >= rank(min(verdict_of_rule(book, lim.f.daily_rule),
                                                   verdict_of_rule(book, lim.f.max_sessions_per_week.rule),
                                                   key=rank))
    if any(g < lim.min_gap for g in gaps):
        assert lim.f.daily_rule in rules
    if _crowded(log, lim.max):
        assert lim.f.max_sessions_per_week.rule in rules
    assert (lim.f.preferred_gap_hours.rule in rules) == \
        any(lim.min_gap <= g < lim.preferred for g in gaps)
    assert len(rules) == len(set(rules))
    for m in result["messages"]:
        rule = book.rules_by_id[m["rule"]]
        if m["note"] is None:  # a rule's advice, at the rule's level
            assert (m["text"], m["level"]) == (rule.advice, rule.level)
        else:  # what the planner did, citing the rule of the limit
            assert m["level"] == "info" and m["text"] != rule.advice


@given(data=st.data())
@PROPERTY
def test_more_sessions_a_week_never_improve_the_verdict(book, data):
    inputs = data.draw(valid_inputs(book))
    top = int(book.frequency.fields.sessions_per_week.max)
    n = int(inputs["sessions-per-week"])
    more = {**inputs, "sessions-per-week": min(n + 1, top)}
    a, b = run("frequency", inputs, book), run("frequency", more, book)
    assert rank(b["verdict"]) >= rank(a["verdict"])


# --- fields -----------------------------------------------------------------------------

def test_field_specs(book):
    specs = {s.name: s for s in fields(book)}
    assert list(specs) == ["needle-mm", "sessions-per-week", "minutes", "sessions", "start",
                           "weeks", "time", "now"]
    assert {n for n, s in specs.items() if not s.in_url} == {"sessions", "now"}
    assert {n for n, s in specs.items() if s.hidden} == {"now"}
    f = book.frequency.fields
    assert {n for n, s in specs.items() if s.required} == set()  # every one has a default
    for name, lim in (("sessions-per-week", f.sessions_per_week), ("minutes", f.minutes),
                      ("weeks", f.weeks)):
        assert specs[name].default == lim.default is not None
        assert str(int(lim.default)) in specs[name].hint
    assert specs["sessions"].maximum == f.max_log_entries
    for name, lim in (("needle-mm", f.needle_mm), ("sessions-per-week", f.sessions_per_week),
                      ("minutes", f.minutes), ("weeks", f.weeks)):
        assert (specs[name].minimum, specs[name].maximum, specs[name].step) == \
            (lim.min, lim.max, lim.step)
    for spec in specs.values():
        d = spec.to_dict()
        assert (d["in_url"], d["hidden"]) == (spec.in_url, spec.hidden)
        json.dumps(d)
    assert specs["start"].accepted() == "a date like 2026-11-24"


def test_the_log_holds_at_most_its_maximum(book):
    most = book.frequency.fields.max_log_entries
    start = dt.datetime(2010, 1, 1, 20, 0)
    full = [iso(start + dt.timedelta(days=3 * i)) for i in range(most)]
    ok = run("frequency", routine(book, sessions=full, now="2026-11-23T09:00"), book)
    assert ok["valid"] is True
    over = run("frequency", routine(book, sessions=full + ["2026-11-20T20:00"],
                                    now="2026-11-23T09:00"), book)
    assert over["valid"] is False and set(over["errors"]) == {"sessions"}
    assert str(most) in over["errors"]["sessions"]


# --- hostile input ----------------------------------------------------------------------

def hostile_for(book, spec) -> list:
    values = HOSTILE_TEXT + HOSTILE_VALUES
    if spec.kind == "number":
        values += hostile_numbers(book, "frequency", spec)
    elif spec.kind == "datetime-list":
        values += ["2026-11-24T20:00", 20261124, [None], [1], [["2026-11-24T20:00"]],
                   ["2026-11-24T20:00", ""], ["2026-11-24T20:00", {"a": 1}], ["2026-11-24"]]
        values += [[w] for w in HOSTILE_WHEN] + [["2026-11-20T20:00"] * (book.frequency.fields.max_log_entries + 1)]
    else:
        values += HOSTILE_WHEN + ["2026-11-24T20:00" if spec.kind != "datetime" else "20:00",
                                  "2026-11-24" if spec.kind != "date" else "20:00"]
    return values


def _all_cases():
    for spec in fields(_BOOK):
        for value in hostile_for(_BOOK, spec):
            yield pytest.param(spec.name, value, id=f"{spec.name}={value!r:.30}")


@pytest.mark.parametrize("field,value", list(_all_cases()))
def test_hostile_value_is_an_error_at_its_field(book, field, value):
    inputs = {**routine(book), "now": "2026-11-23T09:00", field: value}
    result = run("frequency", inputs, book)
    assert result["valid"] is False, (field, value, result)
    assert set(result["errors"]) == {field}
    message = result["errors"][field]
    assert "<" not in message and "script" not in message  # never echoes the input
    assert message.startswith(SPECS[field].label)
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("value", EMPTY + [[]], ids=repr)
@pytest.mark.parametrize("field", list(SPECS))
def test_empty_value_is_dropped_or_required(book, field, value):
    spec = SPECS[field]
    inputs = {**routine(book), "now": "2026-11-23T09:00", field: value}
    result = run("frequency", inputs, book)
    if value == [] and spec.kind != "datetime-list":
        assert result["valid"] is False and set(result["errors"]) == {field}
    elif spec.required:
        assert result["valid"] is False and set(result["errors"]) == {field}
    elif spec.default is not None:  # the rules' default fills it
        assert result["valid"] is True and result["inputs"][field] == spec.default
    else:
        assert result["valid"] is True, result
        assert field not in result["inputs"] or field == "now"  # run fills the clock


@pytest.mark.parametrize("key", ["colour", "Sessions", "sessions_per_week", "session", "<script>",
                                 "", "x" * 500, None, 1])
def test_unknown_field_name_is_an_error(book, key):
    result = run("frequency", {**routine(book), key: "1"}, book)
    assert result["valid"] is False
    assert list(result["errors"]) == [str(key)[:40]]


@pytest.mark.parametrize("inputs", [None, [], "sessions-per-week=2", 1, float("nan"), True],
                         ids=repr)
def test_inputs_that_are_not_a_mapping(book, inputs):
    result = run("frequency", inputs, book)
    assert result["valid"] is False and result["errors"]


def test_nothing_given_is_the_rules_defaults(book):
    """A first visit: nothing typed, an answer from the defaults of rules.yaml."""
    f = book.frequency.fields
    result = run("frequency", {"now": "2026-11-23T09:00"}, book)
    assert result["valid"] is True, result
    assert (result["inputs"]["sessions-per-week"], result["inputs"]["minutes"],
            result["inputs"]["weeks"]) == (f.sessions_per_week.default, f.minutes.default,
                                           f.weeks.default)
    assert result["plan"] and result["verdict"] == "ok" and result["messages"] == []
