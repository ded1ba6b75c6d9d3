"""The calculators with the keyboard alone (Tab, arrows, Enter, Space), in Chromium: every
focus stop on the way shows a ring that nothing covers (WCAG 2.4.7, 2.4.11), on a desktop
and on a phone, forwards and backwards; focus stays in the log after a Remove; the log's
buttons name their session; and the status line speaks once per settled change."""

from __future__ import annotations

import datetime as dt

import pytest

import snapshot_seed
from a11y_support import new_context, open_calculator, wait_answer
from keyboard_support import focus_state, leave_backwards, press, tab_to, type_datetime, unseen

# Not about the boot: the calculators start from the stored snapshot (tests/snapshot_seed.py).
pytestmark = [pytest.mark.slow, pytest.mark.from_snapshot]
PHONE = {"width": 390, "height": 760}


@pytest.fixture
def kpage(request, browser, site):
    context = new_context(browser, "light", locale="en-US", seed=snapshot_seed.if_marked(request))
    page = context.new_page()
    yield page
    page.goto("about:blank")
    context.close()


def status_of(form) -> str:
    return form.locator("[data-calc-status]").text_content()


def walk_out_of_form(page, stops, limit=40):
    """Tab on through the answer (its rule links) until focus leaves the form."""
    for _ in range(limit):
        if not press(page, "Tab", stops)["inForm"]:
            return
    raise AssertionError("focus never left the form")


def test_depth_with_the_keyboard_alone(kpage, server, book):
    form = open_calculator(kpage, server, "depth")
    stops = []
    goal = form.locator("select[name=goal]")
    tab_to(kpage, "calc-goal", stops)
    first, second = [o.get_attribute("value") for o in goal.locator("option").all()][:2]
    press(kpage, "ArrowDown", stops)
    assert goal.input_value() == second
    press(kpage, "ArrowUp", stops)
    assert goal.input_value() == first == "hair"
    tab_to(kpage, "calc-area", stops)
    press(kpage, "ArrowDown", stops)
    assert form.locator("select[name=area]").input_value() != ""
    tab_to(kpage, "calc-shaft-percent", stops)
    kpage.keyboard.type("60")
    tab_to(kpage, "calc-needle-mm", stops)
    kpage.keyboard.type(f"{book.depth.danger_from_mm.value:g}")
    press(kpage, "Tab", stops)
    wait_answer(form, "not-recommended")
    kpage.wait_for_function("f => f.querySelector('[data-calc-status]').textContent.startsWith('Not recommended')",
                            arg=form.element_handle())
    walk_out_of_form(kpage, stops)
    assert len(stops) > 8 and unseen(stops) == [], unseen(stops)


def test_frequency_with_the_keyboard_alone_and_the_log(kpage, server):
    form = open_calculator(kpage, server, "frequency")
    stops = []
    tab_to(kpage, "calc-sessions-per-week", stops)
    kpage.keyboard.type("2")
    tab_to(kpage, "calc-minutes", stops)
    kpage.keyboard.type("10")
    tab_to(kpage, "calc-sessions", stops)
    evening = dt.datetime.now().replace(hour=20, minute=0, second=0, microsecond=0)
    days = [evening - dt.timedelta(days=d) for d in (9, 6, 3)]
    add = form.locator("[data-log-add]")
    for n, when in enumerate(days, start=1):
        type_datetime(kpage, when)
        name = add.get_attribute("aria-label")
        kpage.keyboard.press("Enter")
        entries = form.locator("[data-log-entry]")
        entries.nth(n - 1).wait_for()
        shown = entries.nth(n - 1).evaluate("li => li.firstChild.textContent")
        assert name == f"Add the session of {shown}"  # the button said which session it adds
        assert focus_state(kpage)["id"] == "calc-sessions"
        leave_backwards(kpage, "calc-sessions", stops)
        press(kpage, "Tab", stops)
    names = [b.get_attribute("aria-label") for b in form.locator("[data-log-entry] button").all()]
    texts = [e.evaluate("li => li.firstChild.textContent") for e in form.locator("[data-log-entry]").all()]
    assert names == [f"Remove the session of {t}" for t in texts] and len(set(names)) == 3
    # The middle entry's Remove, by Space: focus moves to the next entry's Remove.
    tab_to(kpage, lambda s: s["name"] == names[1], stops)
    press(kpage, "Space", stops)
    assert form.locator("[data-log-entry]").count() == 2
    assert focus_state(kpage)["name"] == names[2]
    # The last one, by Enter: focus moves to the new last entry's Remove.
    press(kpage, "Enter", stops)
    assert focus_state(kpage)["name"] == names[0]
    # The only one left: focus returns to the date field, never to <body>.
    press(kpage, "Space", stops)
    assert form.locator("[data-log-entry]").count() == 0
    assert focus_state(kpage)["id"] == "calc-sessions"
    wait_answer(form)
    assert form.locator("ol[data-calc-value=plan] li").count() > 0
    walk_out_of_form(kpage, stops)
    assert unseen(stops) == [], unseen(stops)


@pytest.mark.parametrize("name", ["depth", "frequency"])
def test_focus_is_seen_on_a_phone_from_bottom_to_top(request, browser, site, server, name):
    # Backwards, the browser scrolls each control to the top edge: under the sticky header,
    # if the page let it (WCAG 2.4.11). The whole page, the theme's parts too (the drawer).
    context = new_context(browser, "dark", viewport=PHONE, seed=snapshot_seed.if_marked(request))
    page = context.new_page()
    wait_answer(open_calculator(page, server, name))  # the answer grows the page: then go to its end
    page.keyboard.press("End")
    stops = []
    tab_to(page, lambda s: s["name"] == "Skip to content", stops, key="Shift+Tab", limit=120)
    assert len(stops) > 8 and unseen(stops) == [], unseen(stops)
    page.goto("about:blank")
    context.close()


def test_status_speaks_once_per_settled_change(kpage, server, book):
    form = open_calculator(kpage, server, "depth", "?goal=hair")
    wait_answer(form)
    kpage.evaluate("""f => { window.statusUpdates = 0;
        new MutationObserver((records) => { window.statusUpdates += records.length; })
          .observe(f.querySelector('[data-calc-status]'), {childList: true, characterData: true, subtree: true}); }""",
                   form.element_handle())
    updates = lambda: kpage.evaluate("window.statusUpdates")  # noqa: E731
    settle_ms = 2500  # well past the glue's pause (SETTLE_MS, 1 s)
    needle = form.locator("input[name=needle-mm]")
    # Keystrokes, then Tab: the answer follows every keystroke, the status speaks once.
    needle.focus()
    kpage.keyboard.type(f"{book.depth.danger_from_mm.value:g}", delay=80)
    wait_answer(form, "not-recommended")
    kpage.keyboard.press("Tab")
    kpage.wait_for_function("f => f.querySelector('[data-calc-status]').textContent.startsWith('Not recommended')",
                            arg=form.element_handle())
    kpage.wait_for_timeout(settle_ms)
    assert updates() == 1, status_of(form)
    # Keystrokes, then a pause: spoken once, after the pause.
    needle.focus()
    kpage.keyboard.press("Control+A")
    kpage.keyboard.type("0.5", delay=80)
    kpage.wait_for_function("f => !f.querySelector('[data-calc-status]').textContent.startsWith('Not recommended')",
                            arg=form.element_handle())
    kpage.wait_for_timeout(settle_ms)
    assert updates() == 2, status_of(form)
    # A choice with the arrow keys: one update.
    form.locator("select[name=goal]").focus()
    kpage.keyboard.press("ArrowDown")
    kpage.wait_for_timeout(settle_ms)
    assert updates() == 3, status_of(form)
    assert status_of(form) and form.locator("[data-calc-status]").get_attribute("role") == "status"
    assert form.locator("[data-calc-result]").get_attribute("aria-live") is None
