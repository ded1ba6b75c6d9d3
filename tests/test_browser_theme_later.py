"""The theme's bundle, held back on a calculator page opened in full (overrides/main.html,
theme-later.js): it loads after the first answer, or at once when the reader touches the page
first, and then the theme works as on any page (instant navigation, the glue bound once)."""

from __future__ import annotations

import pytest

from static_host import StaticHost
from test_browser import READY_MS, THEME_LOADED as LOADED, open_depth, result_of

pytestmark = pytest.mark.slow

# When the bundle was asked for, and when the first answer was on screen (ms since navigation).
TIMES = """() => ({
    bundle: performance.getEntriesByType('resource').filter((e) => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(e.name))
      .map((e) => e.startTime),
    answer: (performance.getEntriesByName('calc:first-answer')[0] || {}).startTime ?? null })"""


# Counts the questions the page posts to the calculators' worker (the real Worker, only
# counted; Material's search worker gets messages too, without a `calculator`).
COUNT_REQUESTS = """(() => {
  const post = Worker.prototype.postMessage;
  self.calcRequests = 0;
  Worker.prototype.postMessage = function (...args) {
    if (args[0] && typeof args[0] === "object" && "calculator" in args[0]) self.calcRequests += 1;
    return post.apply(this, args);
  };
})();"""

# One input event, and how many requests it posted. Each listener the event reaches posts
# once the worker's ready promise (settled long ago) resolves: within the microtasks that
# follow the dispatch, all of them done before the next task, so the count is exact.
REQUESTS_OF_ONE_CHANGE = """async () => {
  const select = document.querySelector('form[data-calculator] select[name=goal]');
  const before = self.calcRequests;
  select.value = 'skin';
  select.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((next) => setTimeout(next, 0));
  return self.calcRequests - before;
}"""


def test_the_theme_loads_after_the_first_answer_and_works(page, server):
    page.add_init_script(COUNT_REQUESTS)
    form = open_depth(page, server)
    result_of(form)
    page.wait_for_function(LOADED, timeout=READY_MS)
    times = page.evaluate(TIMES)
    assert len(times["bundle"]) == 1 and times["answer"] is not None
    assert times["bundle"][0] >= times["answer"], times
    assert page.evaluate("typeof window.document$.subscribe") == "function"
    # The glue was called again for this page when the theme came (eachPage): it bound once,
    # so one input change is one request and one answer.
    assert page.evaluate(REQUESTS_OF_ONE_CHANGE) == 1
    page.wait_for_function("() => performance.getEntriesByName('calc:answer').length > 0")
    assert page.console_errors == []


def test_a_touch_before_the_answer_brings_the_theme_at_once(browser, site):
    # The runtime downloads slowly: the reader presses a key long before Python answers.
    with StaticHost(site, slow={"pyodide.asm.wasm": 30}) as host:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(host.url + "/calculators/depth/", wait_until="domcontentloaded")
            assert page.evaluate("typeof window.document$") == "undefined"
            page.keyboard.press("Tab")
            # At once: well before theme-later.js's own 10 s fallback.
            page.wait_for_function(LOADED, timeout=6_000)
            assert page.evaluate(TIMES)["answer"] is None  # still loading: the theme did not wait
            assert page.evaluate("typeof window.document$.subscribe") == "function"
        finally:
            page.goto("about:blank")
            context.close()


def test_a_browser_without_workers_gets_the_theme_at_once(page, server):
    # No answer will ever come (calculators.mjs says the browser cannot run it): nothing to
    # wait for, so not theme-later.js's 10 s fallback either.
    page.add_init_script("delete self.Worker;")
    page.goto(f"{server}/calculators/depth/", wait_until="domcontentloaded")
    page.wait_for_function(LOADED, timeout=6_000)
    loading = page.locator("form[data-calculator] [data-calc-loading]")
    assert "cannot run the calculator" in loading.inner_text()
    assert page.console_errors == []
