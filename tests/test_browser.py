"""The real site in Chromium: the form, the worker, Python in Pyodide, instant navigation."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

pytestmark = pytest.mark.slow
READY_MS = 60_000  # a cold Pyodide boot takes about 5 s on this 2-core machine; generous for a loaded one
# A calculator page opened in full loads the theme's bundle after its first answer.
THEME_LOADED = "() => document.documentElement.dataset.themeLoaded === 'true'"


def open_calculator(page, server, name, inputs=None):
    """The calculator's page, with inputs in the URL as a shared link has them, once ready."""
    query = "?" + urlencode(inputs) if inputs else ""
    page.goto(f"{server}/calculators/{name}/{query}")
    page.wait_for_selector(f'form[data-calculator="{name}"][data-ready="true"]', timeout=READY_MS)
    page.wait_for_function(THEME_LOADED, timeout=READY_MS)  # after the first answer (theme-later.js)
    return page.locator(f'form[data-calculator="{name}"]')


def open_depth(page, server):
    return open_calculator(page, server, "depth")


def result_of(form):
    output = form.locator("[data-calc-result]")
    output.locator("[data-verdict]").wait_for()
    return output


def only_same_origin(page, server):
    origin = urlsplit(server)
    foreign = [u for u in page.requests
               if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != origin.netloc]
    assert foreign == [], f"requests left the origin: {foreign}"


def test_form_is_painted_disabled_before_python(page, server):
    # Hold Python back with a worker that never answers (page routes do not reach workers):
    # the page must still render its whole form, disabled, with a visible progress indicator.
    page.add_init_script("window.Worker = class { postMessage() {} };")
    page.goto(f"{server}/calculators/depth/")
    form = page.locator('form[data-calculator="depth"]')
    page.wait_for_function("() => document.querySelector('form[data-calculator]').dataset.calcBound")
    assert form.locator("fieldset[data-calc-fields]").get_attribute("disabled") is not None
    assert form.locator("select[name=goal]").is_disabled()
    assert form.locator("[data-calc-loading] progress").is_visible()
    assert form.locator("label", has_text="Goal").is_visible()


def test_without_javascript_the_page_says_what_to_do(browser, server, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/calculators/depth/")
    note = page.locator(".calc-noscript")
    assert note.is_visible()
    href = note.locator("a").get_attribute("href")
    page.goto(f"{server}/calculators/depth/{href}")
    assert page.url == f"{server}/reference/"
    assert page.locator("table").count() >= 2  # the depth and frequency tables
    context.close()


def test_depth_answer_from_python(page, server, book):
    form = open_depth(page, server)
    form.locator("select[name=goal]").select_option("hair")
    output = result_of(form)
    low, high = book.depth.goals[0].range_mm
    hair = next(g for g in book.depth.goals if g.id == "hair")
    assert output.locator("[data-calc-value=recommended_mm]").inner_text().startswith(
        f"{low:g}–{high:g}" if hair.range_mm[0] != hair.range_mm[1] else f"{low:g}")
    assert output.locator("[data-rule]").first.get_attribute("data-rule") == hair.rules[0]
    assert page.console_errors == []
    only_same_origin(page, server)


def test_worker_survives_instant_navigation(page, server):
    form = open_depth(page, server)
    result_of(form)
    page.evaluate("window.__sameDocument = true")
    # Material's instant navigation: click a nav link, come back, the form works at once.
    page.locator('a[href$="reference/"]').first.click()
    page.wait_for_url("**/reference/")
    page.go_back()
    page.wait_for_selector('form[data-calculator="depth"][data-ready="true"]', timeout=READY_MS)
    form = page.locator('form[data-calculator="depth"]')
    form.locator("select[name=goal]").select_option("skin")
    assert result_of(form).locator("[data-verdict]").get_attribute("data-verdict") == "ok"
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded, not swapped"
    ours = [w for w in page.workers if "calculator-worker" in w.url]
    assert len(ours) == 1
    only_same_origin(page, server)


def test_opened_from_disk_the_page_says_so_instead_of_loading_forever(browser, site):
    page = browser.new_page()
    page.goto((site / "calculators" / "depth" / "index.html").as_uri())
    box = page.locator("[data-calc-loading]")
    page.wait_for_function("() => document.querySelector('[data-calc-loading] progress') === null")
    assert "opened on disk" in box.inner_text()
    assert box.is_visible()
    page.close()
