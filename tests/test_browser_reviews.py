"""Issue 14 in Chromium on a phone: a calculator answer's message links to its rule, and the
page it opens shows that rule's own review date without scrolling."""

from __future__ import annotations

import pytest

from test_browser import READY_MS, open_calculator

# Not about the boot: `page` starts the calculators from the stored snapshot (tests/snapshot_seed.py).
pytestmark = [pytest.mark.slow, pytest.mark.from_snapshot]
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("verdict", ["caution", "not-recommended"])
def test_a_message_link_opens_its_rule_with_its_date_in_view(page, server, book, verdict):
    example = next(e for e in book.data.examples
                   if e.calculator == "depth" and e.expect.verdict == verdict)
    page.set_viewport_size(PHONE)
    form = open_calculator(page, server, "depth", {k: str(v) for k, v in example.inputs.items()})
    item = form.locator("[data-calc-result] li[data-rule]").last
    item.wait_for(timeout=READY_MS)
    rule = book.rule(item.get_attribute("data-rule"))
    link = item.locator("a")
    link.scroll_into_view_if_needed()
    # The theme records the scroll offset in history.state 100 ms after a scroll (debounced);
    # one that fires after the click, while the next page loads, lands in the new entry, and
    # the theme then restores that offset instead of going to the anchor (a Material 9 race,
    # README). A reader does not tap within 100 ms of scrolling; wait for the record.
    page.wait_for_function("() => history.state !== null && history.state.y === scrollY", polling=50)
    link.click()
    page.wait_for_url(f"**/reference/{rule.topic}/#{rule.id}")
    date = page.locator(f'h2[id="{rule.id}"] ~ .rule-reviewed').first
    date.wait_for()
    # Instant navigation scrolls to the anchor once the page is in: wait for the heading on top.
    page.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 150",
                           arg=rule.id)
    assert date.get_attribute("data-rule-reviewed") == rule.reviewed.isoformat()
    box = date.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
    assert date.locator("time").get_attribute("datetime") == rule.reviewed.isoformat()
