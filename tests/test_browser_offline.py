"""Offline and installable (issue 12, point 1), in Chromium against the built site.

After one visit the service worker holds the whole build: with the network cut (Playwright's
offline mode and the host stopped), every page opens, instant navigation works and both
calculators answer, including a calculator page never opened online. A rebuild with an
edited rule takes over at the next load, page and calculator together.
"""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, SEED, build_site
from static_host import StaticHost
from test_browser import READY_MS, THEME_LOADED
from test_browser_snapshot import snapshot_status, stored_keys

pytestmark = pytest.mark.slow
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def built(site_dir: Path, host: StaticHost, config: Path = ROOT / "mkdocs.yml") -> Path:
    result = build_site(config, site_dir, site_url=host.url + "/")
    assert result.returncode == 0, result.stderr
    return site_dir


def pages_of(site_dir: Path, host: StaticHost) -> list[str]:
    """Every page's URL on `host`, from the build's own sitemap."""
    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(site_dir / "sitemap.xml").getroot().findall("s:url/s:loc", names)]
    return [re.sub(r"^https?://[^/]+", host.origin, loc) for loc in locs]


def new_page(browser, service_workers: str = "allow"):
    """A fresh context and page that collects uncaught errors in `page.errors`."""
    context = browser.new_context(service_workers=service_workers)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


@contextmanager
def opened_page(browser, service_workers: str = "allow"):
    """new_page's (context, page), left and closed on the way out, whatever happened."""
    context, page = new_page(browser, service_workers)
    try:
        yield context, page
    finally:
        page.goto("about:blank")  # first leave the page: a pending request can hold close()
        context.close()


def follow_link(page, path: str) -> None:
    """Click (as a reader does: Material's instant navigation takes it) the first visible link
    to the site's `path`, whatever relative form its href has on this page."""
    clicked = page.evaluate("""path => {
        const link = [...document.querySelectorAll("a[href]")]
            .find((a) => new URL(a.href).pathname.endsWith("/" + path) && a.offsetParent !== null);
        if (link) link.click();
        return Boolean(link);
    }""", path)
    assert clicked, f"no visible link to {path}"


def answer(page, name: str, query: str = "") -> str:
    """Open a calculator (goto or already there) and return its verdict once it answers."""
    form = page.locator(f'form[data-calculator="{name}"]')
    page.wait_for_selector(f'form[data-calculator="{name}"][data-ready="true"]', timeout=READY_MS)
    verdict = form.locator("[data-calc-result] [data-verdict]")
    verdict.wait_for(timeout=READY_MS)
    return verdict.get_attribute("data-verdict")


def frequency_by_instant_navigation(page) -> None:
    """From a page that links to it, go to the frequency calculator as a reader does (Material's
    instant navigation: the same document) and see it answer."""
    page.wait_for_function(THEME_LOADED, timeout=READY_MS)  # instant navigation is the theme's
    page.evaluate("window.__sameDocument = true")
    follow_link(page, "calculators/frequency/")
    page.wait_for_url("**/calculators/frequency/")
    page.wait_for_selector('form[data-calculator="frequency"][data-ready="true"]', timeout=READY_MS)
    page.locator("input[name=sessions-per-week]").fill("2")
    page.locator("input[name=minutes]").fill("10")
    assert answer(page, "frequency") == "ok"
    assert page.evaluate("window.__sameDocument") is True


def test_offline_after_one_visit_every_page_and_both_calculators(browser, tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    host = StaticHost(site_dir)
    built(site_dir, host)
    context, page = new_page(browser)
    try:
        page.goto(host.url + "/")  # one visit, of the home page only
        page.wait_for_function(CONTROLLED, timeout=READY_MS)
        cached = page.evaluate("""async () => {
            const keys = [];
            for (const name of await caches.keys()) {
                for (const r of await (await caches.open(name)).keys()) keys.push(new URL(r.url).pathname);
            }
            return keys; }""")
        wheel = next(site_dir.glob("assets/pyodide/calculators-*.whl")).name
        for needed in ("/calculators/frequency/index.html", "/assets/pyodide/pyodide.asm.wasm",
                       "/assets/pyodide/python_stdlib.zip", "/assets/pyodide/pyodide-lock.json",
                       f"/assets/pyodide/{wheel}"):
            assert needed in cached, f"{needed} is not in the offline copy"

        context.set_offline(True)
        host.stop()  # and the host is gone: nothing can come from the network
        for url in pages_of(site_dir, host):
            page.goto(url, wait_until="domcontentloaded")
            assert page.locator("article h1").count() == 1, f"{url} did not open offline"
            assert "404" not in page.title(), url
        # A calculator page never opened online, from a shared link: it answers.
        page.goto(host.url + "/calculators/depth/?goal=hair")
        assert answer(page, "depth") == "ok"
        # Instant navigation (the same document) to the other calculator: it answers too.
        frequency_by_instant_navigation(page)
        assert page.errors == []
    finally:
        page.goto("about:blank")
        context.close()
        host.stop()


def test_a_browser_that_cannot_run_the_calculators_gets_the_offline_copy_without_waiting(browser, server, site):
    # No WebAssembly: the form says the browser cannot run it and is never ready. The copy
    # must not wait for it (offline.mjs gives a busy page at most 30 s): the pages still work.
    with opened_page(browser) as (_, page):
        page.add_init_script("delete self.WebAssembly;")
        page.goto(server + "/calculators/depth/")
        page.wait_for_function(CONTROLLED, timeout=20_000)
        form = page.locator("form[data-calculator]")
        assert form.count() == 1 and form.get_attribute("data-ready") is None
        assert page.errors == []


def test_the_offline_copy_installs_where_performance_observers_take_only_entry_types(browser, server, site):
    # Performance Timeline 2's `type` option is newer than module scripts: a browser that
    # rejects it must still get its offline copy (offline.mjs's quiet second observes by
    # `entryTypes`). Emulated by an observe() that throws on `type`, as such browsers do.
    # Every call is recorded, so the test cannot pass by the page's BUSY_MS cap alone (that
    # path registers without ever observing).
    with opened_page(browser) as (_, page):
        warnings = []
        page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
        page.add_init_script("""{
          self.observeCalls = [];
          const observe = PerformanceObserver.prototype.observe;
          PerformanceObserver.prototype.observe = function (options) {
            const call = { entryTypes: options && options.entryTypes, threw: Boolean(options && "type" in options) };
            self.observeCalls.push(call);
            if (call.threw) throw new TypeError("no type option here");
            return observe.call(this, options);
          };
        }""")
        page.goto(server + "/calculators/depth/")
        page.wait_for_function(CONTROLLED, timeout=READY_MS)
        calls = page.evaluate("() => self.observeCalls")
        assert {"entryTypes": ["resource"], "threw": False} in calls, calls
        assert not any(call["threw"] for call in calls), calls
        assert not [w for w in warnings if "offline copy not available" in w], warnings
        assert page.errors == []


def test_the_offline_copy_waits_while_the_reader_changes_inputs(browser, server, site):
    # Filling the copy (13 MB fetched, hashed and stored) while the reader changes inputs
    # slowed their answers (README): a first visit registers it only after a pause. The page
    # itself changes the needle every 100 ms for 4 s from its first answer, and records when
    # register() is called (the copy itself arrives after that). Faster than the URL's update
    # (calculators-url-state.mjs): each update refetches the favicon, a file that arrives,
    # which alone held the copy back while changes came slower than that.
    with opened_page(browser) as (_, page):
        page.add_init_script("""{
          const register = ServiceWorkerContainer.prototype.register;
          ServiceWorkerContainer.prototype.register = function (...args) {
            self.registeredAt = performance.now();
            return register.apply(this, args);
          };
        }""")
        page.goto(server + "/calculators/depth/?goal=hair")
        answer(page, "depth")
        typing = page.evaluate("""async () => {
            const input = document.querySelector('input[name="needle-mm"]');
            const started = performance.now();
            let last = started;
            for (let i = 0; performance.now() - started < 4000; i++) {
              input.value = i % 2 ? input.min : input.max; // the form's own limits
              input.dispatchEvent(new Event('input', { bubbles: true }));
              last = performance.now();
              await new Promise((r) => setTimeout(r, 100));
            }
            return { started, last, registeredWhileTyping: self.registeredAt ?? null };
        }""")
        assert typing["registeredWhileTyping"] is None, typing
        page.wait_for_function(CONTROLLED, timeout=READY_MS)
        registered = page.evaluate("() => self.registeredAt")
        assert registered - typing["last"] >= 900, (registered, typing)  # QUIET_MS after the last input
        assert page.errors == []


def test_installable_with_a_manifest_and_icons(browser, server, site):
    with opened_page(browser) as (context, page):
        page.goto(server + "/calculators/frequency/")
        page.wait_for_function(CONTROLLED, timeout=READY_MS)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
        errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
        # Playwright's contexts are incognito ones, where nothing installs: that is the
        # browser's condition, not the site's. Everything else must be clean.
        assert [e for e in errors if e != "in-incognito"] == []
        for size in (192, 512):
            response = page.request.get(f"{server}/assets/images/icon-{size}.png")
            assert response.ok and response.body()[:8] == b"\x89PNG\r\n\x1a\n"


def project_copy(tmp: Path, edit=lambda rules: rules) -> Path:
    """A copy of the project's site sources with `edit` applied to rules.yaml; its config."""
    project = tmp / "project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")  # mkdocs.yml's theme custom_dir
    (project / "rules.yaml").write_text(edit((ROOT / "rules.yaml").read_text("utf-8")), "utf-8")
    config = project / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text("utf-8")
                      .replace("runtime_dir: node_modules/pyodide",
                               f"runtime_dir: {ROOT / 'node_modules' / 'pyodide'}")
                      .replace("source_texts: ../shared/seed", f"source_texts: {SEED}"), "utf-8")
    return config


MARKER = "(edited in the new build)"


@contextmanager
def built_project(tmp_path: Path):
    """(site_dir, host): a copy of the project, built and served; rebuild it with `built`."""
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    with StaticHost(site_dir) as host:
        built(site_dir, host, project_copy(tmp_path))
        yield site_dir, host


def edited_advice(book):
    """The depth calculator's first rule for hair, and an edit of rules.yaml (for
    `project_copy`) that appends MARKER to that rule's advice: a new build readers can see."""
    rule = next(g for g in book.depth.goals if g.id == "hair").rules[0]
    # The advice's first words as rules.yaml folds them over lines: the edit appends to them.
    first_line = " ".join(book.rule(rule).advice.split()[:4])
    assert first_line in (ROOT / "rules.yaml").read_text("utf-8")
    return rule, lambda text: text.replace(first_line, f"{first_line} {MARKER}", 1)


def test_a_new_build_takes_over_at_the_next_load_page_and_calculator_together(browser, book, tmp_path):
    rule, edit = edited_advice(book)
    with built_project(tmp_path) as (site_dir, host):
        with opened_page(browser) as (_, page):
            page.goto(host.url + "/calculators/depth/?goal=hair")
            assert answer(page, "depth") == "ok"
            page.wait_for_function(CONTROLLED, timeout=READY_MS)
            old_runtime = page.locator("form[data-calculator]").get_attribute("data-runtime")
            assert snapshot_status(page) == "saved"
            assert [k for k in stored_keys(page) if f"wheel={old_runtime}&" in k]

            built(site_dir, host, project_copy(tmp_path, edit))
            page.reload()
            # The page learns of the new build as it loads, and reloads from it (before the
            # reader types anything): wait for that page, then for its answer.
            page.wait_for_selector(f'form[data-calculator]:not([data-runtime="{old_runtime}"])',
                                   timeout=READY_MS)
            # The new build's service worker deleted the old wheel's snapshot as it took over:
            # nothing is stored (this page, storing its own, would leave that one behind).
            assert stored_keys(page) == []
            assert answer(page, "depth") == "ok"
            form = page.locator("form[data-calculator]")
            new_runtime = form.get_attribute("data-runtime")
            message = form.locator(f'[data-calc-result] li[data-rule="{rule}"]')
            assert MARKER in message.inner_text(), "the calculator answers with the old rules"
            # Page, worker and service worker: one build.
            build = page.evaluate("""() => new Promise((resolve) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = (event) => resolve(event.data);
                navigator.serviceWorker.controller.postMessage({type: "build"}, [channel.port2]);
            })""")
            assert build["wheel"] == new_runtime
            page.goto(host.url + "/reference/depth/")
            assert MARKER in page.locator("article").inner_text()


def test_tabs_left_on_the_old_build_leave_it_by_full_page_loads(browser, book, tmp_path):
    # Another tab takes a new build over: a tab still open on the old one must not bring the
    # new build's pages into its old page by instant navigation. Two such tabs: the one whose
    # first visit installed the offline copy, and one opened once it was there, whose reader
    # has typed (an untouched one reloads into the new build itself).
    _, edit = edited_advice(book)
    stale = "() => document.documentElement.dataset.staleBuild === 'true'"
    with built_project(tmp_path) as (site_dir, host):
        with opened_page(browser) as (context, first):
            first.goto(host.url + "/reference/")
            first.wait_for_function(CONTROLLED, timeout=READY_MS)  # its own copy: not another build
            later = context.new_page()
            later.goto(host.url + "/calculators/depth/?goal=hair")
            answer(later, "depth")
            later.locator("input[name=needle-mm]").fill(str(book.depth.fields.needle_mm.max))
            later.wait_for_function(CONTROLLED, timeout=READY_MS)
            for tab in (first, later):
                assert tab.evaluate("document.documentElement.dataset.staleBuild") is None

            built(site_dir, host, project_copy(tmp_path, edit))
            taker = context.new_page()
            taker.goto(host.url + "/calculators/depth/?goal=hair")  # finds, installs, takes over
            first.wait_for_function(stale, timeout=READY_MS)
            later.wait_for_function(stale, timeout=READY_MS)
            # A link in a stale tab is a full page load, from the new build.
            first.evaluate("window.__samePage = true")
            with first.expect_navigation(wait_until="load", timeout=READY_MS):
                follow_link(first, "reference/depth/")
            assert first.evaluate("window.__samePage") is None  # a new document, not instant navigation
            assert MARKER in first.locator("article").inner_text()
            assert first.errors == []


def test_mkdocs_serve_on_the_same_address_removes_a_built_sites_offline_copy(browser, tmp_path):
    # A reader (or an editor) opened the built site at an address, then `mkdocs serve` runs
    # there: the old offline copy must not hide live edits. Its update check finds serve's
    # stub worker, which removes itself and the copy; the page then comes from the dev server.
    import os
    import subprocess
    import sys

    from test_serve import fetch, free_port, wait_for

    port = free_port()
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    host = StaticHost(site_dir, port=port)
    built(site_dir, host)
    context, page = new_page(browser)
    proc = None
    try:
        page.goto(host.url + "/reference/")
        page.wait_for_function(CONTROLLED, timeout=READY_MS)
        host.stop()
        config = project_copy(tmp_path)
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config),
                                 "-a", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        wait_for(lambda: "calculators/depth/" in fetch(host.url + "/"), what="mkdocs serve")
        page.reload()  # served from the offline copy one last time; it finds the stub
        cleared = ("() => navigator.serviceWorker.controller === null && "
                   "!document.querySelector('meta[http-equiv=Content-Security-Policy]')")
        try:
            page.wait_for_function(cleared, timeout=20_000)
        except PlaywrightTimeout:
            # Known gap (README): in 2 of 7 full CI runs, never when run alone, that load
            # stayed on the copy; the next load clears it. A dev-only case: serve on the
            # address of a built site opened before.
            try:
                page.reload()
            except PlaywrightError:  # the stub's own reload of the page got there first
                pass
            page.wait_for_function(cleared, timeout=READY_MS)
        assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
        assert page.evaluate("async () => (await caches.keys()).filter(k => k.includes('precache'))") == []
        assert page.locator('link[rel="manifest"]').count() == 0
    finally:
        page.goto("about:blank")
        context.close()
        host.stop()
        if proc:
            proc.terminate()
            proc.wait(timeout=20)


def test_a_new_build_waits_while_the_reader_types_and_takes_over_at_the_next_load(browser, book, tmp_path):
    # The reader has typed into a page of the old build when the new one finishes installing:
    # the page is not reloaded under them, their input stays, and the next load is new.
    rule, edit = edited_advice(book)
    needle = book.depth.fields.needle_mm
    typed = str(needle.max)  # any needle the form accepts
    with built_project(tmp_path) as (site_dir, host):
        old_wheels = {p.name for p in (site_dir / "assets" / "pyodide").glob("*.whl")}
        with opened_page(browser) as (_, page):
            page.goto(host.url + "/calculators/depth/?goal=hair")
            answer(page, "depth")
            page.wait_for_function(CONTROLLED, timeout=READY_MS)
            old_runtime = page.locator("form[data-calculator]").get_attribute("data-runtime")

            built(site_dir, host, project_copy(tmp_path, edit))
            new_wheels = {p.name for p in (site_dir / "assets" / "pyodide").glob("*.whl")} - old_wheels
            assert len(new_wheels) == 1
            # The new build's copy downloads its wheel slowly: the reader types before it is in.
            host.slow = {new_wheels.pop(): 8.0}
            page.reload()
            answer(page, "depth")
            page.evaluate("window.__samePage = true")
            page.locator("input[name=needle-mm]").fill(typed)
            form = page.locator("form[data-calculator]")
            form.locator(f'[data-calc-result] li[data-rule="{rule}"]').wait_for()
            waiting = "async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting)"
            assert page.evaluate(waiting) is False, "the new build was in before the reader typed"
            # Had the page asked the new build to take over, it would reload as the build
            # activates: wait for the build to be in, then for its activation to have had time.
            deadline = time.monotonic() + 60
            while not page.evaluate(waiting):  # (wait_for_function does not await a promise)
                assert time.monotonic() < deadline, "the new build never finished installing"
                page.wait_for_timeout(200)
            page.wait_for_timeout(2000)
            assert page.evaluate("window.__samePage") is True, "the page reloaded under the reader"
            assert page.locator("input[name=needle-mm]").input_value() == typed
            assert form.get_attribute("data-runtime") == old_runtime
            message = form.locator(f'[data-calc-result] li[data-rule="{rule}"]')
            assert MARKER not in message.inner_text()

            page.reload()  # the next load: the waiting build takes over, and the page is new
            page.wait_for_selector(f'form[data-calculator]:not([data-runtime="{old_runtime}"])',
                                   timeout=READY_MS)
            answer(page, "depth")
            assert MARKER in page.locator(f'form[data-calculator] [data-calc-result] '
                                          f'li[data-rule="{rule}"]').inner_text()
            assert page.errors == []
