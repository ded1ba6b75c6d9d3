"""The plan's calendar drawing: well-formed, accessible, deterministic, and counting right."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.api import run
from calculators.calendar_svg import plan_calendar

SVG = "{http://www.w3.org/2000/svg}"
NOW = "2026-11-25T09:00"


def result_with_log(book, **extra) -> dict:
    lim = book.frequency.fields
    inputs = {"sessions-per-week": int(book.frequency.max_sessions_per_week.value),
              "minutes": int(lim.minutes.min), "weeks": 2, "start": "2026-11-25",
              "sessions": ["2026-11-18T20:00", "2026-11-22T20:00"], "now": NOW, **extra}
    result = run("frequency", inputs, book)
    assert result["valid"], result
    return result


def markers(root, cls: str) -> int:
    return sum(int(g.get("data-count")) for g in root.iter(f"{SVG}g") if g.get("class") == cls)


def groups(root, cls: str) -> list:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == cls]


def days(root) -> list[dt.date]:
    return [dt.date.fromisoformat(g.get("data-date")) for g in groups(root, "day")]


def test_well_formed_and_accessible(book):
    svg = result_with_log(book)["calendar_svg"]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text.strip() and desc.text.strip()
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox").split()[:3] == ["0", "0", "360"]  # laid out for a phone first
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert not any("href" in key for key in element.attrib), element.tag
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")


def test_counts_match_the_plan_and_the_log(book):
    result = result_with_log(book)
    root = ET.fromstring(result["calendar_svg"])
    plan = result["plan"]
    assert markers(root, "planned") == len(plan) > 0
    assert markers(root, "logged") == len(result["inputs"]["sessions"])
    first, last = (dt.date.fromisoformat(d) for d in result["plan_period"])
    planned_days = {dt.datetime.fromisoformat(p).date() for p in plan}
    rest = [d for d in days(root) if first <= d <= last and d not in planned_days]
    assert len(groups(root, "rest")) == len(rest)
    desc = root.find(f"{SVG}desc").text
    assert f"{len(plan)} planned sessions" in desc
    assert f"{len(result['inputs']['sessions'])} logged sessions" in desc
    assert f"{len(rest)} rest days" in desc
    for g in groups(root, "planned"):
        assert g.get("data-times") == "20:00"  # the last logged session's time


def test_weeks_as_rows_monday_to_sunday(book):
    result = result_with_log(book)
    root = ET.fromstring(result["calendar_svg"])
    shown = days(root)
    assert len(shown) % 7 == 0
    assert shown[0].weekday() == 0 and shown[-1].weekday() == 6
    assert all((b - a).days == 1 for a, b in zip(shown, shown[1:]))
    # from the first logged session within the two weeks before the start, to the plan's end
    assert shown[0] <= dt.date(2026, 11, 18) < shown[0] + dt.timedelta(days=7)
    last = dt.date.fromisoformat(result["plan_period"][1])
    assert shown[-7] <= last <= shown[-1]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    for day in shown:  # every date is labelled (the day, with the month where it changes)
        assert str(day.day) in labels or any(label.startswith(f"{day.day} ") for label in labels)


def test_old_log_entries_are_not_drawn(book):
    result = result_with_log(book, sessions=["2026-10-01T20:00"])
    root = ET.fromstring(result["calendar_svg"])
    assert markers(root, "logged") == 0
    assert days(root)[0] == dt.date(2026, 11, 23)  # the Monday of the start's week


def test_shapes_and_words_differ(book):
    root = ET.fromstring(result_with_log(book)["calendar_svg"])
    for cls, shape, word in (("planned", "circle", "plan"), ("logged", "rect", "done"),
                             ("rest", "line", "rest")):
        for g in groups(root, cls):
            assert g.find(f"{SVG}{shape}") is not None, cls
            assert word in [t.text for t in g.iter(f"{SVG}text")], cls


def test_today_is_outlined_once(book):
    root = ET.fromstring(result_with_log(book)["calendar_svg"])
    today = [g for g in groups(root, "day") if g.find(f"{SVG}rect").get("class") == "cell-today"]
    assert [g.get("data-date") for g in today] == [NOW[:10]]
    assert today[0].find(f"{SVG}rect").get("stroke-width") == "3"
    assert "(today)" in today[0].find(f"{SVG}title").text
    assert "heavy outline" in root.find(f"{SVG}desc").text  # the legend says so too


def test_no_times_drawn_the_page_writes_them_in_the_readers_format(book):
    # A fixed "20:00" here would sit beside the page's "8:00 PM" (issue 11): days only.
    root = ET.fromstring(result_with_log(book)["calendar_svg"])
    shown = " ".join(root.itertext())
    assert not re.search(r"\d:\d\d|\b[AP]M\b", shown), shown
    assert {g.get("data-times") for g in groups(root, "planned")} == {"20:00"}  # kept as data


def test_deterministic(book):
    assert result_with_log(book)["calendar_svg"] == result_with_log(book)["calendar_svg"]


def test_two_sessions_on_one_day():
    a = dt.datetime(2026, 11, 24, 8, 0)
    svg = plan_calendar([a + dt.timedelta(hours=12)], [a, a + dt.timedelta(hours=2)],
                        dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    root = ET.fromstring(svg)
    assert markers(root, "logged") == 2 and markers(root, "planned") == 1
    (logged,) = groups(root, "logged")
    assert logged.get("data-times") == "08:00 10:00"


def test_sessions_outside_the_weeks_are_left_out():
    first, last = dt.date(2026, 11, 23), dt.date(2026, 11, 29)
    outside = [dt.datetime(2026, 11, 22, 20, 0), dt.datetime(2026, 11, 30, 20, 0)]
    root = ET.fromstring(plan_calendar(outside, outside, first, last))
    assert markers(root, "planned") == markers(root, "logged") == 0


def test_days_in_the_wrong_order_are_refused():
    with pytest.raises(ValueError):
        plan_calendar([], [], dt.date(2026, 11, 23), dt.date(2026, 11, 22))


@given(data=st.data())
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_result_draws_a_well_formed_calendar(book, data):
    f = book.frequency.fields
    now = data.draw(st.datetimes(dt.datetime(2001, 1, 1), dt.datetime(2099, 1, 1))).replace(
        second=0, microsecond=0)
    offsets = data.draw(st.lists(st.integers(-60 * 24 * 30, 0), max_size=10))  # up to now
    inputs = {"sessions-per-week": data.draw(st.integers(int(f.sessions_per_week.min),
                                                         int(f.sessions_per_week.max))),
              "minutes": int(f.minutes.min), "now": now.isoformat(timespec="minutes"),
              "weeks": data.draw(st.integers(int(f.weeks.min), int(f.weeks.max))),
              "sessions": [(now + dt.timedelta(minutes=m)).isoformat(timespec="minutes")
                           for m in offsets]}
    result = run("frequency", inputs, book)
    root = ET.fromstring(result["calendar_svg"])
    assert markers(root, "planned") == len(result["plan"])
    shown = days(root)
    logged = {dt.datetime.fromisoformat(s) for s in inputs["sessions"]}
    start = dt.date.fromisoformat(result["plan_period"][0])
    drawn = [m for m in logged
             if shown[0] <= m.date() <= shown[-1]]
    assert markers(root, "logged") <= len(drawn)
    recent = [m for m in logged if start - dt.timedelta(weeks=2) <= m.date() <= start]
    assert markers(root, "logged") >= len(recent)
    assert len(shown) // 7 <= int(f.weeks.max) + 4  # bounded, whatever the log holds
