"""The frequency calculator through its one entry point, `calculators.api.run`: golden
examples, the clock, the routine, the log, the fields and hostile input. The plan and its
properties are in test_frequency_plan.py.

Every limit here comes from the Rulebook (rules.yaml): the weekly maximum, the gaps, the
long-session threshold, the fields' bounds and the golden examples.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from calculators.api import run
from calculators.frequency import calculate, fields
from calculators.rules_model import VERDICTS
from conftest import load_real_rules
from support import (Limits, advice_rules, iso, notes_of, rank, routine, rules_of,
                     verdict_of_rule, when)

WEEK = dt.timedelta(days=7)
MINUTE = dt.timedelta(minutes=1)


_BOOK = load_real_rules()  # for parametrising at collection time; tests use the `book` fixture
EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "frequency"]


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
