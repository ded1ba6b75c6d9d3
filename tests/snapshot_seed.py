"""A stored calculators snapshot that a fresh browser context can be given.

On this two-core machine a cold Pyodide boot costs a browser test about 5 s of CPU (and the
snapshot it then makes, more); booting from a snapshot costs about 2 s. Most browser tests are
about what happens after the boot (answers, fields, the log, contrast, keyboard, reflow), so
the tests marked `from_snapshot` start from a snapshot that the site itself made once per
session: the state of a reader on a return visit. The tests whose subject is the boot, the
snapshot or the offline copy keep cold, fresh contexts, and one test checks that a marked
test's context really boots from the snapshot, so a seed that stopped working cannot go
unnoticed (a typo in the marker fails too: pytest runs with --strict-markers).

The seed is the entry the site stored (body and headers), under the key the site chose
(runtime version + wheel hash + format): nothing here knows the stored format. It reaches the
site's origin from a second local server (with CORS), never through Playwright's request
routing, which would turn off the context's HTTP cache.
"""

from __future__ import annotations

import base64
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rulebook import offline
from static_host import StaticHost

ROOT = Path(__file__).resolve().parent.parent
CACHE = offline.snapshot_cache((ROOT / "docs" / offline.SNAPSHOT_STORE).read_text("utf-8"))
SAVED_MS = 120_000  # the snapshot is made after a quiet second, then encoded
SEED_FILE = "snapshot"
# A page of the site's own origin that runs no script (no theme, no offline copy): the
# seed is written from it. MkDocs writes a sitemap for every build.
SEED_PAGE = "/sitemap.xml"


@dataclass(frozen=True)
class Seed:
    site: str  # the site's base URL
    key: str  # the Cache Storage key the site stored its snapshot under
    headers: dict  # the stored entry's headers
    url: str  # where the stored bytes are served, with CORS


def boot_answer(page, base: str, name: str = "depth", query: str = "?goal=hair") -> str:
    """Open a calculator page and wait (the context's default timeout) for its first answer;
    how the worker booted."""
    page.goto(f"{base}/calculators/{name}/{query}")
    form = page.locator(f'form[data-calculator="{name}"][data-ready="true"]')
    form.wait_for()
    form.locator("[data-calc-result] [data-verdict]").wait_for()
    return form.get_attribute("data-boot")


def fresh_context(browser, seed: Seed | None = None, **options):
    """A fresh browser context (60 s default timeout); holding `seed` first if one is given."""
    context = browser.new_context(**options)
    context.set_default_timeout(60_000)
    if seed:
        plant(context, seed)
    return context


def snapshot_status(page) -> str:
    """What the page's worker did with its snapshot ("saved", "no-room", ...), once it says."""
    page.wait_for_function("() => document.documentElement.dataset.calcSnapshot", timeout=SAVED_MS)
    return page.evaluate("document.documentElement.dataset.calcSnapshot")


def _take(browser, base: str) -> tuple[str, dict, bytes]:
    """Let the site make and store its snapshot in a fresh context, as a first visit does;
    the entry's key, headers and body."""
    context = fresh_context(browser)
    try:
        page = context.new_page()
        assert boot_answer(page, base) == "cold"
        status = snapshot_status(page)
        assert status == "saved", f"the site stored no snapshot to seed from: {status}"
        # The body crosses as base64 once per session (about 20 MB of text, a second or two).
        keys, headers, data = page.evaluate("""async (name) => {
          const cache = await caches.open(name);
          const keys = (await cache.keys()).map((r) => r.url);
          const response = await cache.match(keys[0]);
          const bytes = new Uint8Array(await response.arrayBuffer());
          let text = "";
          for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return [keys, Object.fromEntries(response.headers), btoa(text)];
        }""", CACHE)
    finally:
        context.close()
    assert len(keys) == 1, f"the site stored {len(keys)} snapshots, expected one: {keys}"
    return keys[0], headers, base64.b64decode(data)


@contextmanager
def served_seed(browser, base: str, directory: Path):
    """The site's stored snapshot (a Seed), its bytes served from `directory` with CORS."""
    key, headers, body = _take(browser, base)
    (directory / SEED_FILE).write_bytes(body)
    (directory / "_headers").write_text("/*\n  Access-Control-Allow-Origin: *\n", "utf-8")
    with StaticHost(directory, headers=directory / "_headers") as host:
        yield Seed(site=base, key=key, headers=headers, url=f"{host.url}/{SEED_FILE}")


def plant(context, seed: Seed) -> None:
    """Store `seed` in `context`'s Cache Storage, key, headers and body as the site stored
    them, from a script-free page of the site's origin, so that the calculators there boot
    from it."""
    page = context.new_page()
    try:
        page.goto(seed.site + SEED_PAGE)
        page.evaluate("""async ([name, key, headers, url]) => {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`seed: ${response.status} from ${url}`);
          await (await caches.open(name)).put(key, new Response(await response.arrayBuffer(), { headers }));
        }""", [CACHE, seed.key, seed.headers, seed.url])
    finally:
        page.close()


def if_marked(request):
    """The `stored_snapshot` fixture's seed if the test is marked `from_snapshot`, else None."""
    if request.node.get_closest_marker("from_snapshot"):
        return request.getfixturevalue("stored_snapshot")
    return None
