"""Issue 9's invariants, as properties over the whole input space of both calculators.

- The verdict agrees with the messages: not-recommended exactly when one is a danger,
  caution exactly when the worst is a caution, ok when all are info (or there are none).
- Every message's rule applies to the inputs: never a rule for another goal, and each one
  for a reason these inputs have (worked out here from rules.yaml's numbers, independently
  of the calculators' code).
- Every plan is as long as asked, or a note says why; a plan kept to the weekly limit says so.
- Nothing raises: any value in any field, valid or not, gives an answer or field errors.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import browser, depth, frequency
from calculators.api import run
from calculators.fields import YEARS
from conftest import load_real_rules
from support import HOSTILE_TEXT, HOSTILE_WHEN, advice_rules, iso, notes_of, when

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
_BOOK = load_real_rules()
WEEK = dt.timedelta(days=7)


def expected_verdict(messages) -> str:
    levels = {m["level"] for m in messages}
    return "not-recommended" if "danger" in levels else "caution" if "caution" in levels else "ok"


# --- the depth calculator ---------------------------------------------------------------

@st.composite
def depth_inputs(draw):
    d = _BOOK.depth
    inputs = {"goal": draw(st.sampled_from([g.id for g in d.goals]))}
    if draw(st.booleans()):
        inputs["area"] = draw(st.sampled_from([a.id for a in d.areas]))
    for name, lim in (("shaft-percent", d.fields.shaft_percent), ("needle-mm", d.fields.needle_mm)):
        if draw(st.booleans()):
            # the limits themselves and the rules' thresholds are where answers change
            edges = [lim.min, lim.max, d.max_useful_mm.value, d.danger_from_mm.value,
                     d.shaft_restorable_min_percent.value, *[x for g in d.goals for x in g.range_mm]]
            value = draw(st.one_of(st.floats(lim.min, lim.max),
                                   st.sampled_from([e for e in edges if lim.min <= e <= lim.max])))
            inputs[name] = draw(st.sampled_from([value, str(value)]))
    return inputs


def depth_rules_that_apply(inputs) -> list[str]:
    """The rules these inputs call for, in the answer's order, from rules.yaml's numbers."""
    d = _BOOK.depth
    goal = next(g for g in d.goals if g.id == inputs["goal"])
    rules = list(goal.rules)
    if goal.asks_area and "area" in inputs:
        area = next(a for a in d.areas if a.id == inputs["area"])
        rules += [area.rule] + ([d.thin_skin_rule] if area.thin_skin else [])
    if goal.asks_area and "shaft-percent" in inputs and \
            float(inputs["shaft-percent"]) < d.shaft_restorable_min_percent.value:
        rules.append(d.shaft_restorable_min_percent.rule)
    if "needle-mm" in inputs:
        needle, (low, high) = float(inputs["needle-mm"]), goal.range_mm
        if needle >= d.danger_from_mm.value:
            rules.append(d.danger_from_mm.rule)
        elif needle > d.max_useful_mm.value:
            rules.append(d.max_useful_mm.rule)
        elif needle > high:
            rules.append(goal.longer_rule)
        elif needle < low:
            rules.append(goal.shorter_rule)
    return list(dict.fromkeys(rules))


@given(inputs=depth_inputs())
@PROPERTY
def test_depth_verdict_agrees_with_the_messages(inputs):
    result = run("depth", inputs, _BOOK)
    assert result["valid"] is True, result
    assert result["verdict"] == expected_verdict(result["messages"]), (inputs, result["messages"])


@given(inputs=depth_inputs())
@PROPERTY
def test_depth_messages_are_the_rules_that_apply(inputs):
    result = run("depth", inputs, _BOOK)
    for m in result["messages"]:
        goals = _BOOK.rule(m["rule"]).goals
        assert not goals or inputs["goal"] in goals, (m["rule"], inputs)  # never another goal's
        assert (m["text"], m["level"], m["note"]) == (_BOOK.rule(m["rule"]).advice,
                                                      _BOOK.rule(m["rule"]).level, None)
    assert advice_rules(result) == depth_rules_that_apply(inputs), inputs


@given(inputs=depth_inputs())
@PROPERTY
def test_depth_a_verdict_above_ok_shows_its_reason_for_this_goal(inputs):
    """The issue's report, as a property: an answer above ok has a message above info, and
    that message is for the reader's goal."""
    result = run("depth", inputs, _BOOK)
    if result["verdict"] != "ok":
        reasons = [m for m in result["messages"] if m["level"] != "info"]
        assert reasons and all(_BOOK.applies(m["rule"], inputs["goal"]) for m in reasons)


# --- the frequency calculator -----------------------------------------------------------

@st.composite
def frequency_inputs(draw):
    """Any routine, log, start, weeks and time: later log entries and past starts included."""
    f = _BOOK.frequency.fields
    now = draw(st.datetimes(dt.datetime(YEARS[0] + 1, 1, 1), dt.datetime(YEARS[1] - 1, 1, 1)))
    now = now.replace(microsecond=0, second=draw(st.sampled_from([0, 0, now.second])))
    inputs = {"now": iso(now)}
    p = _BOOK.frequency
    top, long = int(p.max_sessions_per_week.value), int(p.long_session_minutes.value)
    # the rules' thresholds are where answers change: drawn often, beside any value
    edges = {"sessions-per-week": [top, top + 1, 7], "minutes": [long - 1, long], "weeks": []}
    for name, lim in (("sessions-per-week", f.sessions_per_week), ("minutes", f.minutes),
                      ("weeks", f.weeks)):
        if draw(st.booleans()):
            near = [int(e) for e in edges[name] + [lim.min, lim.max] if lim.min <= e <= lim.max]
            inputs[name] = draw(st.one_of(st.integers(int(lim.min), int(lim.max)),
                                          st.sampled_from(near)))
    if draw(st.booleans()):
        danger = _BOOK.depth.danger_from_mm.value
        inputs["needle-mm"] = draw(st.one_of(st.floats(f.needle_mm.min, f.needle_mm.max),
                                             st.sampled_from([danger, danger - f.needle_mm.step])))
    if draw(st.booleans()):
        hours = draw(st.lists(st.integers(-24 * 30, 24 * 2 if draw(st.booleans()) else 0),
                              max_size=12))
        inputs["sessions"] = [iso(now + dt.timedelta(hours=h, minutes=draw(st.integers(0, 59))))
                              for h in hours]
    if draw(st.booleans()):
        inputs["start"] = str(now.date() + dt.timedelta(days=draw(st.integers(-3, 30))))
    if draw(st.booleans()):
        inputs["time"] = draw(st.times()).strftime("%H:%M")
    return inputs


def refused(inputs) -> set[str]:
    """The fields the calculator must refuse for the clock's sake."""
    now = when(inputs["now"])
    out = set()
    if any(when(s) > now for s in inputs.get("sessions", ())):
        out.add("sessions")
    if "start" in inputs and dt.date.fromisoformat(inputs["start"]) < now.date():
        out.add("start")
    return out


def frequency_reasons(inputs, result) -> dict[str, bool]:
    """For each rule the frequency calculator may cite as advice: do these inputs call for
    it? From rules.yaml's numbers and the inputs alone."""
    f = _BOOK.frequency
    values = result["inputs"]
    top = int(math.floor(f.max_sessions_per_week.value))
    min_gap = dt.timedelta(hours=f.min_gap_hours.value)
    preferred = dt.timedelta(hours=f.preferred_gap_hours.value)
    per_week = values["sessions-per-week"]
    log = sorted({when(s) for s in inputs.get("sessions", ())})
    gaps = [b - a for a, b in zip(log, log[1:])]
    crowded = any(log[i + top] - log[i] < WEEK for i in range(len(log) - top))
    reasons = {
        f.max_sessions_per_week.rule: per_week > top or crowded,
        f.daily_rule: per_week >= 7 or per_week * min_gap > WEEK or any(g < min_gap for g in gaps),
        f.long_session_minutes.rule: values["minutes"] >= f.long_session_minutes.value,
        f.preferred_gap_hours.rule: any(min_gap <= g < preferred for g in gaps),
        _BOOK.depth.danger_from_mm.rule: values.get("needle-mm", 0) >= _BOOK.depth.danger_from_mm.value,
    }
    return reasons


@given(inputs=frequency_inputs())
@PROPERTY
def test_frequency_refuses_later_sessions_and_past_starts_at_their_fields(inputs):
    result = run("frequency", inputs, _BOOK)
    assert result["valid"] == (not refused(inputs)), (inputs, result.get("errors"))
    if not result["valid"]:
        assert set(result["errors"]) == refused(inputs)


@given(inputs=frequency_inputs())
@PROPERTY
def test_frequency_verdict_agrees_with_the_messages(inputs):
    result = run("frequency", inputs, _BOOK)
    if result["valid"]:
        assert result["verdict"] == expected_verdict(result["messages"]), result["messages"]


@given(inputs=frequency_inputs())
@PROPERTY
def test_frequency_messages_are_the_rules_that_apply(inputs):
    result = run("frequency", inputs, _BOOK)
    if not result["valid"]:
        return
    reasons = frequency_reasons(inputs, result)
    cited = advice_rules(result)
    assert len(cited) == len(set(cited))
    for rule_id, applies in reasons.items():
        assert (rule_id in cited) == applies, (rule_id, inputs)
    assert set(cited) <= set(reasons)
    for m in result["messages"]:
        assert _BOOK.applies(m["rule"], None), m["rule"]  # no goal asked: no goal's rule


@given(inputs=frequency_inputs())
@PROPERTY
def test_every_plan_is_as_asked_or_explained(inputs):
    f = _BOOK.frequency
    result = run("frequency", inputs, _BOOK)
    if not result["valid"]:
        return
    top = int(math.floor(f.max_sessions_per_week.value))
    per_week, weeks = result["inputs"]["sessions-per-week"], result["inputs"]["weeks"]
    asked = min(per_week, top) * weeks
    notes = notes_of(result)
    assert ("plan-capped" in notes) == (per_week > top)
    assert ("plan-shorter" in notes) == (len(result["plan"]) < asked)
    assert len(result["plan"]) <= asked
    for m in result["messages"]:
        if m["note"] is not None:  # a note says what was done, at info, citing a limit's rule
            assert m["level"] == "info"
            assert m["rule"] in {f.max_sessions_per_week.rule, f.preferred_gap_hours.rule}
            assert m["text"] and m["text"] != _BOOK.rule(m["rule"]).advice
            if m["note"] == "plan-shorter":
                assert f"{len(result['plan']) or 'none'} of the {asked}" in m["text"]


# --- nothing raises ---------------------------------------------------------------------

JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                 st.text(max_size=40), st.sampled_from(HOSTILE_TEXT + HOSTILE_WHEN),
                 st.lists(st.one_of(st.text(max_size=20), st.sampled_from(HOSTILE_WHEN),
                                    st.integers()), max_size=5),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@st.composite
def any_inputs(draw, calculator: str):
    """Valid inputs with any field replaced by anything at all."""
    base = draw(depth_inputs() if calculator == "depth" else frequency_inputs())
    names = [s.name for s in (depth if calculator == "depth" else frequency).fields(_BOOK)]
    for name in draw(st.lists(st.sampled_from(names + ["unknown"]), max_size=3)):
        base[name] = draw(JUNK)
    return base


@given(data=st.data(), calculator=st.sampled_from(["depth", "frequency"]))
@PROPERTY
def test_nothing_raises(data, calculator):
    inputs = data.draw(any_inputs(calculator))
    result = run(calculator, inputs, _BOOK)
    json.dumps(result, allow_nan=False)
    if result["valid"]:
        assert result["verdict"] == expected_verdict(result["messages"])
    else:
        assert result["errors"] and all(isinstance(v, str) and v for v in result["errors"].values())
    # the worker's door: JSON text in, JSON text out, never an exception
    text = json.dumps(inputs, default=str)
    assert json.loads(browser.handle(calculator, text))["valid"] in (True, False)
