"""Text from rules.yaml reaches pages as literal text, whatever it contains: the loader
refuses tags and script links, and the page renderer escapes everything else."""

from __future__ import annotations

import markdown
import pytest

from rulebook import markdown_text as md

# The site's own extensions (mkdocs.yml), so the test sees what a page build does.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
NASTY = [
    "*emphasis* and **strong** and `code`",
    "[a link](https://example.invalid) and ![img](x.png)",
    "<script>alert(1)</script> <b onmouseover=x>bold</b>",
    "# not a heading", "1. not a list", "- not a list", "> not a quote",
    "{: #injected-id .cls }", "a | table | cell", "&amp; &lt;entities&gt;",
    "back\\slash \\*escaped\\*",
]


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", NASTY)
def test_paragraph_text_is_literal(text):
    html = render(md.text(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    for tag in ("<a", "<img", "<script", "<b ", "<em", "<strong", "<code", "<h1", "<ol", "<ul",
                "<blockquote", "id=\"injected-id\""):
        assert tag not in inner, (text, html)


@pytest.mark.parametrize("text", NASTY)
def test_table_cell_text_stays_in_its_cell(text):
    html = render(f"| a | b |\n|---|---|\n| {md.cell(text)} | x |")
    assert html.count("<td>") == 2, html
    assert "<a" not in html and "<script" not in html and "<em" not in html


def test_the_words_survive_escaping():
    html = render(md.text("Roll 1.0–1.5 mm; don’t roll (ever) more than 3 times!"))
    assert html == "<p>Roll 1.0–1.5 mm; don’t roll (ever) more than 3 times!</p>"
