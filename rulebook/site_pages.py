"""The site's generated pages put together: which pages, at which paths, in which navigation.

`pages` renders each page's Markdown and `forms` each calculator's form; this module decides
what the site holds (a page per topic, the index, a page per calculator), how raw HTML links
between them (MkDocs rewrites Markdown links, not HTML), and where their edit links point.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from calculators.api import CALCULATORS, fields_of
from calculators.rules import Rulebook

from . import forms, pages, review_pages

__all__ = ["generated_pages", "default_nav", "edit_uri"]

INDEX = f"{pages.TOPIC_DIR}/index.md"
CHANGES = f"{pages.TOPIC_DIR}/{review_pages.CHANGES_PAGE}"


def _page_url(src_uri: str, use_directory_urls: bool) -> str:
    return File(src_uri, None, None, use_directory_urls=use_directory_urls).url


def _url_from(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: relative, for sub-paths."""
    return get_relative_url(_page_url(to_src, use_directory_urls), _page_url(from_src, use_directory_urls))


def _rule_url_pattern(use_directory_urls: bool) -> str:
    """Where a rule lives, relative to the site's root (the page script resolves it)."""
    topic = _page_url(f"{pages.TOPIC_DIR}/TOPIC.md", use_directory_urls)
    return topic.replace("TOPIC", "{topic}") + "#{rule}"


def generated_pages(book: Rulebook, runtime_version: str, *, use_directory_urls: bool,
                    disclaimer: str) -> dict[str, str]:
    """Markdown of every generated page, by its path under docs/ (never written there)."""
    out = {INDEX: pages.index_page(book)}
    extras = {"depth": pages.depth_diagram_block(book)}
    for topic in book.data.topics:
        out[f"{pages.TOPIC_DIR}/{topic.id}.md"] = pages.topic_page(book, topic.id, extras.get(topic.id, ""))
    out[CHANGES] = review_pages.changes_page(book, lambda r: pages.rule_href(r, pages.TOPIC_DIR))
    for name in CALCULATORS:
        src = f"{pages.CALCULATOR_DIR}/{name}.md"
        form = forms.render_form(name, fields_of(name, book), runtime_version,
                                 _url_from(src, INDEX, use_directory_urls),
                                 _rule_url_pattern(use_directory_urls), disclaimer)
        out[src] = pages.calculator_page(book, name, form)
    return out


def default_nav(book: Rulebook, docs_dir: Path) -> list:
    """Home, the calculators, the reference, then the other hand-written pages."""
    hand_written = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
    return [
        {"Home": "index.md"},
        {"Calculators": [f"{pages.CALCULATOR_DIR}/{name}.md" for name in CALCULATORS]},
        {"Reference": [INDEX] + [f"{pages.TOPIC_DIR}/{t.id}.md" for t in book.data.topics]
                      + [CHANGES]},
        *[p for p in hand_written if p != "index.md"],
    ]


def edit_uri(rules_file: Path, docs_dir: Path) -> str:
    """Generated pages are edited in the rules file: their edit link points there, relative
    to the docs folder that MkDocs' `edit_uri` names."""
    return "../" + rules_file.relative_to(docs_dir.parent, walk_up=True).as_posix()
