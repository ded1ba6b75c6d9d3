"""The frequency calculator's plan: its defaults, its start, what it says when it is shorter
than asked, daylight-saving changes, and its properties (the issue's: a plan never puts two
sessions, logged ones included, closer than the minimum gap, never more than the weekly
maximum into any 7 days, and `next_earliest` is never before the minimum gap after the last
session). Every limit comes from the Rulebook (rules.yaml).
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.api import run
from calculators.fields import YEARS
from support import (Limits, advice_rules, iso, notes_of, rank, routine, verdict_of_rule, when)

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
WEEK = dt.timedelta(days=7)
MINUTE = dt.timedelta(minutes=1)


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
