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

from calculators.rules_model import LEVELS
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
    # The copy of calculators/ is the one imported (mkdocs runs in the copy, which comes
    # first on sys.path), so a test can edit the code too.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")  # mkdocs.yml's custom_dir
    shutil.copytree(ROOT / "calculators", project / "calculators",
                    ignore=shutil.ignore_patterns("__pycache__"))
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
                            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
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


def test_broken_rules_show_in_the_browser_on_every_page_until_fixed(served, page):
    """The editor sees a broken edit where they look: a banner above every page, naming
    file:line and what to do; the fix reloads the page without it."""
    base, rules, log = served
    text = rules.read_text()
    page.goto(base + "/reference/")
    assert page.locator(".rulebook-problems").count() == 0

    bad_at = text.index("level: info")
    line = text[:bad_at].count("\n") + 1
    rules.write_text(text.replace("level: info", "level: urgent", 1))
    banner = page.locator(".rulebook-problems[role=alert]")
    banner.wait_for(timeout=60_000)  # live reload brings the rebuilt page
    message = banner.inner_text()
    assert f"rules.yaml:{line}:" in message
    assert "'urgent' is not one of the allowed values" in message
    assert "use one of: " + ", ".join(LEVELS) in message
    for path in ("/", "/calculators/depth/", "/about/editing/"):  # every page, not only this one
        page.goto(base + path)
        assert f"rules.yaml:{line}:" in page.locator(".rulebook-problems[role=alert]").inner_text(), path

    rules.write_text(text)
    banner.wait_for(state="detached", timeout=60_000)
    page.goto(base + "/reference/")
    assert page.locator(".rulebook-problems").count() == 0
    log.seek(0)
    assert "Traceback" not in log.read()


def test_code_edit_reaches_the_form_and_a_broken_edit_keeps_the_last_good_code(served, page):
    """An edit to calculators/ reaches the pages made at build time (a fresh import for each
    rebuild); one that does not import is shown on every page, and the last good code stays."""
    base, rules, log = served
    depth = rules.parent / "calculators" / "depth.py"
    assert depth.is_file()
    good = depth.read_text()
    page.goto(base + "/calculators/depth/")
    label = page.locator("label[for=calc-goal]")
    original = label.inner_text()

    edited = good + (
        "\n\n_fields = fields\n\n\ndef fields(book):  # edited by test_serve\n"
        "    import dataclasses\n    specs = _fields(book)\n"
        "    return [dataclasses.replace(specs[0], label=specs[0].label + ' (edited)')] + specs[1:]\n")
    depth.write_text(edited)
    page.wait_for_function("document.querySelector('label[for=calc-goal]')?.textContent.endsWith('(edited)')",
                           timeout=60_000)
    assert label.inner_text() == original + " (edited)"

    broken_line = edited.count("\n") + 1
    depth.write_text(edited + "def broken(:\n")
    banner = page.locator(".rulebook-problems[role=alert]")
    banner.wait_for(timeout=60_000)
    assert f"depth.py:{broken_line}:" in banner.inner_text()
    assert "SyntaxError" in banner.inner_text()
    assert label.inner_text() == original + " (edited)"  # the last good code made this page

    depth.write_text(good)
    banner.wait_for(state="detached", timeout=60_000)
    assert page.locator("label[for=calc-goal]").inner_text() == original
    log.seek(0)
    assert "Traceback" not in log.read()


def test_a_review_falling_due_is_listed_in_the_terminal_and_folded_above_pages(served, page, book):
    """Issue 14: an editor sets a rule's review date back a year and more: the terminal lists
    it as `make check` does, every page shows a folded notice (a warning, not the red alert),
    the rule shows its new date; the review done, both go. The clock is the tests' (conftest)."""
    base, rules, log = served
    text = rules.read_text()
    rule = book.data.rules[0]
    old = f"    reviewed: {rule.reviewed.isoformat()}\n"
    at = text.index(old, text.index(f"- id: {rule.id}\n"))
    line = text[:at].count("\n") + 1
    stale = rule.reviewed.replace(year=rule.reviewed.year - 2).isoformat()
    page.goto(base + "/")
    assert page.locator(".rulebook-reviews").count() == 0

    rules.write_text(text[:at] + f"    reviewed: {stale}\n" + text[at + len(old):])
    notice = page.locator(".rulebook-reviews[role=status]")
    notice.wait_for(state="attached", timeout=60_000)
    log.seek(0)
    listed = [entry for entry in log.read().splitlines() if "review overdue" in entry]
    assert listed and listed[-1].startswith(f"WARNING -  rules.yaml:{line}:15: rules[0].reviewed: "
                                            f"review overdue: rule '{rule.id}' was last reviewed on {stale}")
    assert notice.get_attribute("data-rulebook-reviews") == "1"
    assert f"rules.yaml:{line}:15" in notice.text_content()
    assert page.locator(".rulebook-problems").count() == 0  # a warning, not an error
    page.goto(f"{base}/reference/{rule.topic}/#{rule.id}")
    assert page.locator(f'h2[id="{rule.id}"] ~ [data-rule-reviewed]').first \
        .get_attribute("data-rule-reviewed") == stale

    rules.write_text(text)  # the review done
    page.wait_for_function(  # the rule's own date (its first after its heading) is back
        "([id, day]) => document.querySelector(`h2[id='${id}'] ~ [data-rule-reviewed]`)"
        "?.dataset.ruleReviewed === day", arg=[rule.id, rule.reviewed.isoformat()], timeout=60_000)
    assert page.locator(".rulebook-reviews").count() == 0
