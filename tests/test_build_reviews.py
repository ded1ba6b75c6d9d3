"""Review dates in the built site (issue 14): rendered by `mkdocs build --strict` from the
rules and a fixed clock, never from the machine's date.

The expected dates are computed here from the rules file's own text, with a year added by
hand (the fixture's policy is 12 months and none of its days is 29 February), not by the
code under test.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calculators.api import run
from conftest import ROOT, build_site
from rulebook import yaml_source

pytestmark = pytest.mark.slow
FIXTURE = Path(__file__).parent / "fixture_site"
CLOCK = "2026-11-25"  # the fixture's "today": every review in it is on or before it
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def words(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def a_year_after(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return d.replace(year=d.year + 1).isoformat()


def time(day: str) -> str:
    return f'<time datetime="{day}">{words(day)}</time>'


def section(page: str, rule_id: str) -> str:
    """A rule's part of its page: from its heading to the next heading."""
    start = page.index(f'id="{rule_id}"')
    end = page.find("<h2", start)
    return page[start:end if end != -1 else None]


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixture-site")
    result = build_site(FIXTURE / "mkdocs.yml", out, env={"RULEBOOK_TODAY": CLOCK})
    assert result.returncode == 0, result.stderr
    rules = yaml_source.parse((FIXTURE / "rules.yaml").read_bytes()).data
    return out, rules, result


def test_every_rule_shows_its_own_date_beside_its_quote(fixture_site):
    site, rules, _ = fixture_site
    for rule in rules["rules"]:
        page = (site / "reference" / rule["topic"] / "index.html").read_text("utf-8")
        part = section(page, rule["id"])
        line = re.search(r'<p class="rule-reviewed" data-rule-reviewed="([^"]+)">(.*?)</p>', part)
        assert line and line[1] == rule["reviewed"], rule["id"]
        assert line[2] == f"Last reviewed {time(rule['reviewed'])} (reviewer: {rule['reviewed_by']})"
        quote_or_note = max(part.find("data-rule-quote"), part.find("rule-editorial-note"))
        assert 0 < quote_or_note < line.start()  # after the quote (or the editorial note)


def test_each_topic_page_shows_its_oldest_review_and_the_next_due(fixture_site):
    site, rules, _ = fixture_site
    seen = set()
    for topic in rules["topics"]:
        oldest = min(r["reviewed"] for r in rules["rules"] if r["topic"] == topic["id"])
        page = (site / "reference" / topic["id"] / "index.html").read_text("utf-8")
        assert (f'<div class="page-review" data-page-reviewed="{oldest}"><p>Page last reviewed: '
                f"{time(oldest)}<br>\nNext review due: {time(a_year_after(oldest))}</p></div>") in page
        seen.add(oldest)
    assert len(seen) == len(rules["topics"])  # the fixture gives each page its own date
    index = (site / "reference" / "index.html").read_text("utf-8")
    oldest = min(r["reviewed"] for r in rules["rules"])
    assert f"Page last reviewed: {time(oldest)}" in index
    assert f"Next review due: {time(a_year_after(oldest))}" in index


def test_the_changes_page_lists_each_review_newest_first(fixture_site):
    site, rules, _ = fixture_site
    page = (site / "reference" / "changes" / "index.html").read_text("utf-8")
    changes = sorted(((c["on"], r) for r in rules["rules"] for c in r.get("changes", [])),
                     key=lambda t: t[0], reverse=True)
    days = re.findall(r'<h2 id="changes-([0-9-]+)"><time datetime="\1">', page)
    assert days == sorted({day for day, _ in changes}, reverse=True) and len(days) >= 3
    for day, rule in changes:
        part = page[page.index(f'id="changes-{day}"'):]
        part = part[:part.find("<h2", 1) if "<h2" in part[1:] else None]
        assert f'href="../{rule["topic"]}/#{rule["id"]}"' in part, (day, rule["id"])
    assert "Fixture change: raised to a danger." in page


def test_a_due_review_is_listed_but_does_not_fail_a_strict_build(tmp_path):
    late = a_year_after("2026-10-15")  # the fixture's frequency rules fall due that day
    result = build_site(FIXTURE / "mkdocs.yml", tmp_path / "site", env={"RULEBOOK_TODAY": late})
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stderr.splitlines() if "review overdue" in line or "review due" in line]
    check = subprocess.run([sys.executable, "-m", "rulebook", "check", str(FIXTURE / "rules.yaml"),
                            "--today", late], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0
    expected = [line for line in check.stderr.splitlines() if "review" in line and ": rules[" in line]
    assert len(listed) == len(expected) >= 4
    assert [line.removeprefix("WARNING -  ").split(": ", 1)[1] for line in listed] == \
        [line.split(": ", 1)[1] for line in expected]
    assert "rule(s) due or overdue for review (not an error" in result.stderr


# --- the real site -------------------------------------------------------------------------

def test_home_page_says_when_the_advice_was_last_reviewed(site, book):
    page = (site / "index.html").read_text("utf-8")
    oldest = min(r.reviewed for r in book.data.rules).isoformat()
    due = oldest.replace(oldest[:4], str(int(oldest[:4]) + book.data.review_policy.months // 12), 1)
    assert book.data.review_policy.months % 12 == 0  # the line above adds whole years
    assert f'data-site-reviewed="{oldest}"><p>Advice last reviewed: {time(oldest)}' in page
    assert f"Next review due: {time(due)}" in page
    assert "rulebook:" not in page  # every marker filled
    assert 'href="reference/changes/"' in page


def test_editing_page_states_the_policy_from_the_rules(site, book):
    page = (site / "about" / "editing" / "index.html").read_text("utf-8")
    policy = book.data.review_policy
    assert f"A review holds <strong>{policy.months} months</strong>" in page
    assert f"<strong>{policy.notice_days} days</strong>" in page
    assert "rulebook:" not in page and 'id="reviewing-a-rule"' in page


def test_every_rule_an_answer_cites_carries_its_date_at_its_anchor(site, book):
    cited = set()
    for example in book.data.examples:
        result = run(example.calculator, dict(example.inputs), book)
        cited |= {m["rule"] for m in result["messages"]}
    assert len(cited) >= 10
    for rule_id in sorted(cited):
        rule = book.rule(rule_id)
        page = (site / "reference" / rule.topic / "index.html").read_text("utf-8")
        assert f'data-rule-reviewed="{rule.reviewed.isoformat()}"' in section(page, rule_id), rule_id
        assert html.escape(words(rule.reviewed.isoformat())) in section(page, rule_id)
