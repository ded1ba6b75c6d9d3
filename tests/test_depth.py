"""The needle-depth calculator through its one entry point, `calculators.api.run`.

Every number here comes from the Rulebook (rules.yaml): the golden examples, the goals'
ranges, the limits and the fields' bounds. Nothing duplicates the file.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.api import run
from calculators.depth import fields
from calculators.rules_model import VERDICTS
from conftest import load_real_rules
from support import EMPTY, HOSTILE_TEXT, HOSTILE_VALUES, advice_rules, hostile_numbers, rank

SVG = "{http://www.w3.org/2000/svg}"
PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


_BOOK = load_real_rules()  # for parametrising at collection time; tests use the `book` fixture
EXAMPLES = [e for e in _BOOK.data.examples if e.calculator == "depth"]
FIELD_NAMES = [s.name for s in fields(_BOOK)]


# --- golden examples --------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_golden_example(book, example):
    result = run("depth", dict(example.inputs), book)
    assert result["valid"] is True, result
    assert result["verdict"] == example.expect.verdict
    assert advice_rules(result) == list(example.expect.rules)
    assert not example.expect.notes and all(m["note"] is None for m in result["messages"])
    if example.expect.recommended_mm is not None:
        assert result["recommended_mm"] == list(example.expect.recommended_mm)


def test_golden_examples_cover_every_verdict():
    assert {e.expect.verdict for e in EXAMPLES} == set(VERDICTS)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_result_is_plain_json(book, example):
    """What the CLI prints and the worker posts: JSON round-trips to the same data."""
    result = run("depth", dict(example.inputs), book)
    assert json.loads(json.dumps(result, allow_nan=False)) == result


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_form_strings_give_the_same_answer(book, example):
    """The browser and the CLI send strings; the answer must not depend on that."""
    as_text = {k: str(v) for k, v in example.inputs.items()}
    a, b = run("depth", dict(example.inputs), book), run("depth", as_text, book)
    assert (a["verdict"], a["messages"], a["recommended_mm"]) == \
        (b["verdict"], b["messages"], b["recommended_mm"])


# --- properties -------------------------------------------------------------------------

@st.composite
def valid_inputs(draw, book, with_needle=None):
    d = book.depth
    goal = draw(st.sampled_from([g.id for g in d.goals]))
    inputs = {"goal": goal}
    if draw(st.booleans()):
        inputs["area"] = draw(st.sampled_from([a.id for a in d.areas]))
    if draw(st.booleans()):
        lim = d.fields.shaft_percent
        inputs["shaft-percent"] = draw(st.floats(lim.min, lim.max))
    if with_needle if with_needle is not None else draw(st.booleans()):
        lim = d.fields.needle_mm
        inputs["needle-mm"] = draw(st.floats(lim.min, lim.max))
    if draw(st.booleans()):  # as a form would send them
        inputs = {k: str(v) for k, v in inputs.items()}
    return inputs


@given(data=st.data())
@PROPERTY
def test_range_ordered_and_within_limits(book, data):
    result = run("depth", data.draw(valid_inputs(book)), book)
    assert result["valid"] is True, result
    low, high = result["recommended_mm"]
    assert 0 < low <= high <= book.depth.max_useful_mm.value
    assert result["verdict"] in VERDICTS


@given(data=st.data())
@PROPERTY
def test_every_message_is_an_existing_rule_with_its_advice(book, data):
    result = run("depth", data.draw(valid_inputs(book)), book)
    assert result["messages"], "the goal's rule is always cited"
    ids = [m["rule"] for m in result["messages"]]
    assert len(ids) == len(set(ids))
    for m in result["messages"]:
        rule = book.rules_by_id[m["rule"]]  # KeyError = a message citing no rule
        assert m["text"] == rule.advice
        assert m["level"] == rule.level


@given(data=st.data())
@PROPERTY
def test_verdict_never_better_further_from_the_range(book, data):
    """On each side of the goal's range, a needle further away never gets a better verdict;
    inside the range the verdict is the best any needle gets."""
    base = data.draw(valid_inputs(book, with_needle=False))
    lim = book.depth.fields.needle_mm
    a, b = sorted(data.draw(st.lists(st.floats(lim.min, lim.max), min_size=2, max_size=2)))
    verdict = {n: run("depth", {**base, "needle-mm": n}, book)["verdict"] for n in (a, b)}
    goal = next(g for g in book.depth.goals if g.id == base["goal"])
    low, high = goal.range_mm
    if a >= high:      # both at or above the range: b is further away
        assert rank(verdict[b]) >= rank(verdict[a]), (base, a, b, verdict)
    if b <= low:       # both at or below the range: a is further away
        assert rank(verdict[a]) >= rank(verdict[b]), (base, a, b, verdict)
    inside = run("depth", {**base, "needle-mm": (low + high) / 2}, book)["verdict"]
    assert rank(inside) <= min(rank(verdict[a]), rank(verdict[b]))


@pytest.mark.parametrize("goal", [g.id for g in _BOOK.depth.goals])
def test_needle_rules_at_the_rulebook_limits(book, goal):
    """The limits themselves, from rules.yaml: where each rule about the needle begins, for
    every goal (a goal's own rules for a needle too short or too long, the shared limits)."""
    d = book.depth
    g = next(x for x in d.goals if x.id == goal)
    low, high = g.range_mm
    step = d.fields.needle_mm.step

    def needle_rules(n):
        result = run("depth", {"goal": goal, "needle-mm": n}, book)
        return [r for r in advice_rules(result) if r not in g.rules]

    expected = {low: [], high: [], (low + high) / 2: [],
                d.max_useful_mm.value + step: [d.max_useful_mm.rule],
                d.danger_from_mm.value - step: [d.max_useful_mm.rule],
                d.danger_from_mm.value: [d.danger_from_mm.rule],
                d.fields.needle_mm.max: [d.danger_from_mm.rule]}
    if low - step >= d.fields.needle_mm.min:
        expected[low - step] = [g.shorter_rule]
    if high + step <= d.max_useful_mm.value:
        expected[high + step] = [g.longer_rule]
    for needle, rules in expected.items():
        assert needle_rules(needle) == rules, (goal, needle)


@given(data=st.data())
@PROPERTY
def test_diagram_is_well_formed_svg_with_a_title(book, data):
    inputs = data.draw(valid_inputs(book))
    result = run("depth", inputs, book)
    root = ET.fromstring(result["diagram_svg"])
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text.strip()
    assert root.find(f"{SVG}desc").text.strip()
    needle = root.find(f".//{SVG}g[@class='needle']")
    assert (needle is not None) == ("needle-mm" in inputs)
    if needle is not None:
        assert math.isclose(float(needle.get("data-mm")), float(inputs["needle-mm"]), abs_tol=0.0051)


# --- hostile input ---------------------------------------------------------------------

def base_inputs(book, field: str) -> dict:
    """Valid inputs under which `field` is used (area and shaft-percent need the hair goal)."""
    spec = next(s for s in fields(book) if s.name == field)
    goal_ids = [g.id for g in book.depth.goals]
    goal = spec.only_when.get("goal", goal_ids)[0]
    return {"goal": goal}


def hostile_for(book, spec) -> list:
    values = HOSTILE_TEXT + HOSTILE_VALUES + [[], ["hair"], {"goal": "hair"}]
    if spec.kind == "choice":
        options = [v for v, _ in spec.options]
        values += ["unknown-option", options[0].upper(), options[0] + " x", " ".join(options)]
        values += [o for o in _other_choices(book) if o not in options]
    else:
        values += hostile_numbers(book, "depth", spec)
    return values


def _other_choices(book):
    """Options of the other choice fields: valid elsewhere, wrong here."""
    return [v for s in fields(book) if s.kind == "choice" for v, _ in s.options]


def _all_cases():
    for spec in fields(_BOOK):
        for value in hostile_for(_BOOK, spec):
            yield pytest.param(spec.name, value, id=f"{spec.name}={value!r:.30}")


@pytest.mark.parametrize("field,value", list(_all_cases()))
def test_hostile_value_is_an_error_at_its_field(book, field, value):
    inputs = {**base_inputs(book, field), field: value}
    result = run("depth", inputs, book)
    assert result["valid"] is False, (field, value, result)
    assert set(result["errors"]) == {field}
    message = result["errors"][field]
    assert "<" not in message and "script" not in message  # never echoes the input
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("value", EMPTY, ids=repr)
@pytest.mark.parametrize("field", FIELD_NAMES)
def test_empty_value_is_dropped_or_required(book, field, value):
    spec = next(s for s in fields(book) if s.name == field)
    inputs = {**base_inputs(book, field), field: value}
    result = run("depth", inputs, book)
    if spec.required:
        assert result["valid"] is False and set(result["errors"]) == {field}
    else:
        assert result["valid"] is True, result
        assert field not in result["inputs"]


@pytest.mark.parametrize("key", ["colour", "Goal", "needle_mm", "<script>", "", "x" * 500, None, 1])
def test_unknown_field_name_is_an_error(book, key):
    result = run("depth", {"goal": book.depth.goals[0].id, key: "1"}, book)
    assert result["valid"] is False
    assert list(result["errors"]) == [str(key)[:40]]


@pytest.mark.parametrize("inputs", [None, [], "goal=hair", 1, 1e308, float("nan"), True, [("goal", "hair")]],
                         ids=repr)
def test_inputs_that_are_not_a_mapping(book, inputs):
    result = run("depth", inputs, book)
    assert result["valid"] is False and result["errors"]


def test_missing_goal_is_required(book):
    result = run("depth", {}, book)
    assert result["valid"] is False
    assert set(result["errors"]) == {"goal"}
    for goal in book.depth.goals:
        assert goal.id in result["errors"]["goal"]  # says what is accepted


def test_area_is_dropped_for_a_goal_without_areas(book):
    """A hidden control never changes the answer: area only counts for the goals it is for."""
    spec = next(s for s in fields(book) if s.name == "area")
    for goal in book.depth.goals:
        if goal.id in spec.only_when["goal"]:
            continue
        for area in book.depth.areas:
            with_area = run("depth", {"goal": goal.id, "area": area.id}, book)
            without = run("depth", {"goal": goal.id}, book)
            assert with_area["valid"] and with_area["verdict"] == without["verdict"]
            assert with_area["messages"] == without["messages"]
