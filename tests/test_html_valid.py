"""Valid HTML: html-validate (pinned in package.json, no Java) over every built page and over
the calculator pages as the browser holds them after an answer, a field error and a log
(the result is built in the page, so it is serialised from there).

Config: tests/htmlvalidate.json, the presets for the HTML standard and whole documents, less
`require-sri` (integrity hashes guard files from other hosts; every file here is our own).
Errors in the theme's markup are listed once below with why; any other error fails, so ours
count in full, and a listed error that no longer occurs fails too (the list stays true).
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from a11y_support import (ROOT, add_log_entries, built_pages, new_context, open_calculator,
                          show_answer, show_field_error)

pytestmark = pytest.mark.slow
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
CONFIG = ROOT / "tests" / "htmlvalidate.json"

# (rule, element, why): the theme's own markup (Material 9.8, base.html and partials), which
# we do not copy into overrides/ for a validator's sake: none of them hinders a reader.
THEME_ERRORS = [
    ("valid-autocomplete", "#__drawer",
     "base.html: the hidden checkbox that opens the drawer carries autocomplete=off so that "
     "Firefox does not restore it checked; not allowed on checkboxes, and harmless"),
    ("valid-autocomplete", "#__search", "base.html: the same for the search toggle"),
    ("input-missing-label", "#__search",
     "base.html: the search toggle's labels are icons and the overlay; the search field "
     "itself is labelled (aria-label)"),
    ("attribute-allowed-values", "#__nav_2_label",
     "partials/nav-item.html: navigation.sections renders tabindex=\"\" on section labels"),
    ("attribute-allowed-values", "#__nav_3_label", "the same, for the second section"),
    ("input-missing-label", "#__toc",
     "partials/toc.html: the hidden checkbox of the table of contents on narrow screens"),
]


def validate(files: list[Path], out: Path) -> list[tuple[str, str, str, str]]:
    """(file, rule, element, message) for every error. The report goes to a file: Node cuts a
    large report on a pipe."""
    report = out / "html-validate.json"
    run = subprocess.run([str(HTML_VALIDATE), "-c", str(CONFIG), "-f", f"json={report}",
                          *map(str, files)], capture_output=True, text=True)
    assert run.returncode in (0, 1, 123) and report.exists(), run.stderr  # 1/123: errors found
    return [(f["filePath"], m["ruleId"], m.get("selector") or "", m["message"])
            for f in json.loads(report.read_text()) for m in f["messages"] if m["severity"] == 2]


def split_theme(errors):
    known = {(rule, sel) for rule, sel, _ in THEME_ERRORS}
    ours = [e for e in errors if (e[1], e[2]) not in known]
    seen = {(e[1], e[2]) for e in errors} & known
    return ours, seen


class _Selects(HTMLParser):
    """W3C (not in html-validate): a required single <select> needs an empty first option."""

    def __init__(self):
        super().__init__()
        self.problems, self._open = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select" and "required" in a and "multiple" not in a and int(a.get("size") or 1) <= 1:
            self._open = a.get("id") or a.get("name")
        elif tag == "option" and self._open:
            if a.get("value", "x") != "":
                self.problems.append(f"select#{self._open}: required, first option has a value")
            self._open = None


def required_select_problems(html: str) -> list[str]:
    parser = _Selects()
    parser.feed(html)
    return parser.problems


def serialised_calculators(browser, server, book, out: Path) -> list[Path]:
    """Each calculator page as the browser holds it, after an answer and after a field error."""
    files = []
    context = new_context(browser, "light")
    page = context.new_page()
    for name in ("depth", "frequency"):
        form = open_calculator(page, server, name)
        if name == "frequency":
            add_log_entries(form)
        for state, act in (("answer", lambda: show_answer(form, name, book)),
                           ("error", lambda: show_field_error(form, name))):
            act()
            path = out / f"{name}-{state}.html"
            path.write_text("<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML"))
            files.append(path)
    page.goto("about:blank")
    context.close()
    return files


def test_built_and_rendered_pages_are_valid(site, browser, server, book, tmp_path):
    pages = [site / (p.lstrip("/") or "index.html") for p in built_pages(site)]
    pages = [p / "index.html" if p.is_dir() else p for p in pages]
    rendered = serialised_calculators(browser, server, book, tmp_path)
    errors = validate(pages + rendered, tmp_path)
    ours, seen = split_theme(errors)
    print(f"html-validate: {len(pages)} built pages, {len(rendered)} rendered states; "
          f"{len(errors)} errors, {len(errors) - len(ours)} of them the theme's listed ones, "
          f"{len(ours)} ours")
    assert not ours, "\n".join(f"{Path(f).name} {rule} {sel}: {msg}" for f, rule, sel, msg in ours)
    stale = {(r, s) for r, s, _ in THEME_ERRORS} - seen
    assert not stale, f"listed theme errors that no longer occur (drop them): {stale}"
    problems = [f"{p.name}: {x}" for p in pages + rendered for x in required_select_problems(p.read_text())]
    assert not problems, problems
    assert any(re.search(r"<svg[^>]*role=\"img\"", p.read_text()) for p in rendered)


def test_required_select_check_catches_the_w3c_error():
    bad = '<select id="goal" required><option value="hair">Hair</option></select>'
    good = '<select id="area" required><option value="">Choose</option><option value="a">A</option></select>'
    assert required_select_problems(bad) == ["select#goal: required, first option has a value"]
    assert required_select_problems(good) == []
    assert required_select_problems('<select id="x"><option value="a">A</option></select>') == []
