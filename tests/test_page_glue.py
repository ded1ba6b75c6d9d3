"""The page glue (docs/assets/js) against the form's DOM contract (rulebook/forms.py).

Fast, no browser: the glue's files are read as text and every attribute they name is found
with a regex; the generator's side is the real forms, rendered from the real rules.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from calculators import api
from conftest import ROOT
from rulebook.forms import DOM_CONTRACT, render_form

GLUE_DIR = ROOT / "docs" / "assets" / "js"
MAX_LINES = 300

# How the glue names an attribute: a literal ("[data-field]", "data-log-entry": ...,
# "data-only-when-" as a prefix), or a dataset key (form.dataset.ruleUrl); a class only
# inside a selector (querySelector(".calc-error")).
_LITERAL = re.compile(r"\bdata-[a-z0-9-]+")
_DATASET = re.compile(r"\bdataset\.([A-Za-z0-9]+)")
_SELECTOR = re.compile(r"""\b(?:querySelector|querySelectorAll|closest|matches)\(\s*(["'`])(.*?)\1""")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_COMMENTS = re.compile(r"/\*.*?\*/|(?:^|(?<=\s))//[^\n]*", re.S)


def glue_files() -> list[Path]:
    return sorted(p for p in GLUE_DIR.iterdir() if p.suffix in (".mjs", ".js"))


def names_in_glue(source: str) -> set[str]:
    """Every data-* attribute (a name ending in "-" is a prefix) and slot class (".x") that
    a piece of glue names outside its comments."""
    code = _COMMENTS.sub("", source)
    names = set(_LITERAL.findall(code))
    names |= {"data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)
              for key in _DATASET.findall(code)}
    for _, selector in _SELECTOR.findall(code):
        names |= {"." + c for c in _CLASS.findall(selector)}
    return names


def glue_names() -> dict[str, set[str]]:
    """name -> the glue files that use it."""
    where: dict[str, set[str]] = {}
    for path in glue_files():
        for name in names_in_glue(path.read_text("utf-8")):
            where.setdefault(name, set()).add(path.name)
    return where


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key.startswith("data-"):
                self.names.add(key)
            elif key == "class":
                self.names |= {"." + c for c in (value or "").split()}


def rendered_names(book) -> set[str]:
    """Every data-* attribute and class on the real forms, both calculators."""
    parser = _Attributes()
    for name in api.CALCULATORS:
        parser.feed(render_form(name, api.fields_of(name, book), "0123abcd", "../../reference/",
                                "reference/{topic}/#{rule}", "Not medical advice."))
    return parser.names


def declared(name: str, contract=DOM_CONTRACT) -> bool:
    return any(name == h.name or (h.name.endswith("-") and name.startswith(h.name)) for h in contract)


def mismatches(used: dict[str, set[str]], rendered: set[str], contract=DOM_CONTRACT) -> list[str]:
    """Every way the glue, the generator and the contract disagree, in words."""
    problems = [f"{name} is used by {', '.join(sorted(files))} but not declared in forms.DOM_CONTRACT"
                for name, files in sorted(used.items()) if not declared(name, contract)]
    for hook in contract:
        if not any(n == hook.name or (hook.name.endswith("-") and n.startswith(hook.name)) for n in used):
            problems.append(f"{hook.name} is declared in forms.DOM_CONTRACT but no glue uses it")
        is_rendered = any(declared(n, [hook]) for n in rendered)
        if hook.set_by == "forms.py" and not is_rendered:
            problems.append(f"{hook.name} is declared as rendered by forms.py but no form carries it")
        if hook.set_by == "glue" and is_rendered:
            problems.append(f"{hook.name} is declared as set by the glue but forms.py renders it")
    return problems


def test_glue_and_generator_agree_on_the_dom_contract(book):
    problems = mismatches(glue_names(), rendered_names(book))
    assert not problems, "\n".join(problems)


def test_generator_renders_no_data_attribute_outside_the_contract(book):
    undeclared = {n for n in rendered_names(book) if n.startswith("data-") and not declared(n)}
    assert undeclared == set()


def test_a_mismatch_is_reported(book):
    # The checker itself can fail: an attribute the glue reads that the contract lacks, and a
    # declared one the glue no longer reads.
    used = glue_names()
    used["data-not-in-contract"] = {"x.mjs"}
    del used["data-runtime"]
    problems = mismatches(used, rendered_names(book))
    assert problems == [
        "data-not-in-contract is used by x.mjs but not declared in forms.DOM_CONTRACT",
        "data-runtime is declared in forms.DOM_CONTRACT but no glue uses it",
    ]


def test_the_parser_sees_every_way_the_glue_names_an_attribute():
    source = """
        // a comment naming data-commented and dataset.commentedKey is not code
        /* nor data-block-comment */
        form.dataset.ruleUrl; el("li", { "data-log-entry": entry });
        form.querySelector("[data-calc-result] .calc-error");
        field.attributes; const ONLY = "data-only-when-";
        box.closest('form[data-calculator]');
    """
    assert names_in_glue(source) == {"data-rule-url", "data-log-entry", "data-calc-result",
                                     ".calc-error", "data-only-when-", "data-calculator"}


def test_glue_reads_dataset_keys_only_by_name():
    # dataset[key] or getAttribute(variable) would hide an attribute from the contract check.
    for path in glue_files():
        code = _COMMENTS.sub("", path.read_text("utf-8"))
        assert not re.search(r"dataset\s*\[|getAttribute\(\s*[^\s\"'`]", code), path.name


def test_glue_modules_stay_small():
    sizes = {p.name: len(p.read_text("utf-8").splitlines()) for p in glue_files()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


@pytest.mark.parametrize("path", glue_files(), ids=lambda p: p.name)
def test_glue_derives_every_url_from_its_own(path):
    # Sub-path hosting: no root-relative or absolute URL literals; assets come from import.meta.url.
    code = _COMMENTS.sub("", path.read_text("utf-8"))
    assert not re.search(r"""["'`](?:/[\w.-]|https?:)""", code)
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "eval(" not in code


def test_mkdocs_loads_the_entry_as_a_module():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and the like
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    scripts = {entry["path"]: entry for entry in config["extra_javascript"]}
    assert scripts["assets/js/calculators.mjs"].get("type") == "module"
    assert scripts["assets/js/calculators-file.js"].get("type") != "module"  # runs from file://
