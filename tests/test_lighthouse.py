"""The Lighthouse audits that time nothing, in `make test`: accessibility, best practices and
SEO, once, on the frequency calculator (the page with the most of ours on it: the form, the
worker, the answer), all at 100. `make audit` (bench/audit.py) runs all four categories on
four pages; performance stays out of the tests, its numbers depend on the machine's load.
The meta tags Lighthouse reads on that page are checked on every built page below."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from a11y_support import built_pages
from lighthouse_support import failed_audits, run_lighthouse, scores

pytestmark = pytest.mark.slow
TIMELESS = ("accessibility", "best-practices", "seo")


def test_lighthouse_accessibility_best_practices_and_seo(site, server, tmp_path):
    report = run_lighthouse(f"{server}/calculators/frequency/", tmp_path, categories=TIMELESS)
    failed = [(cat, audit) for cat, audit, _ in failed_audits(report)]
    print("lighthouse:", scores(report))
    assert scores(report) == {c: 100 for c in TIMELESS}, failed
    assert failed == []


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang, self.meta, self.links, self.title, self._in_title = None, {}, {}, "", False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta":
            self.meta[a.get("name") or ("charset" if "charset" in a else "")] = a.get("content") or a.get("charset")
        elif tag == "link" and a.get("rel"):
            self.links[a["rel"]] = a.get("href")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def test_every_page_has_the_meta_tags_readers_and_search_engines_need(site):
    titles = {}
    for path in built_pages(site):
        file = site / (path.lstrip("/") or "index.html")
        head = _Head()
        head.feed((file / "index.html" if file.is_dir() else file).read_text("utf-8"))
        assert head.lang == "en", path
        assert (head.meta.get("charset") or "").lower() == "utf-8", path
        viewport = head.meta.get("viewport", "")
        assert "width=device-width" in viewport and "user-scalable=no" not in viewport, path
        assert not re.search(r"maximum-scale=\s*1(\.0)?\b", viewport), path  # zoom allowed
        assert len(head.meta.get("description") or "") > 50, path
        assert head.title.strip(), path
        if path != "/404.html":  # the host's answer to any missing path: no canonical, no own title
            assert head.links.get("canonical"), path
            titles.setdefault(head.title.strip(), []).append(path)
    assert {t: p for t, p in titles.items() if len(p) > 1} == {}  # each page names itself
