"""Markup the reader meets, from issue 11's findings: a rule says its level once (the box's
title, not also a pill), the "Every rule" table fits a phone (the title is the link, the id
breaks only at its dots and hyphens), and the editors' numbered steps stay one list."""

from __future__ import annotations

import re

import markdown
import pytest

from conftest import ROOT, load_real_rules
from rulebook import pages
from test_pages import block_of

_BOOK = load_real_rules()
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables"]


@pytest.mark.parametrize("rule", _BOOK.data.rules, ids=lambda r: r.id)
def test_a_rule_says_its_level_once(book, rule):
    html = markdown.markdown(block_of(book, rule), extensions=EXTENSIONS)
    label = pages.LEVEL_LABEL[rule.level]
    assert len(re.findall(rf">\s*{label}\s*<", html)) == 1, html
    assert f'<p class="admonition-title">{label}</p>' in html


def test_every_rule_table_links_titles_and_breaks_ids_at_separators(book):
    html = markdown.markdown(pages.index_page(book), extensions=EXTENSIONS)
    for rule in book.data.rules:
        code = re.search(rf'<code class="rule-id">({re.escape(rule.id[:3])}[^<]*(?:<wbr>[^<]*)*)</code>', html)
        assert code, rule.id
    ids = re.findall(r'<code class="rule-id">(.*?)</code>', html)
    assert [i.replace("<wbr>", "") for i in ids] == [r.id for r in book.data.rules]
    assert all(re.fullmatch(r"[^.<-]+(?:[.-]<wbr>[^.<-]+)*", i) for i in ids), ids
    titles = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', html)
    assert titles[-len(book.data.rules):] == [r.title for r in book.data.rules]


def test_editors_steps_are_one_numbered_list():
    text = (ROOT / "docs" / "about" / "editing.md").read_text("utf-8")
    section = text.split("## How to work", 1)[1].split("\n## ", 1)[0]
    html = markdown.markdown(section, extensions=EXTENSIONS)
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    steps = re.findall(r"^\d+\. ", section, re.M)
    assert len(items) == len(steps) == 4
    assert not re.search(r"\n\d+\. ", "".join(items))  # no step swallowed by the one before
