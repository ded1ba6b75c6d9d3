"""`mkdocs serve` as an editor uses it: edit the rules, the page and the calculator follow;
a bad edit prints the problem and keeps the last good site; the fix brings it back."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, SEED

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def wait_for(predicate, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(tmp_path):
    # A copy of the real project (the editor's view of it), so the test never edits ours.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "rules.yaml", project / "rules.yaml")
    config = project / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text()
                      .replace("runtime_dir: node_modules/pyodide",
                               f"runtime_dir: {ROOT / 'node_modules' / 'pyodide'}")
                      .replace("source_texts: ../shared/seed", f"source_texts: {SEED}"))
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config),
                             "-a", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: "calculators/depth/" in fetch(base + "/"), what="mkdocs serve")
        yield base, project / "rules.yaml", log
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_rules_edit_reaches_page_and_calculator(served, page, book):
    base, rules, log = served
    text = rules.read_text()
    page.goto(base + "/calculators/depth/")
    page.wait_for_selector('form[data-ready="true"]', timeout=60_000)
    page.locator("select[name=goal]").select_option("hair")
    answer = page.locator("[data-calc-value=recommended_mm]")
    answer.wait_for()
    before = answer.inner_text()

    # A new hair range, edited in rules.yaml only.
    edited = re.sub(r"(- id: hair\n\s+label: [^\n]+\n\s+range_mm: )\[[^\]]+\]", r"\g<1>[1.2, 1.5]", text)
    assert edited != text
    rules.write_text(edited)
    # Live reload reloads the page; the calculator boots again with the new wheel.
    page.wait_for_function("document.querySelector('[data-calc-value=recommended_mm]') && "
                           "document.querySelector('[data-calc-value=recommended_mm]').textContent.startsWith('1.2')",
                           timeout=90_000)
    assert page.locator("[data-calc-value=recommended_mm]").inner_text() == "1.2–1.5 mm" != before
    wait_for(lambda: "1.2–1.5 mm" in fetch(base + "/reference/"), what="the reference table")

    # A bad edit: the error is printed, the last good site stays.
    rules.write_text(edited.replace("level: info", "level: urgent", 1))
    wait_for(lambda: (log.seek(0) or True) and "'urgent' is not one of the allowed values" in log.read(),
             what="the error in the serve log")
    assert "1.2–1.5 mm" in fetch(base + "/reference/")
    log.seek(0)
    assert "Traceback" not in log.read()

    # The fix rebuilds and reloads.
    rules.write_text(text)
    wait_for(lambda: "1.2–1.5 mm" not in fetch(base + "/reference/"), what="the fixed site")
