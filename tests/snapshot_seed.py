"""A stored calculators snapshot that a fresh browser context can be given.

On this two-core machine a cold Pyodide boot costs a browser test about 5 s of CPU (and the
snapshot it then makes, more); booting from a snapshot costs about 2 s. Most browser tests are
about what happens after the boot (answers, fields, the log, contrast, keyboard, reflow), so
they start from a snapshot that the site itself made once per session, the state of a reader
on a return visit. The tests whose subject is the boot, the snapshot or the offline copy keep
cold, fresh contexts (tests/test_browser*.py say which), and one test checks that a seeded
context really boots from the snapshot, so a seed that stopped working cannot go unnoticed.

The seed is copied byte for byte from the entry the site stored, under the key the site chose
(runtime version + wheel hash + format): nothing here knows the stored format. It reaches the
site's origin from a second local server (with CORS), never through Playwright's request
routing, which would turn off the context's HTTP cache.
"""

from __future__ import annotations

import base64
import functools
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

from rulebook import offline

ROOT = Path(__file__).resolve().parent.parent
CACHE = offline.snapshot_cache((ROOT / "docs" / offline.SNAPSHOT_STORE).read_text("utf-8"))
SAVED_MS = 120_000  # the snapshot is made after a quiet second, then encoded
READY_MS = 60_000
SEED_FILE = "snapshot"
# A page of the site's own origin that runs no script (no theme, no offline copy): the
# seed is written from it. MkDocs writes a sitemap for every build.
SEED_PAGE = "/sitemap.xml"


@dataclass(frozen=True)
class Seed:
    key: str  # the Cache Storage key the site stored its snapshot under
    url: str  # where the stored bytes are served, with CORS


class _CorsHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


def serve(directory: Path):
    """(base URL, stop) of a CORS-enabled static server for `directory`."""
    handler = functools.partial(_CorsHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd.shutdown


def boot_answer(page, base: str, name: str = "depth", query: str = "?goal=hair") -> str:
    """Open a calculator page and wait for its first answer; how the worker booted."""
    page.goto(f"{base}/calculators/{name}/{query}")
    form = page.locator(f'form[data-calculator="{name}"][data-ready="true"]')
    form.wait_for(timeout=READY_MS)
    form.locator("[data-calc-result] [data-verdict]").wait_for(timeout=READY_MS)
    return form.get_attribute("data-boot")


def take(browser, base: str, directory: Path, seed_base: str) -> Seed:
    """Let the site make and store its snapshot in a fresh context, as a first visit does,
    and copy the stored entry into `directory` (served at `seed_base`)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        assert boot_answer(page, base) == "cold"
        page.wait_for_function("() => document.documentElement.dataset.calcSnapshot", timeout=SAVED_MS)
        status = page.evaluate("document.documentElement.dataset.calcSnapshot")
        assert status == "saved", f"the site stored no snapshot to seed from: {status}"
        # The bytes cross as base64 once per session (about 20 MB of text, a second or two).
        key, data = page.evaluate("""async (name) => {
          const cache = await caches.open(name);
          const [request] = await cache.keys();
          const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
          let text = "";
          for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return [request.url, btoa(text)];
        }""", CACHE)
    finally:
        context.close()
    (directory / SEED_FILE).write_bytes(base64.b64decode(data))
    return Seed(key=key, url=f"{seed_base}/{SEED_FILE}")


def plant(context, base: str, seed: Seed) -> None:
    """Store `seed` in `context`'s Cache Storage, from a script-free page of the site's origin,
    so that the calculators there boot from it."""
    page = context.new_page()
    try:
        page.goto(base + SEED_PAGE)
        page.evaluate("""async ([name, key, url]) => {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`seed: ${response.status} from ${url}`);
          await (await caches.open(name)).put(key, response);
        }""", [CACHE, seed.key, seed.url])
    finally:
        page.close()


def if_marked(request):
    """The `stored_snapshot` fixture's seed if the test is marked `from_snapshot`, else None."""
    if request.node.get_closest_marker("from_snapshot"):
        return request.getfixturevalue("stored_snapshot")
    return None
