"""Any static host (issue 12, point 4), in Chromium: the site under a sub-path (/guide/, as
a project page is published), from a host that sends no special headers (no COOP/COEP, so
no cross-origin isolation), online and then offline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from static_host import StaticHost
from test_browser import READY_MS
from test_browser_offline import CONTROLLED, answer, built, frequency_by_instant_navigation, new_page

pytestmark = pytest.mark.slow


def test_under_a_sub_path_on_a_host_without_special_headers(browser, tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    host = StaticHost(site_dir, prefix="/guide/")
    built(site_dir, host)
    context, page = new_page(browser)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        response = page.goto(host.url + "/calculators/depth/?goal=hair")
        isolation = {k for k in response.headers if k.startswith("cross-origin-")}
        assert isolation == set(), "the test host must send no special headers"
        assert page.evaluate("() => self.crossOriginIsolated") is False
        assert answer(page, "depth") == "ok"
        # Instant navigation under the sub-path, to the other calculator.
        frequency_by_instant_navigation(page)
        assert page.url.startswith(host.url + "/calculators/frequency/")
        # The offline copy belongs to the sub-path, and works there.
        page.wait_for_function(CONTROLLED, timeout=READY_MS)
        scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
        assert scope == host.url + "/"
        context.set_offline(True)
        host.stop()
        page.goto(host.url + "/reference/")
        page.locator("article table").first.wait_for()
        page.goto(host.url + "/calculators/depth/?goal=skin")
        assert answer(page, "depth") == "ok"
        outside = [u for u in requests if urlsplit(u).scheme.startswith("http")
                   and not urlsplit(u).path.startswith("/guide/")]
        assert outside == [], f"requests left the sub-path: {outside}"
        assert page.errors == []
    finally:
        page.goto("about:blank")
        context.close()
        host.stop()
