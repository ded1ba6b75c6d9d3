"""Never stuck (issue 12, point 2), in Chromium against the built site.

One test per runtime fault, each made with Playwright's request routing: within 20 s the
calculator says in plain words what happened, offers Try again (which works once the fault
is gone) and links to the reference tables, which open. A slow network is not a fault. A
worker that dies, loudly or silently, is replaced and the next input gets its answer.
The service worker is kept out (service_workers="block"): these are faults of the host.
"""

from __future__ import annotations

import time

import pytest

from static_host import StaticHost
from test_browser import READY_MS
from test_browser_offline import new_page

pytestmark = pytest.mark.slow
FAULT_S = 20  # the bound: from the fault to the reader being told


@pytest.fixture
def fresh(browser, server, site):
    context, page = new_page(browser, service_workers="block")
    yield context, page
    page.goto("about:blank")
    context.close()


def corrupt(route):
    route.fulfill(status=200, content_type="application/wasm", body=b"\0asm\x01\0\0\0garbage")


def tampered(route):
    original = route.fetch()
    route.fulfill(response=original, body=original.body() + b"tampered")


def missing(route):
    route.fulfill(status=404, body="Not Found")


def without_wasm_eval(route):
    """The host's policy as a header, without 'wasm-unsafe-eval' (a worker's policy is its
    script's response headers, whatever the page declares)."""
    original = route.fetch()
    headers = {**original.headers, "content-security-policy": "default-src 'self'; script-src 'self'"}
    route.fulfill(response=original, headers=headers)


FAULTS = {
    # name: (URL glob, handler, words the reader is shown)
    "wasm-missing": ("**/pyodide.asm.wasm", missing, "missing from the site (pyodide.asm.wasm"),
    "wasm-corrupt": ("**/pyodide.asm.wasm", corrupt, "the file may be damaged"),
    "policy-without-wasm-unsafe-eval": ("**/calculator-worker.mjs", without_wasm_eval,
                                        "lacks 'wasm-unsafe-eval'"),
    "stdlib-missing": ("**/python_stdlib.zip", missing, "missing from the site (python_stdlib.zip"),
    "wheel-missing": ("**/calculators-*.whl", missing, "missing from the site (calculators-"),
    "sha256-mismatch": ("**/calculators-*.whl", tampered, "did not match its checksum"),
    "worker-cannot-start": ("**/calculator-worker.mjs", missing, "background worker could not start"),
}


def told(page, started: float) -> str:
    box = page.locator("[data-calc-failed]")
    box.wait_for(state="visible", timeout=FAULT_S * 1000)
    elapsed = time.monotonic() - started
    print(f"told after {elapsed:.1f} s")  # seen with -s; the bound is the issue's, not a benchmark
    assert elapsed < FAULT_S, f"the reader was told after {elapsed:.1f} s"
    return box.locator("[data-calc-failed-text]").inner_text()


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_runtime_fault_is_told_in_plain_words_with_try_again(fresh, server, fault):
    context, page = fresh
    pattern, handler, words = FAULTS[fault]
    context.route(pattern, handler)
    started = time.monotonic()
    page.goto(f"{server}/calculators/depth/?goal=hair")
    assert words in told(page, started)
    assert page.locator("[data-calc-loading]").is_hidden()
    retry = page.locator("[data-calc-retry]")
    assert retry.is_visible() and retry.inner_text() == "Try again"
    # The fault is gone (the host was fixed): Try again boots a new worker, which answers.
    context.unroute(pattern)
    retry.click()
    page.wait_for_selector('form[data-calculator="depth"][data-ready="true"]', timeout=READY_MS)
    assert page.locator("[data-calc-result] [data-verdict]").get_attribute("data-verdict") == "ok"
    assert page.locator("[data-calc-failed]").is_hidden()


def test_the_reference_tables_stay_usable_when_the_calculator_cannot_run(fresh, server):
    context, page = fresh
    context.route("**/pyodide.asm.wasm", missing)
    page.goto(f"{server}/calculators/frequency/")
    told(page, time.monotonic())
    page.locator("[data-calc-failed] a", has_text="reference tables").click()
    page.wait_for_url(f"{server}/reference/")
    page.locator("article table").first.wait_for()
    assert page.locator("article table").count() >= 2


def test_a_download_that_stalls_is_a_failure_within_20_s(fresh, server):
    context, page = fresh
    held = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # never answered
    started = time.monotonic()
    page.goto(f"{server}/calculators/depth/")
    assert "stopped loading" in told(page, started)
    for route in held:
        route.abort()


def test_a_slow_network_is_not_a_failure(browser, site):
    # The runtime arrives in small pieces over longer than the watchdog's limit: progress
    # all along, so the calculator waits, shows how much has arrived, and then answers.
    with StaticHost(site, slow={"pyodide.asm.wasm": 18}) as host:
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        try:
            page.goto(f"{host.url}/calculators/depth/?goal=hair")
            page.wait_for_function("() => /MB/.test(document.querySelector('[data-calc-loading-text]').textContent)",
                                   timeout=READY_MS)
            page.wait_for_selector('form[data-calculator="depth"][data-ready="true"]', timeout=90_000)
            assert page.locator("[data-calc-failed]").is_hidden()
            assert page.locator("[data-calc-result] [data-verdict]").get_attribute("data-verdict") == "ok"
        finally:
            page.goto("about:blank")
            context.close()


def calculator_worker(page):
    workers = [w for w in page.workers if "calculator-worker" in w.url]
    assert len(workers) == 1
    return workers[0]


def answer_after_input(page, goal: str) -> str:
    page.locator("select[name=goal]").select_option(goal)
    page.wait_for_function("g => document.querySelector('select[name=goal]').value === g && "
                           "document.querySelector('[data-calc-result] [data-verdict]')?.dataset.verdict === 'ok' && "
                           "location.search.includes('goal=' + g)", arg=goal, timeout=READY_MS)
    return page.locator("[data-calc-result] [data-verdict]").get_attribute("data-verdict")


@pytest.mark.parametrize("death", ["uncaught error", "closes without a word"])
def test_a_worker_that_dies_is_replaced_by_the_next_input(fresh, server, death):
    context, page = fresh
    page.goto(f"{server}/calculators/depth/?goal=hair")
    page.wait_for_selector('form[data-ready="true"]', timeout=READY_MS)
    page.locator("[data-calc-result] [data-verdict]").wait_for()
    old = calculator_worker(page)
    if death == "uncaught error":
        old.evaluate("setTimeout(() => { throw new Error('worker crashed (test)'); }, 0)")
    else:
        old.evaluate("setTimeout(() => self.close(), 0)")
    time.sleep(0.5)
    assert answer_after_input(page, "skin") == "ok"
    assert answer_after_input(page, "hair") == "ok"
    assert calculator_worker(page) is not old
    assert page.locator("[data-calc-failed]").is_hidden()
    assert page.errors == []
