"""Small screens and zoom (WCAG 1.4.10): at 320 CSS px, and at 200% zoom of a 1280 px window
(640 CSS px at twice the pixels), no page scrolls sideways, and no table of rules needs its
own sideways scroll. The calculators are checked with an answer, its drawing and a log."""

from __future__ import annotations

import pytest

import snapshot_seed
from a11y_support import add_log_entries, new_context, open_calculator, show_answer, site_pages

pytestmark = pytest.mark.slow
SIZES = {"320px": dict(viewport={"width": 320, "height": 640}),
         "200% zoom": dict(viewport={"width": 640, "height": 360}, device_scale_factor=2)}

OVERFLOW = """() => {
  const root = document.documentElement;
  const boxes = [...document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre, .calc, svg[role=img]")]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > root.clientWidth + 1)
    .map((e) => (e.className.baseVal ?? e.className) || e.tagName);
  return { page: root.scrollWidth - root.clientWidth, boxes };
}"""


@pytest.mark.from_snapshot  # not about the boot
@pytest.mark.parametrize("size", list(SIZES))
def test_no_sideways_scrolling_on_any_page(request, browser, site, server, book, size):
    context = new_context(browser, "light", seed=snapshot_seed.if_marked(request), **SIZES[size])
    page = context.new_page()
    problems = {}
    for path in site_pages():
        if path.startswith("/calculators/"):
            name = path.split("/")[2]
            form = open_calculator(page, server, name)
            if name == "frequency":
                add_log_entries(form)
            show_answer(form, name, book)
        else:
            page.goto(server + path)
        found = page.evaluate(OVERFLOW)
        if found["page"] > 0 or found["boxes"]:
            problems[path] = found
    page.goto("about:blank")
    context.close()
    assert problems == {}, problems
