"""The session log is never lost by accident (issue 12, point 5), in Chromium.

Saved to a file and added back on another device; a bad file is refused with a clear
message and changes nothing; a log that is not empty changes only after the reader chose in
the page's dialog; the browser is asked to keep the storage; a log stored by an earlier
build (format 1) survives this one; a damaged stored log keeps the page working.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from test_browser import READY_MS
from test_browser_frequency import add_session, open_frequency

# Not about the boot: `page` starts the calculators from the stored snapshot (tests/snapshot_seed.py).
pytestmark = [pytest.mark.slow, pytest.mark.from_snapshot]
FILE_FORMAT = "dermaroll-session-log"  # the file format's name, as the page writes it


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M")


def days_ago(n: int, hour: int = 20) -> dt.datetime:
    return (dt.datetime.now() - dt.timedelta(days=n)).replace(hour=hour, minute=0, second=0, microsecond=0)


def logged(form) -> list[str]:
    return [li.get_attribute("data-log-entry") for li in form.locator("[data-log-entry]").all()]


def stored(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage)"
                         ".filter(([k]) => k.startsWith('dermaroll:')))")


def add_file(page, form, tmp_path, content, name="log.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    with page.expect_file_chooser() as chooser:
        form.locator("[data-log-import]").click()
    chooser.value.set_files(str(path))


def a_file(entries, **over):
    return {"format": FILE_FORMAT, "version": 2, "calculator": "frequency", "field": "sessions",
            "saved": "2026-01-01T10:00", "entries": entries, **over}


def status(form) -> str:
    return form.locator("[data-log-status]").inner_text()


def test_saved_file_is_added_back_on_another_device(browser, page, server, tmp_path):
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    sessions = [days_ago(9), days_ago(5)]
    for when in sessions:
        add_session(form, when)
    with page.expect_download() as info:
        form.locator("[data-log-export]").click()
    saved = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert saved["format"] == FILE_FORMAT and saved["entries"] == [iso(w) for w in sessions]
    assert info.value.suggested_filename.endswith(".json")

    other = browser.new_context()  # another device: nothing stored
    try:
        page2 = other.new_page()
        form2 = open_frequency(page2, server, {"sessions-per-week": 2, "minutes": 10})
        assert logged(form2) == []
        add_file(page2, form2, tmp_path, saved)
        form2.locator("[data-log-entry]").nth(1).wait_for()
        assert logged(form2) == [iso(w) for w in sessions]
        assert "Added 2 sessions" in status(form2)
        page2.goto("about:blank")
    finally:
        other.close()


@pytest.mark.parametrize("content, words", [
    ("not json at all", "not a session log saved by this site"),
    ({"format": "something-else", "entries": []}, "not a session log saved by this site"),
    (a_file(["2026-01-01T10:00", "<img src=x onerror=alert(1)>"]), "entry 2"),
    (a_file(["2026-02-30T10:00"]), "is not a date and time"),
    (a_file([], version=99), "newer version of the site"),
    (a_file([], calculator="depth"), "another log"),
])
def test_a_bad_file_is_refused_clearly_and_changes_nothing(page, server, tmp_path, content, words):
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    add_session(form, days_ago(3))
    before = stored(page)
    add_file(page, form, tmp_path, content)
    page.wait_for_function("w => document.querySelector('[data-log-status]').textContent.includes(w)", arg=words)
    assert stored(page) == before
    assert logged(form) == [iso(days_ago(3))]
    assert form.locator("img").count() == 0  # a file's text is never markup


def test_adding_to_a_log_that_is_not_empty_asks_first(page, server, tmp_path):
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    mine, both, theirs = days_ago(10), days_ago(6), days_ago(2)
    add_session(form, mine)
    add_session(form, both)
    dialog = form.locator("[data-log-dialog]")
    incoming = a_file([iso(both), iso(theirs)])

    add_file(page, form, tmp_path, incoming)  # Cancel: nothing changes
    dialog.wait_for(state="visible")
    assert "would be removed" in dialog.inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert logged(form) == [iso(mine), iso(both)] and "Nothing was changed" in status(form)

    add_file(page, form, tmp_path, incoming)  # Add to my log: the union
    dialog.locator('[data-log-choice="merge"]').click()
    form.locator("[data-log-entry]").nth(2).wait_for()
    assert logged(form) == [iso(mine), iso(both), iso(theirs)]

    add_file(page, form, tmp_path, a_file([iso(theirs)]), "again.json")  # all there already: no dialog
    page.wait_for_function("() => document.querySelector('[data-log-status]').textContent.includes('already')")
    assert dialog.is_hidden()

    newest = days_ago(1)
    add_file(page, form, tmp_path, a_file([iso(both), iso(newest)]), "replace.json")
    dialog.locator('[data-log-choice="replace"]').click()  # Replace my log: the file's only
    page.wait_for_function("() => document.querySelectorAll('[data-log-entry]').length === 2")
    assert logged(form) == [iso(both), iso(newest)]
    page.reload()
    page.wait_for_selector('form[data-ready="true"]', timeout=READY_MS)
    assert logged(page.locator('form[data-calculator="frequency"]')) == [iso(both), iso(newest)]


def test_the_browser_is_asked_to_keep_the_log(page, server):
    page.add_init_script("""
        window.__persistAsked = 0;
        const real = navigator.storage.persist.bind(navigator.storage);
        navigator.storage.persist = () => { window.__persistAsked += 1; return real(); };""")
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    assert page.evaluate("window.__persistAsked") == 0  # not on a mere visit
    add_session(form, days_ago(4))
    page.wait_for_function("() => document.querySelector('[data-log-status]').dataset.persisted")
    answer = form.locator("[data-log-status]").get_attribute("data-persisted")
    assert answer in ("granted", "denied")
    assert page.evaluate("window.__persistAsked") <= 1
    assert status(form)  # the reader is told what the browser answered


KEY = "dermaroll:/:frequency:sessions"  # the site at the server's root, its frequency log


def test_a_log_stored_by_an_earlier_build_survives_this_one(page, server):
    # Format 1, exactly as the first builds wrote it: a bare JSON array of local times.
    old = [iso(days_ago(8)), iso(days_ago(4))]
    page.goto(f"{server}/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(old)])
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    assert logged(form) == old
    assert json.loads(stored(page)[KEY]) == {"version": 2, "entries": old}
    add_session(form, days_ago(1))
    assert logged(form) == old + [iso(days_ago(1))]


@pytest.mark.parametrize("damaged", ["{not json", '{"version": "x"}', '"a string"', "[1, null, {}]"])
def test_a_damaged_stored_log_keeps_the_page_working_and_is_kept_aside(page, server, damaged):
    page.goto(f"{server}/")
    key = KEY
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, damaged])
    form = open_frequency(page, server, {"sessions-per-week": 2, "minutes": 10})
    form.locator("[data-calc-result] [data-verdict]").wait_for()
    assert logged(form) == []
    add_session(form, days_ago(2))
    assert logged(form) == [iso(days_ago(2))]
    kept = stored(page)
    assert kept[key] == json.dumps({"version": 2, "entries": [iso(days_ago(2))]}, separators=(",", ":"))
    if damaged != "[1, null, {}]":  # (a readable list of nothing: not damaged, just empty)
        assert kept[key + ":unreadable"] == damaged
