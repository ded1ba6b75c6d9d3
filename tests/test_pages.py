"""The reference pages say whose reasoning a "Why" is, and which goal a rule is for.

Rendered from the real rules.yaml as Markdown by `rulebook.pages` (the full build renders the
same strings; test_build.py checks the built site).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown
import pytest

from conftest import load_real_rules
from rulebook import pages

_BOOK = load_real_rules()


def block_of(book, rule) -> str:
    page = pages.topic_page(book, rule.topic)
    start = page.index(f"{{#{rule.id} ")
    end = page.find("\n## ", start)
    return page[start:end if end != -1 else None]


@pytest.mark.parametrize("rule", _BOOK.data.rules, ids=lambda r: r.id)
def test_why_says_whose_reason_it_is(book, rule):
    block = block_of(book, rule)
    site_reason = rule.editorial or rule.why_source == "editorial"
    assert (pages.WHY_EDITORIAL_LABEL in block) == site_reason
    assert (pages.WHY_SOURCE_LABEL in block) == (not site_reason)


@pytest.mark.parametrize("rule", _BOOK.data.rules, ids=lambda r: r.id)
def test_a_rule_for_some_goals_names_them(book, rule):
    block = block_of(book, rule)
    labels = {g.id: g.label for g in book.depth.goals}
    if rule.goals:
        assert f"For: {', '.join(labels[g] for g in rule.goals)}" in block
    else:
        assert "rule-badge--goals" not in block


def test_the_rules_mark_the_sites_own_reasoning(book):
    """rules.yaml uses the key: some sourced rules give the site's reasoning as their why."""
    assert any(r.why_source == "editorial" and not r.editorial for r in book.data.rules)


def test_the_depth_table_links_every_rule_of_a_goal(book):
    table = pages.depth_table(book)
    for goal in book.depth.goals:
        row = next(line for line in table.splitlines() if line.startswith(f"| {goal.label} |"))
        for rule_id in goal.rules:
            assert f"#{rule_id})" in row


# --- the depth reference page -----------------------------------------------------------

def test_depth_diagram_block_is_one_html_block(book):
    block = pages.depth_diagram_block(book)
    assert block.startswith('<figure class="depth-diagram">') and block.endswith("</figure>")
    assert "\n\n" not in block and all(line.strip() for line in block.splitlines())
    figure = ET.fromstring(block.replace('xmlns="http://www.w3.org/2000/svg"', ""))
    assert figure.find("figcaption").text.strip()
    assert figure.find("svg/g[@class='needle']") is None


def test_depth_page_carries_the_drawing_through_markdown(book):
    """As MkDocs renders it (the site's Markdown extensions): the SVG arrives untouched."""
    block = pages.depth_diagram_block(book)
    page = pages.topic_page(book, "depth", extra=block)
    html = markdown.markdown(page, extensions=["admonition", "attr_list", "md_in_html", "tables", "toc"])
    start = html.index('<figure class="depth-diagram">')
    end = html.index("</figure>", start) + len("</figure>")
    assert html[start:end] == block
    assert html.index("<figure") < html.index("<h2")  # after the summary, before the rules
