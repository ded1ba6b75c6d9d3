"""A strict policy, declared by the site (issue 12, point 3), in Chromium.

The site is served the way a host that reads `_headers` serves it: the build's own
`_headers` file applied to every response, so the policy arrives twice, as a header and as
each page's meta tag. Every page, then instant navigation, both calculators answering and
the service worker installed: not one `securitypolicyviolation`, in pages or workers.
"""

from __future__ import annotations

import pytest

from static_host import StaticHost, read_headers_file
from test_browser import READY_MS
from test_browser_offline import CONTROLLED, follow_link, built, new_page, pages_of

pytestmark = pytest.mark.slow

# Every violation a document sees; workers' violations reach the console (below).
RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""
VIOLATIONS = "() => window.__violations"


@pytest.fixture(scope="module")
def strict_host(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("strict-site")
    host = StaticHost(site_dir)  # first: the site is built for its address
    built(site_dir, host)
    host.header_rules = read_headers_file(site_dir / "_headers")
    yield site_dir, host
    host.stop()


def test_the_policy_arrives_as_a_header_too(strict_host):
    import urllib.request

    site_dir, host = strict_host
    for path in ("/", "/assets/js/calculator-worker.mjs", "/sw.js"):
        with urllib.request.urlopen(host.url + path) as response:
            policy = response.headers["Content-Security-Policy"]
            assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "frame-ancestors 'none'" in policy
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"]
            assert response.headers["Cross-Origin-Embedder-Policy"] is None  # nothing special needed


def test_no_violation_on_any_page_after_instant_navigation_with_both_calculators(browser, strict_host):
    site_dir, host = strict_host
    context, page = new_page(browser)
    console = []
    page.on("console", lambda m: console.append(m.text))
    context.add_init_script(RECORD)
    seen = []
    try:
        for url in pages_of(site_dir, host):  # every page, loaded in full
            page.goto(url)  # "load": every script and style of the page has run or applied
            page.locator("article h1").wait_for()
            seen += page.evaluate(VIOLATIONS)
        # Instant navigation, then both calculators, in one document.
        page.goto(host.url + "/")
        page.evaluate("window.__sameDocument = true")
        follow_link(page, "calculators/depth/")
        page.wait_for_selector('form[data-calculator="depth"][data-ready="true"]', timeout=READY_MS)
        page.locator("select[name=goal]").select_option("hair")
        page.locator("[data-calc-result] [data-verdict]").wait_for()
        follow_link(page, "calculators/frequency/")
        page.wait_for_selector('form[data-calculator="frequency"][data-ready="true"]', timeout=READY_MS)
        page.locator("input[name=sessions-per-week]").fill("2")
        page.locator("input[name=minutes]").fill("10")
        page.locator('form[data-calculator="frequency"] [data-calc-result] [data-verdict]').wait_for()
        follow_link(page, "reference/")
        page.locator("article table").first.wait_for()
        assert page.evaluate("window.__sameDocument") is True, "a page was reloaded, not swapped"
        page.wait_for_function(CONTROLLED, timeout=READY_MS)  # the service worker installed
        seen += page.evaluate(VIOLATIONS)
    finally:
        page.goto("about:blank")
        context.close()
    assert seen == []
    assert [m for m in console if "Content Security Policy" in m or "Refused to" in m] == []


def test_the_recorder_sees_a_violation_when_the_hashes_are_missing(browser, strict_host):
    # The same site under a policy without the theme's script hashes: the check above can fail.
    site_dir, host = strict_host
    rules = read_headers_file(site_dir / "_headers")
    stripped = [(path, [(name, " ".join(w for w in value.split() if not w.startswith("'sha256-"))
                         if name == "Content-Security-Policy" else value) for name, value in headers])
                for path, headers in rules]
    saved, host.header_rules = host.header_rules, stripped
    context, page = new_page(browser)
    context.add_init_script(RECORD)
    try:
        page.goto(host.url + "/reference/")
        page.locator("article h1").wait_for()
        assert len(page.evaluate(VIOLATIONS)) >= 2  # the theme's inline scripts, refused
    finally:
        host.header_rules = saved
        page.goto("about:blank")
        context.close()
