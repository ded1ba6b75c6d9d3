"""The plan as an iCalendar file: RFC 5545 as the `icalendar` library reads it, and as the
RFC writes it (CRLF, lines of at most 75 octets, escaped text, floating local times)."""

from __future__ import annotations

import copy
import datetime as dt
import re

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.api import run
from calculators.ics import SUMMARY, UID_DOMAIN, plan_ics
from calculators.rules import Rulebook

STAMP = "20261123T080000Z"
NOW = "2026-11-23T09:00"


def a_plan(book, **extra) -> dict:
    lim = book.frequency.fields
    inputs = {"sessions-per-week": int(book.frequency.max_sessions_per_week.value),
              "minutes": int(lim.minutes.min) + 9, "weeks": int(lim.weeks.max),
              "sessions": ["2026-11-20T20:00"], "now": NOW, **extra}
    result = run("frequency", inputs, book)
    assert result["valid"] and result["plan"], result
    return result


def events(text: str):
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


def advice_of(book) -> list[str]:
    """The reminder as rules.yaml defines it: the advice of `calendar_reminder`'s rules."""
    return [" ".join(book.rule(i).advice.split()) for i in book.frequency.calendar_reminder]


def test_one_event_per_planned_session(book):
    result = a_plan(book)
    minutes = result["inputs"]["minutes"]
    text = plan_ics(result["plan"], book, STAMP, minutes=minutes)
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    found = events(text)
    assert len(found) == len(result["plan"])
    for event, planned in zip(found, result["plan"]):
        start = event.decoded("DTSTART")
        assert start == dt.datetime.fromisoformat(planned)
        assert start.tzinfo is None  # floating: the reader's wall-clock time
        assert event.decoded("DTEND") - start == dt.timedelta(minutes=minutes)
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)
        assert str(event["SUMMARY"]) == SUMMARY
        description = str(event["DESCRIPTION"])
        assert description == "\n".join([f"{minutes} minutes."] + advice_of(book))


def test_the_reminder_follows_rules_yaml(book):
    """Another list in rules.yaml, another description: nothing about it is in the code."""
    raw = copy.deepcopy(book.raw)
    chosen = [book.depth.danger_from_mm.rule, book.frequency.daily_rule]
    raw["parameters"]["frequency"]["calendar_reminder"] = chosen
    other = Rulebook.from_data(raw)
    description = str(events(plan_ics(["2026-11-24T20:00"], other, STAMP, minutes=10))[0]["DESCRIPTION"])
    assert description.split("\n")[1:] == [" ".join(other.rule(i).advice.split()) for i in chosen]


def test_times_are_floating_on_the_wire(book):
    text = plan_ics(a_plan(book)["plan"], book, STAMP, minutes=10)
    lines = text.split("\r\n")
    starts = [line for line in lines if line.startswith(("DTSTART", "DTEND"))]
    assert starts
    for line in starts:
        assert re.fullmatch(r"DT(START|END):[0-9]{8}T[0-9]{6}", line), line  # no Z, no TZID
    assert "TZID" not in text and "VTIMEZONE" not in text
    assert [line for line in lines if line.startswith("DTSTAMP")] == \
        [f"DTSTAMP:{STAMP}"] * len(events(text))


def test_uids_unique_and_stable(book):
    plan = a_plan(book)["plan"]
    first = [str(e["UID"]) for e in events(plan_ics(plan, book, STAMP, minutes=10))]
    later = [str(e["UID"]) for e in events(plan_ics(plan, book, "20261201T120000Z", minutes=20))]
    assert first == later
    assert len(set(first)) == len(first)
    assert all(uid.endswith("@" + UID_DOMAIN) for uid in first)
    # the same session in another plan keeps its UID
    shorter = [str(e["UID"]) for e in events(plan_ics(plan[1:], book, STAMP, minutes=10))]
    assert shorter == first[1:]


def test_crlf_and_lines_of_at_most_75_octets(book):
    text = plan_ics(a_plan(book)["plan"], book, STAMP, minutes=10)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert any(line.startswith(" ") for line in lines), "the description is folded"
    for line in lines:
        assert len(line.encode("utf-8")) <= 75, line


def _book_with_advice(book, rule_id: str, advice: str) -> Rulebook:
    raw = copy.deepcopy(book.raw)
    next(r for r in raw["rules"] if r["id"] == rule_id)["advice"] = advice
    return Rulebook.from_data(raw)


@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<"),
                   min_size=1, max_size=300))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_advice_survives_escaping_and_folding(book, text):
    """Commas, semicolons, backslashes, colons, multi-byte characters, long lines: the
    description reads back as written."""
    advice = " ".join(text.split())
    if not advice:
        return
    other = _book_with_advice(book, book.frequency.daily_rule, advice)
    ics = plan_ics(["2026-11-24T20:00"], other, STAMP, minutes=10)
    for line in ics.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75
    description = str(events(ics)[0]["DESCRIPTION"])
    assert description.split("\n")[-1] == advice


def test_special_characters_are_escaped_on_the_wire(book):
    other = _book_with_advice(book, book.frequency.daily_rule, r"a, b; c \ d")
    ics = plan_ics(["2026-11-24T20:00"], other, STAMP, minutes=10)
    unfolded = ics.replace("\r\n ", "")
    assert r"a\, b\; c \\ d" in unfolded
    assert r"10 minutes.\n" in unfolded


def test_control_characters_are_dropped(book):
    other = _book_with_advice(book, book.frequency.daily_rule, "a\x00b\x1bc\x7fd")
    ics = plan_ics(["2026-11-24T20:00"], other, STAMP, minutes=10)
    assert str(events(ics)[0]["DESCRIPTION"]).split("\n")[-1] == "abcd"


def test_without_minutes_the_events_have_no_end(book):
    ics = plan_ics(["2026-11-24T20:00"], book, STAMP)
    (event,) = events(ics)
    assert "DTEND" not in event and "minutes." not in str(event["DESCRIPTION"])


def test_an_empty_plan_makes_no_calendar(book):
    # RFC 5545 section 3.6: a calendar holds at least one component.
    with pytest.raises(ValueError, match="the plan is empty"):
        plan_ics([], book, STAMP, minutes=10)


@pytest.mark.parametrize("stamp,expected", [("20261123T080000Z", "20261123T080000Z"),
                                            ("2026-11-23T08:00:00Z", "20261123T080000Z"),
                                            ("2026-11-23T08:00:00.123Z", "20261123T080000Z")])
def test_stamp_forms(book, stamp, expected):
    assert f"DTSTAMP:{expected}\r\n" in plan_ics(["2026-11-24T20:00"], book, stamp)


@pytest.mark.parametrize("stamp", ["", "20261123T080000", "2026-11-23T08:00:00+01:00", "now",
                                   "20261323T080000Z", None, 1])
def test_bad_stamp_is_refused(book, stamp):
    with pytest.raises(ValueError):
        plan_ics(["2026-11-24T20:00"], book, stamp)


def test_zoned_plan_times_are_refused(book):
    with pytest.raises(ValueError):
        plan_ics([dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.timezone.utc)], book, STAMP)
