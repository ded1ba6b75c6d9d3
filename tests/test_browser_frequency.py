"""The frequency calculator in Chromium: a test per verdict, the log kept on the device
(surviving a reload, cleared on request, never in the URL), and the .ics download."""

from __future__ import annotations

import datetime as dt
import pytest

from test_browser import READY_MS, only_same_origin, open_calculator

pytestmark = pytest.mark.slow


def open_frequency(page, server, inputs=None):
    return open_calculator(page, server, "frequency", inputs)


def verdict_of(form):
    node = form.locator("[data-calc-result] [data-verdict]")
    node.wait_for()
    return node.get_attribute("data-verdict")


def wait_verdict(page, verdict):
    page.wait_for_function(
        "v => (document.querySelector('[data-calc-result] [data-verdict]') || {}).dataset?.verdict === v", arg=verdict)


def test_each_planned_routine_verdict(page, server, book):
    f = book.frequency
    top = int(f.max_sessions_per_week.value)
    form = open_frequency(page, server, {"sessions-per-week": top, "minutes": 10})
    assert verdict_of(form) == "ok"
    assert form.locator("ol[data-calc-value=plan] li").count() > 0
    form.locator("input[name=sessions-per-week]").fill(str(top + 1))
    wait_verdict(page, "not-recommended")
    assert f.max_sessions_per_week.rule in [li.get_attribute("data-rule")
                                             for li in form.locator("[data-calc-result] li[data-rule]").all()]
    form.locator("input[name=sessions-per-week]").fill(str(top))
    form.locator("input[name=minutes]").fill(f"{f.long_session_minutes.value:g}")
    wait_verdict(page, "caution")
    assert page.console_errors == []
    only_same_origin(page, server)


def add_session(form, when: dt.datetime):
    form.locator("input[name=sessions]").fill(when.strftime("%Y-%m-%dT%H:%M"))
    form.locator("[data-log-add]").click()


def test_log_survives_reload_is_not_in_the_url_and_clears(page, server, book):
    f = book.frequency
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    base = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(days=3)
    too_close = base + dt.timedelta(hours=f.min_gap_hours.value / 2)
    add_session(form, base)
    add_session(form, too_close)
    assert form.locator("[data-log-entry]").count() == 2
    wait_verdict(page, "not-recommended")  # two sessions closer than the minimum gap
    assert "sessions=" not in page.url and base.strftime("%Y-%m-%d") not in page.url
    page.reload()
    page.wait_for_selector('form[data-ready="true"]', timeout=READY_MS)
    form = page.locator('form[data-calculator="frequency"]')
    assert form.locator("[data-log-entry]").count() == 2
    assert verdict_of(form) == "not-recommended"
    # Remove one, then all.
    form.locator(f'[data-log-entry="{too_close:%Y-%m-%dT%H:%M}"] button').click()
    assert form.locator("[data-log-entry]").count() == 1
    wait_verdict(page, "ok")
    form.locator("[data-log-clear]").click()
    assert form.locator("[data-log-entry]").count() == 0
    page.reload()
    page.wait_for_selector('form[data-ready="true"]', timeout=READY_MS)
    assert page.locator("[data-log-entry]").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('dermaroll:')).length") == 0
    only_same_origin(page, server)


def test_ics_download_parses_with_one_event_per_session(page, server):
    from icalendar import Calendar

    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10, "weeks": 2})
    verdict_of(form)
    planned = [li.get_attribute("data-plan-entry")
               for li in form.locator("ol[data-calc-value=plan] li").all()]
    assert planned
    with page.expect_download() as info:
        form.locator("[data-download-ics]").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(open(download.path(), "rb").read())
    events = [c for c in calendar.walk("VEVENT")]
    assert [e.decoded("DTSTART").strftime("%Y-%m-%dT%H:%M") for e in events] == planned
    only_same_origin(page, server)


def test_remove_all_shows_only_when_there_is_a_log(page, server):
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    verdict_of(form)
    assert form.locator("[data-log-clear]").is_hidden()
    add_session(form, dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(days=2))
    assert form.locator("[data-log-clear]").is_visible()
