"""The frequency calculator's fields: their definitions from the rules, defaults that fill
what is not given, the log's limit, and hostile input, refused at its field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from calculators.api import run
from calculators.frequency import fields
from conftest import load_real_rules
from support import (EMPTY, HOSTILE_TEXT, HOSTILE_VALUES, HOSTILE_WHEN, hostile_numbers, iso,
                     routine)

_BOOK = load_real_rules()  # for parametrising at collection time; tests use the `book` fixture
SPECS = {s.name: s for s in fields(_BOOK)}


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
