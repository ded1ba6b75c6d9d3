"""The real site, built with `mkdocs build --strict`, and a small fixture site."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest

from calculators.rules_check import normalise_quote
from calculators.rules_model import RulesFile
from conftest import ROOT, build_site
from rulebook.model_walk import without_build_only

pytestmark = pytest.mark.slow
FIXTURE = Path(__file__).parent / "fixture_site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text("utf-8")


def test_every_rule_has_its_anchor_and_quote(site, book):
    for topic in book.data.topics:
        page = read(site, f"reference/{topic.id}/index.html")
        for rule in book.rules_of(topic.id):
            assert f'id="{rule.id}"' in page, rule.id
            if rule.source:
                quotes = re.findall(rf'data-rule-quote="{re.escape(rule.id)}"><p>(.*?)</p>', page)
                assert quotes and normalise_quote(rule.source.quote) in normalise_quote(html.unescape(quotes[0]))
            else:
                assert "Editorial" in page


def test_index_lists_every_rule_and_the_tables(site, book):
    page = read(site, "reference/index.html")
    for rule in book.data.rules:
        assert f'href="../reference/{rule.topic}/#{rule.id}"' in page or \
               f'href="{rule.topic}/#{rule.id}"' in page, rule.id
    for goal in book.depth.goals:
        assert html.escape(goal.label) in page


def test_calculator_form_comes_from_the_field_definitions(site, book):
    page = read(site, "calculators/depth/index.html")
    form = re.search(r'<form class="calc" data-calculator="depth".*?</form>', page, re.S).group(0)
    names = re.findall(r'name="([^"]+)"', form)
    assert names == ["goal", "area", "shaft-percent", "needle-mm"]
    for goal in book.depth.goals:
        assert f'<option value="{goal.id}">{html.escape(goal.label)}</option>' in form
    limits = book.depth.fields.needle_mm
    assert f'min="{limits.min:g}" max="{limits.max:g}"' in form
    assert "<fieldset data-calc-fields disabled>" in form
    assert "data-calc-result" in form and re.search(r"<p class=\"calc-status\" role=\"status\" data-calc-status>", form)


def test_site_is_self_contained(site):
    """No script, style, font or image from another host; no inline scripts of ours."""
    offenders = []
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text):
            if tag.startswith("<link") and re.search(r'rel="(canonical|alternate|prev|next)"', tag):
                continue  # navigation metadata, never fetched by the page
            if re.search(r'(?:src|href)="(?:https?:)?//', tag):
                offenders.append((str(path.relative_to(site)), tag))
        inline = [s for s in re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S) if s.strip()]
        ours = [s for s in inline if "calculator" in s or "pyodide" in s]
        assert ours == [], f"inline script of ours in {path}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    assert offenders == []


def test_bundle_wheel_and_lock(site, book):
    runtime = site / "assets" / "pyodide"
    shipped = sorted(p.name for p in runtime.iterdir())
    wheels = [n for n in shipped if n.endswith(".whl")]
    assert len(wheels) == 1
    assert sorted(set(shipped) - set(wheels)) == sorted(
        ["pyodide-lock.json", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs", "python_stdlib.zip"])
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    assert list(lock["packages"]) == ["calculators"]
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == wheels[0]
    import hashlib
    assert entry["sha256"] == hashlib.sha256((runtime / wheels[0]).read_bytes()).hexdigest()
    with zipfile.ZipFile(runtime / wheels[0]) as zf:
        embedded = json.loads(zf.read("calculators/rules.json"))
        # The rules as the calculators read them: without the review data, which only the
        # build reads (a review that changes nothing but a date leaves the wheel as it was).
        assert embedded == without_build_only(RulesFile, book.raw)
        assert "review_policy" not in embedded and "review_policy" in book.raw
        assert not any({"reviewed", "reviewed_by", "changes"} & set(r) for r in embedded["rules"])
        assert not any(n.startswith("rulebook/") for n in zf.namelist())
    # The page's cache key is the wheel's content hash.
    page = read(site, "calculators/depth/index.html")
    assert f'data-runtime="{wheels[0].split("+")[1].split("-")[0]}"' in page


def test_generated_pages_are_not_written_into_docs(site):
    assert not (ROOT / "docs" / "reference").exists()
    assert not (ROOT / "docs" / "calculators").exists()


def test_fixture_site_builds_from_its_own_rules(tmp_path):
    """A second, small site: the plugin reads the rules file its config names."""
    result = build_site(FIXTURE / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "reference" / "depth" / "index.html").read_text()
    assert "Fixture depth rule" in page
    # The edit link of a generated page points to the rules file, not to a Markdown file.
    edit = re.search(r'<a href="([^"]+)"[^>]*class="md-content__button md-icon"', page).group(1)
    assert edit == "https://git.example.invalid/guide/edit/main/rules.yaml"
    hand_written = (tmp_path / "site" / "index.html").read_text()
    assert "https://git.example.invalid/guide/edit/main/docs/index.md" in hand_written


def test_search_finds_the_generated_pages(site, book):
    index = json.loads(read(site, "search/search_index.json"))
    locations = {doc["location"] for doc in index["docs"]}
    for topic in book.data.topics:
        assert f"reference/{topic.id}/" in locations
    rule = book.data.rules[0]
    assert f"reference/{rule.topic}/#{rule.id}" in locations


def test_bad_rules_stop_the_build_with_the_message(tmp_path):
    bad = tmp_path / "rules.yaml"
    good = (FIXTURE / "rules.yaml").read_text()
    bad.write_text(good.replace("level: info", "level: urgent", 1))
    config = tmp_path / "mkdocs.yml"
    config.write_text((FIXTURE / "mkdocs.yml").read_text()
                      .replace("rules_file: rules.yaml", f"rules_file: {bad}")
                      .replace("docs_dir: docs", f"docs_dir: {FIXTURE / 'docs'}")
                      .replace("runtime_dir: ../../node_modules/pyodide",
                               f"runtime_dir: {ROOT / 'node_modules' / 'pyodide'}"))
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    assert "'urgent' is not one of the allowed values — use one of: info, caution, danger" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_runtime_says_how_to_get_it(tmp_path):
    """runtime_dir is a typed Dir option: resolved against mkdocs.yml, and checked to hold
    the Pyodide package, with the command that installs it."""
    config = tmp_path / "mkdocs.yml"
    config.write_text((FIXTURE / "mkdocs.yml").read_text()
                      .replace("docs_dir: docs", f"docs_dir: {FIXTURE / 'docs'}")
                      .replace("rules_file: rules.yaml", f"rules_file: {FIXTURE / 'rules.yaml'}")
                      .replace("runtime_dir: ../../node_modules/pyodide", "runtime_dir: no-runtime-here"))
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    assert f"the Pyodide runtime is missing at {tmp_path / 'no-runtime-here'}: run 'npm ci'" in result.stderr
    assert "Traceback" not in result.stderr


def test_calculator_pages_start_the_worker_from_head_and_only_they(site):
    # overrides/main.html: the worker boots while the theme loads; other pages load no Python.
    for name in ("depth", "frequency"):
        head = read(site, f"calculators/{name}/index.html").split("</head>")[0]
        runtime = re.search(r'<meta name="calculators-runtime" content="([0-9a-f]+)">', head).group(1)
        assert f'data-runtime="{runtime}"' in read(site, f"calculators/{name}/index.html")
        assert re.search(r'<script type="module" async src="[./]*assets/js/calculators-start\.mjs">', head)
    for page in ("index.html", "reference/index.html"):
        assert "calculators-start" not in read(site, page)
        assert "calculators-runtime" not in read(site, page)


BUNDLE = re.compile(r'<script src="([./]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
HELD = re.compile(r'<script type="text/plain" data-theme-later="([./]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def test_calculator_pages_hold_the_theme_back_and_only_they(site):
    # overrides/main.html: on a calculator page the theme's bundle is inert data that
    # theme-later.js loads after the first answer; every other page runs it as the theme does.
    for name in ("depth", "frequency"):
        html = read(site, f"calculators/{name}/index.html")
        assert not BUNDLE.search(html)
        held = HELD.findall(html)
        assert len(held) == 1 and (site / "calculators" / name / held[0]).resolve().is_file()
        assert re.search(r'<script src="[./]*assets/js/theme-later\.js" defer></script>', html)
    for page in ("index.html", "reference/index.html", "reference/depth/index.html"):
        html = read(site, page)
        assert len(BUNDLE.findall(html)) == 1 and "data-theme-later" not in html and "theme-later.js" not in html
