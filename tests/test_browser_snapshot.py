"""Warm start in Chromium: the first visit stores a Pyodide memory snapshot, the next one
boots from it; a rebuilt wheel, a damaged or foreign snapshot and a full storage quota all
fall back to a normal boot that answers. Each test uses a fresh browser context (its own
Cache Storage); those marked `from_snapshot` start with the snapshot that the site stored on
a first visit in this session (tests/snapshot_seed.py), instead of making one first. None
asserts a time."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading

import pytest

import snapshot_seed
from conftest import ROOT, _Handler
from snapshot_seed import CACHE, boot_answer, snapshot_status

pytestmark = pytest.mark.slow


def visit(context, base, name="depth", query="?goal=hair"):
    """Open a calculator page, wait for its first answer; (page, how the worker booted)."""
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page, boot_answer(page, base, name, query)


def stored_keys(page):
    return page.evaluate(f"caches.open('{CACHE}').then((c) => c.keys()).then((k) => k.map((r) => r.url))")


def answer_text(page):
    return page.locator("[data-calc-result]").inner_text()


@pytest.fixture
def context(request, browser):
    """A fresh context; in a test marked `from_snapshot`, holding the snapshot the site stored
    on a first visit (tests/snapshot_seed.py), for tests that start where that visit ended."""
    context = snapshot_seed.fresh_context(browser, snapshot_seed.if_marked(request))
    yield context
    context.close()


def test_first_visit_stores_a_snapshot_and_the_next_boots_from_it(context, server, site):
    page, boot = visit(context, server)
    assert boot == "cold"
    cold_answer = answer_text(page)
    assert snapshot_status(page) == "saved"
    keys = stored_keys(page)
    wheel_hash = page.locator("form[data-calculator]").get_attribute("data-runtime")
    assert len(keys) == 1 and f"wheel={wheel_hash}" in keys[0]
    page.close()

    page, boot = visit(context, server)
    assert boot == "snapshot"
    assert answer_text(page) == cold_answer
    # A restored worker makes no second snapshot: nothing changes in storage.
    assert page.evaluate("document.documentElement.dataset.calcSnapshot") is None
    assert page.console_errors == []
    page.close()


@pytest.mark.from_snapshot
def test_a_restored_worker_reaches_every_module(context, server, site):
    """Lazy imports (the .ics writer) work from a snapshot, whose files are not on disk."""
    page, boot = visit(context, server, "frequency", "?sessions-per-week=2&minutes=10&weeks=2")
    assert boot == "snapshot"
    with page.expect_download() as info:
        page.locator("[data-download-ics]").click()
    assert open(info.value.path(), "rb").read().startswith(b"BEGIN:VCALENDAR")
    page.close()


@pytest.mark.from_snapshot
@pytest.mark.parametrize(("name", "query"), [("depth", "?goal=hair"), ("frequency", "")])
def test_the_tests_marked_from_snapshot_boot_from_the_stored_one(page, server, name, query):
    """The seed that most browser tests start from (tests/snapshot_seed.py) is used: were it
    not, those tests would still pass, only slower, and nothing else would say so."""
    assert boot_answer(page, server, name, query) == "snapshot"
    assert page.console_errors == []


def snapshot_taken(page):
    snapshot_status(page)
    return page.evaluate("document.documentElement.dataset.calcSnapshotTaken")


@pytest.mark.parametrize(("name", "query", "taken"), [
    ("depth", "?goal=hair", "after-answer"),  # the form as built: the rules' defaults
    ("depth", "", "after-answer"),
    ("depth", "?goal=hair&needle-mm=1.75", "before-answer"),  # a value from the URL
    ("frequency", "?sessions-per-week=2&minutes=10", "before-answer"),  # the clock is the reader's
], ids=["defaults-in-url", "defaults", "url-input", "clock"])
def test_a_cold_worker_copies_its_memory_before_any_reader_input_reaches_python(
        context, server, site, name, query, taken):
    """Only a first answer to the form exactly as built may go out before the snapshot is
    made (it holds nothing of the reader's); any other first request waits for the copy."""
    page, boot = visit(context, server, name, query)
    assert boot == "cold"
    assert snapshot_taken(page) == taken
    page.close()
    page, boot = visit(context, server, name, query)
    assert boot == "snapshot"
    page.close()


STORE_JS = "/assets/js/snapshot-store.mjs"  # its encodeSnapshot / decodeSnapshot, imported in the page
CONTAINS = """async ([cache, key, text, store]) => {
  const { decodeSnapshot } = await import(store);
  const c = await caches.open(cache);
  const bytes = await decodeSnapshot(await (await c.match(key)).arrayBuffer());
  const needle = new TextEncoder().encode(text);
  outer: for (let i = bytes.indexOf(needle[0]); i !== -1; i = bytes.indexOf(needle[0], i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}"""


def test_the_snapshot_holds_no_reader_input(context, server, site):
    """It is taken before the first answer: a logged session, kept on the device in the
    session log only (and gone with Remove all), is not also kept in the snapshot."""
    from test_browser_frequency import add_session

    page, boot = visit(context, server, "frequency", "?sessions-per-week=2&minutes=10")
    assert boot == "cold"
    when = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(days=3, minutes=17)
    add_session(page.locator('form[data-calculator="frequency"]'), when)
    assert page.locator(f'[data-log-entry="{when:%Y-%m-%dT%H:%M}"]').count() == 1
    assert snapshot_status(page) == "saved"
    key = stored_keys(page)[0]
    assert page.evaluate(CONTAINS, [CACHE, key, "calculators", server + STORE_JS])  # the search itself works
    assert not page.evaluate(CONTAINS, [CACHE, key, f"{when:%Y-%m-%dT%H:%M}", server + STORE_JS])
    page.close()


# Damage done to the stored entry, in the page: cut it short (a broken write), change one
# byte of its contents (a damaged disk), or store a real snapshot whose header names another
# runtime build (what a runtime update leaves).
TRUNCATE = """async ([cache, key]) => {
  const c = await caches.open(cache);
  const bytes = new Uint8Array(await (await c.match(key)).arrayBuffer());
  await c.put(key, new Response(bytes.slice(0, bytes.length >> 1)));
}"""
FLIP_A_BYTE = """async ([cache, key]) => {
  const c = await caches.open(cache);
  const bytes = new Uint8Array(await (await c.match(key)).arrayBuffer());
  bytes[bytes.length - 1000] ^= 0x10;
  await c.put(key, new Response(bytes));
}"""
OTHER_BUILD = """async ([cache, key, store]) => {
  const { decodeSnapshot, encodeSnapshot } = await import(store);
  const c = await caches.open(cache);
  const bytes = await decodeSnapshot(await (await c.match(key)).arrayBuffer());
  bytes.fill(0xab, 16, 48); // the 256-bit build id after the magic and offsets
  await c.put(key, new Response(await encodeSnapshot(bytes)));
}"""


@pytest.mark.from_snapshot
@pytest.mark.parametrize("damage", [TRUNCATE, FLIP_A_BYTE, OTHER_BUILD], ids=["truncated", "one-byte", "other-build"])
def test_an_unusable_snapshot_is_dropped_and_the_page_answers(context, server, site, damage):
    page, boot = visit(context, server)
    assert boot == "snapshot"
    answer = answer_text(page)
    page.evaluate(damage, [CACHE, stored_keys(page)[0], server + STORE_JS])
    page.close()

    page, boot = visit(context, server)
    assert boot == "cold"
    assert answer_text(page) == answer
    assert page.console_errors == []
    # The damaged entry was replaced by a good one from this boot.
    assert snapshot_status(page) == "saved"
    page.close()
    page, boot = visit(context, server)
    assert boot == "snapshot"
    page.close()


def test_a_full_quota_means_no_snapshot_and_normal_boots(context, server, site):
    # The override lasts as long as its DevTools session: keep that page open throughout.
    holder = context.new_page()
    holder.goto(f"{server}/")
    cdp = context.new_cdp_session(holder)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": server, "quotaSize": 1_000_000})
    page, boot = visit(context, server)
    assert boot == "cold"
    assert snapshot_status(page) == "no-room"
    assert stored_keys(page) == []
    page.close()
    page, boot = visit(context, server)
    assert boot == "cold"
    page.close()
    holder.close()


@pytest.fixture
def own_server(tmp_path):
    """A server of its own (one origin, one Cache Storage) for a site rebuilt in place."""
    site = tmp_path / "site"
    site.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def build_with_rules(site, base, rules_text, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    rules = tmp_path / "rules.yaml"
    rules.write_text(rules_text, "utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), site_url=base + "/")
    config.plugins["rulebook"].config.rules_file = str(rules)
    build(config)


def test_a_rebuilt_wheel_never_meets_the_old_snapshot(browser, own_server, tmp_path, book):
    # No service worker here: one installed by the first visit would serve the old build's
    # page (and so its wheel and snapshot) to the second, as it should until the new build
    # takes over (tests/test_browser_offline.py); this test is about the new build's page.
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(60_000)
    site, base = own_server
    rules_text = (ROOT / "rules.yaml").read_text("utf-8")
    build_with_rules(site, base, rules_text, tmp_path)
    page, boot = visit(context, base)
    assert boot == "cold"
    assert snapshot_status(page) == "saved"
    old_keys = stored_keys(page)
    page.close()

    # An edit to one rule's title: new rules inside, so a new wheel; the page must answer
    # with the new text, which only a fresh boot of the new wheel can know.
    hair = next(g for g in book.depth.goals if g.id == "hair")
    rule = next(r for r in book.data.rules if r.id == hair.rules[0])
    edited = rules_text.replace(f"title: {rule.title}\n", f"title: {rule.title} (edited)\n", 1)
    assert edited != rules_text
    build_with_rules(site, base, edited, tmp_path)
    page, boot = visit(context, base)
    assert boot == "cold"
    assert f"{rule.title} (edited)" in answer_text(page)
    assert snapshot_status(page) == "saved"
    new_keys = stored_keys(page)
    assert len(new_keys) == 1 and new_keys != old_keys  # the old one is gone
    page.close()
    context.close()
