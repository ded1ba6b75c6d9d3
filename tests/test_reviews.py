"""Review dates in the model (issue 14): how a date is read, when a review falls due, what
the build refuses, and that the calculators never carry or need any of it.

Every "today" here is a fixed day, never the machine's.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import calculators
from calculators import rules_model, typed_load
from calculators.api import run
from calculators.rules import Rulebook, RulesError
from conftest import ROOT
from rulebook import bundle, reviews, yaml_source
from rulebook.loading import RulesFileError, load, load_located

CORPUS = Path(__file__).parent / "rules_corpus"
TODAY = dt.date(2026, 11, 25)
REVIEW_KEYS = {"reviewed", "reviewed_by", "changes"}


def _day(value):
    """A value as the loader reads it into a date field: (date or None, problems)."""
    loader = typed_load._Loader()
    return loader.day(value, ("reviewed",)), loader.problems


# --- reading a date ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["reviewed: 2026-11-25", "reviewed: '2026-11-25'",
                                  'reviewed: "2026-11-25"'])
def test_a_date_reads_the_same_quoted_or_not(text):
    """YAML would make an unquoted date a date object; our reader keeps it as text, and the
    loader reads either form."""
    located = yaml_source.parse(text.encode())
    assert located.data == {"reviewed": "2026-11-25"}
    assert _day(located.data["reviewed"]) == (dt.date(2026, 11, 25), [])
    assert _day(dt.date(2026, 11, 25)) == (dt.date(2026, 11, 25), [])


@pytest.mark.parametrize("value, message, fix", [
    ("2026-02-30", "'2026-02-30' is not a day of the calendar", "check the month (01-12)"),
    ("2026-13-01", "'2026-13-01' is not a day of the calendar", "check the month (01-12)"),
    ("2026-11-5", "expected a date as YYYY-MM-DD, found the text '2026-11-5'", "2026-11-05"),
    ("2026-11-25T10:00", "expected a date as YYYY-MM-DD", "the day only: 2026-11-25"),
    ("25/11/2026", "expected a date, found the text '25/11/2026'", "YYYY-MM-DD"),
    ("", "expected a date, found the text ''", "YYYY-MM-DD"),
    (20261125, "expected a date, found the number 20261125", "YYYY-MM-DD"),
    (None, "expected a date, found nothing (null)", "YYYY-MM-DD"),
    (dt.datetime(2026, 11, 25, 10), "expected a date", "YYYY-MM-DD"),
])
def test_a_bad_date_says_what_is_wrong_and_the_right_form(value, message, fix):
    day, problems = _day(value)
    assert day is None
    (problem,) = problems
    assert problem.message.startswith(message) and fix in problem.fix


# --- the wheel's copy --------------------------------------------------------------------

def test_the_wheel_carries_no_review_data_and_loads_without_it(book):
    embedded = json.loads(bundle.rules_json(book.raw))
    assert "review_policy" not in embedded
    assert all(not REVIEW_KEYS & set(rule) for rule in embedded["rules"])
    assert embedded["rules"][0]["advice"] == book.raw["rules"][0]["advice"]  # the rest is kept
    light = Rulebook.from_data(embedded, build_only_left_out=True)
    assert light.data.review_policy is None and light.data.rules[0].reviewed is None
    # Only the wheel's copy may leave them out: rules.yaml without them is refused.
    with pytest.raises(Exception, match="missing key 'review_policy'"):
        Rulebook.from_data(embedded)


def test_the_wheel_leaves_out_the_rules_why_and_the_golden_examples(book):
    """Only the pages show a rule's why and only the tests read the examples (bytes: issue 13)."""
    embedded = json.loads(bundle.rules_json(book.raw))
    assert "examples" not in embedded and book.raw["examples"]
    assert all("why" not in rule for rule in embedded["rules"])
    light = Rulebook.from_data(embedded, build_only_left_out=True)
    assert light.data.examples is None and light.data.rules[0].why is None
    with pytest.raises(Exception, match="missing key 'examples'"):
        Rulebook.from_data({**embedded, "review_policy": book.raw["review_policy"]})


def test_no_wheel_is_made_with_rules_that_fail_the_check(book):
    """The browser loads the wheel's rules without checking them again (`checked=True`, which
    would take these): make_wheel is what stands between a bad rules.json and a reader."""
    bad = json.loads(bundle.rules_json(book.raw))
    bad["rules"][0]["topic"] = "no-such-topic"
    assert Rulebook.from_data(bad, build_only_left_out=True, checked=True).data.rules[0].topic == "no-such-topic"
    with pytest.raises(RulesError, match="unknown topic 'no-such-topic'"):
        bundle.make_wheel(Path(calculators.__file__).parent, json.dumps(bad).encode())


def test_a_review_that_changes_only_dates_leaves_the_wheel_as_it_was(book):
    raw = copy.deepcopy(book.raw)
    for rule in raw["rules"]:
        rule["reviewed"] = "2027-01-01"
        rule["changes"] = [{"on": "2027-01-01", "what": "Reworded."}]
    raw["review_policy"]["months"] = 6
    package = Path(calculators.__file__).parent
    before = bundle.make_wheel(package, bundle.rules_json(book.raw))
    after = bundle.make_wheel(package, bundle.rules_json(raw))
    assert after.content_hash == before.content_hash
    advice = copy.deepcopy(raw)
    advice["rules"][0]["advice"] += " More."
    assert bundle.make_wheel(package, bundle.rules_json(advice)).content_hash != before.content_hash


def test_the_calculators_answer_the_same_without_the_review_data(book):
    light = Rulebook.from_data(json.loads(bundle.rules_json(book.raw)), build_only_left_out=True)
    for example in book.data.examples:
        assert run(example.calculator, dict(example.inputs), light) == \
            run(example.calculator, dict(example.inputs), book), example.name


# --- when a review falls due ---------------------------------------------------------------

@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), st.integers(1, 60))
def test_add_months_keeps_the_day_or_ends_the_month(day, months):
    due = reviews.add_months(day, months)
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == months
    assert due.day == day.day or (due.day < day.day and (due + dt.timedelta(days=1)).day == 1)


def test_add_months_at_the_ends_of_months():
    assert reviews.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert reviews.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert reviews.add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert reviews.add_months(dt.date(2026, 11, 25), 12) == dt.date(2027, 11, 25)


def _book_reviewed(days: dict[int, str]) -> Rulebook:
    """valid.yaml with some rules' review dates changed (by index)."""
    located = yaml_source.parse((CORPUS / "valid.yaml").read_bytes())
    raw = located.data
    for index, day in days.items():
        raw["rules"][index]["reviewed"] = day
    return Rulebook.from_data(raw)


def test_due_lists_the_notice_window_and_the_overdue_most_overdue_first():
    book = _book_reviewed({0: "2025-11-25", 1: "2025-10-01", 2: "2025-12-25", 3: "2025-12-26"})
    policy = book.data.review_policy
    assert (policy.months, policy.notice_days) == (12, 30)  # what the days below assume
    due = reviews.due(book, TODAY)
    # rule 1 due 2026-10-01 (overdue), rule 0 due today, rule 2 due in 30 days (the window's
    # first day); rule 3 due in 31 days is not listed yet, nor the rules reviewed 2026-11-20.
    assert [(d.index, d.due_on.isoformat(), d.overdue) for d in due] == [
        (1, "2026-10-01", True), (0, "2026-11-25", False), (2, "2026-12-25", False)]
    assert [d.message().rsplit("(", 1)[1] for d in due] == ["55 days ago)", "today)", "in 30 days)"]
    assert due[0].fix().endswith("then write reviewed: 2026-11-25")


def test_the_real_rules_are_not_due_on_the_tests_day(book):
    """The tests' clock (conftest) is the newest review of rules.yaml: nothing is due, and
    the pages say the same whatever day the tests run."""
    assert reviews.due(book, reviews.today()) == []


# --- today ---------------------------------------------------------------------------------

def test_today_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.setenv(reviews.TODAY_ENV, "2030-01-02")
    assert reviews.today() == dt.date(2030, 1, 2)
    assert reviews.today("2031-03-04") == dt.date(2031, 3, 4)
    for bad in ("2030-1-2", "tomorrow", "2030-W01-1", "2030-02-30"):
        with pytest.raises(reviews.TodayError, match="is not a day"):
            reviews.today(bad)


def test_a_bad_clock_is_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv(reviews.TODAY_ENV, "next week")
    with pytest.raises(RulesFileError) as info:
        load(CORPUS / "valid.yaml", None, shown_as="valid.yaml")
    assert str(info.value) == ("valid.yaml:1:1: RULEBOOK_TODAY='next week' is not a day — write "
                               "it as YYYY-MM-DD, or leave it unset to use the machine's date")


def test_the_same_file_is_valid_or_not_by_the_day_it_is_checked():
    path = CORPUS / "review-date-in-future.yaml"
    with pytest.raises(RulesFileError, match="2026-12-01 is after today"):
        load(path, None, today=TODAY)
    assert load(path, None, today=dt.date(2026, 12, 1)).data.rules[2].reviewed == dt.date(2026, 12, 1)


def test_due_reviews_are_named_at_their_line():
    loaded = load_located(CORPUS / "valid.yaml", None, shown_as="valid.yaml",
                          today=dt.date(2027, 11, 5))
    lines = [str(d) for d in loaded.reviews_due()]
    assert len(lines) == len(loaded.book.data.rules)  # every rule: reviewed 2026-11-20
    first = (CORPUS / "valid.yaml").read_text("utf-8").splitlines().index("    reviewed: 2026-11-20") + 1
    assert lines[0] == (f"valid.yaml:{first}:15: rules[0].reviewed: review due: rule "
                        "'depth.hair-target' was last reviewed on 2026-11-20; its next review is "
                        "due on 2027-11-20 (in 15 days) — review it (steps: docs/about/editing.md, "
                        "'Reviewing a rule'), then write reviewed: 2027-11-05")


def test_the_model_describes_the_review_keys():
    """Editors' table and schema come from the model: the keys are there, with their rules."""
    by_name = {f.name: f for f in rules_model.Rule.__dataclass_fields__.values()}
    assert typed_load.is_required(by_name["reviewed"]) and by_name["reviewed"].metadata["build_only"]
    assert not typed_load.is_required(by_name["reviewed_by"])
    assert not typed_load.is_required(by_name["changes"])
    schema = json.loads((ROOT / "rules.schema.json").read_text("utf-8"))
    assert "reviewed" in schema["$defs"]["Rule"]["required"]
    assert schema["$defs"]["Rule"]["properties"]["reviewed"]["format"] == "date"
    assert "review_policy" in schema["required"]
