"""Shared fixtures: the real rules, a real site build, a real server, a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import snapshot_seed

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed"


def _newest_review_date() -> str:
    """The newest `reviewed:` day of the real rules.yaml, read from the file as text."""
    from rulebook.yaml_source import Located, parse

    located = parse((ROOT / "rules.yaml").read_bytes())
    assert isinstance(located, Located), located
    return max(str(rule.get("reviewed", "")) for rule in located.data["rules"])


# The tests' clock for what depends on "today" (a review date after it is an error; a review
# falls due). Never the machine's date: the newest review of the real rules, so the real rules
# are always valid and never due; a test that needs another day says so (--today, or its own
# RULEBOOK_TODAY). Subprocesses (builds, serve, make) inherit it.
os.environ["RULEBOOK_TODAY"] = _newest_review_date()
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load_real_rules():
    """The real rules.yaml; also for parametrising tests at collection time."""
    from rulebook.loading import load

    return load(ROOT / "rules.yaml", SEED if SEED.is_dir() else None)


@pytest.fixture(scope="session")
def book():
    return load_real_rules()


@pytest.fixture(scope="session", autouse=True)
def embedded_rules(book):
    """The rules embedded in the package as the wheel carries them, for what reads them
    there (`calculators.browser`, compared with Pyodide; the CLI without the build side).
    The CLI in a checkout reads rules.yaml itself and needs none of this."""
    from calculators.rules import EMBEDDED_RULES
    from rulebook.bundle import rules_json

    (ROOT / "calculators" / EMBEDDED_RULES).write_bytes(rules_json(book.raw))


def build_site(config: Path, site_dir: Path, site_url: str | None = None,
               env: dict[str, str] | None = None, python: Path | None = None) -> subprocess.CompletedProcess:
    """`python`: another checkout's interpreter (bench/ab.py); it then runs from the config's
    folder, so that `python -m` imports that checkout's rulebook/, not this one's."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([str(python or sys.executable), "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(site_dir)], capture_output=True, text=True, env=env,
                          cwd=Path(config).parent if python else None)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser left mid-file (a page closed, a request aborted by a test)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="session")
def server(site_dir):
    """A static file server on 127.0.0.1 for the built site, as any static host would serve it."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def site(site_dir, server) -> Path:
    """The real site, built once. Its site_url is the test server's: Material's instant
    navigation matches links against the sitemap, host and port included."""
    result = build_site(ROOT / "mkdocs.yml", site_dir, site_url=server + "/")
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium "
                    "(make test installs it when run as root)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def stored_snapshot(browser, server, site, tmp_path_factory):
    """The calculators' snapshot as the site stored it on a first visit (tests/snapshot_seed.py)."""
    with snapshot_seed.served_seed(browser, server, tmp_path_factory.mktemp("seed")) as seed:
        yield seed


@pytest.fixture
def page(request, browser, server, site):
    """A fresh page that records every request it makes. Its calculators boot cold; in a test
    marked `from_snapshot`, from the snapshot the site stored (tests/snapshot_seed.py), as on a
    reader's return visit: for tests whose subject is not the boot."""
    yield from _recording_page(browser, snapshot_seed.if_marked(request))


def _recording_page(browser, seed=None):
    context = snapshot_seed.fresh_context(browser, seed)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    # Leave the page first: a pending request (mkdocs serve's live-reload long poll) can
    # otherwise keep context.close() waiting.
    try:
        page.goto("about:blank", timeout=10_000)
    except Exception:
        pass
    context.close()
