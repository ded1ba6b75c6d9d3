"""The banner `mkdocs serve` puts above every page while rules.yaml is broken: each problem
with file:line:column and what to do, announced (role=alert), and never the edit's text as HTML."""

from __future__ import annotations

import html
import re

import pytest

from rulebook.loading import Diagnostic, RulesFileError, load
from rulebook.problems_banner import render
from conftest import ROOT


def test_no_problems_no_banner():
    assert render([]) == ""


def test_every_problem_of_a_broken_file_is_in_the_banner(tmp_path):
    text = (ROOT / "rules.yaml").read_text("utf-8")
    broken = tmp_path / "rules.yaml"
    broken.write_text(text.replace("level: info", "level: urgent", 1).replace("title: ", "titel: ", 1))
    with pytest.raises(RulesFileError) as caught:
        load(broken, None, shown_as="rules.yaml")
    problems = caught.value.diagnostics
    banner = render(problems)
    assert banner.startswith('<div class="rulebook-problems" role="alert"')
    items = re.findall(r"<li>(.*?)</li>", banner)
    assert len(items) == len(problems) >= 2
    for item, p in zip(items, problems):
        shown = html.unescape(re.sub(r"<[^>]+>", "", item))
        assert shown == f"{p.file}:{p.line}:{p.column} {p.where}: {p.message} — {p.fix}"


def test_text_from_the_edit_is_escaped():
    hostile = Diagnostic("rules.yaml", 3, 7, "'<script>alert(1)</script>' is not one of the allowed values",
                         "use one of: <b>info</b>", where="rules[0].level")
    banner = render([hostile])
    assert "<script>" not in banner and "<b>" not in banner
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in banner


def test_reviews_due_are_a_folded_notice_not_an_alert(tmp_path):
    """Issue 14: under serve, the rules due for review, as `make check` lists them; a warning."""
    import datetime as dt

    from rulebook.loading import load_located
    from rulebook.problems_banner import render_reviews

    loaded = load_located(ROOT / "tests" / "rules_corpus" / "valid.yaml", None, shown_as="valid.yaml",
                          today=dt.date(2027, 12, 1))
    due = loaded.reviews_due()
    notice = render_reviews(due)
    assert notice.startswith(f'<details class="warning rulebook-reviews" role="status" data-rulebook-reviews="{len(due)}">')
    assert 'role="alert"' not in notice and 'class="rulebook-problems"' not in notice
    items = re.findall(r"<li>(.*?)</li>", notice)
    assert [html.unescape(re.sub(r"<[^>]+>", "", i)) for i in items] == \
        [f"{d.file}:{d.line}:{d.column} {d.where}: {d.message} — {d.fix}" for d in due]
    assert render_reviews([]) == ""
