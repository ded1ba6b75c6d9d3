"""rulebook.hot_import: what `mkdocs serve` uses so that edits to calculators/ reach the next
build, and a broken edit keeps the last good code. Tested on a small package of its own."""

from __future__ import annotations

import sys

import pytest

from rulebook.hot_import import import_modules


@pytest.fixture
def package(tmp_path, monkeypatch):
    root = tmp_path / "hotpkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "a.py").write_text("VALUE = 1\n")
    (root / "b.py").write_text("from .a import VALUE\n")
    (root / "kept.py").write_text("OBJECT = object()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # edits within one second still count
    yield root
    for name in [n for n in sys.modules if n == "hotpkg" or n.startswith("hotpkg.")]:
        del sys.modules[name]


def _load(fresh: bool):
    return import_modules(["hotpkg.b", "hotpkg.kept"], fresh=fresh, packages=["hotpkg"],
                          keep={"hotpkg", "hotpkg.kept"})


def test_fresh_import_reads_the_files_again_and_keeps_what_it_is_told(package):
    first = _load(fresh=False)
    assert first.b.VALUE == 1
    (package / "a.py").write_text("VALUE = 22\n")
    assert _load(fresh=False).b is first.b  # not fresh: the modules already imported
    second = _load(fresh=True)
    assert second.b.VALUE == 22 and second.b is not first.b
    assert second.kept is first.kept  # an object that outlives rebuilds stays the same


def test_a_module_added_since_the_last_import_is_found(package):
    _load(fresh=False)
    (package / "c.py").write_text("EXTRA = 'new'\n")
    (package / "b.py").write_text("from .a import VALUE\nfrom .c import EXTRA\n")
    assert _load(fresh=True).b.EXTRA == "new"


def test_a_broken_edit_raises_and_leaves_the_last_good_modules(package):
    good = _load(fresh=False)
    before = {n: m for n, m in sys.modules.items() if n.startswith("hotpkg")}
    (package / "a.py").write_text("VALUE = = 3\n")
    with pytest.raises(SyntaxError):
        _load(fresh=True)
    assert {n: m for n, m in sys.modules.items() if n.startswith("hotpkg")} == before
    assert _load(fresh=False).b is good.b
    (package / "a.py").write_text("VALUE = 333\n")  # the fix is picked up
    assert _load(fresh=True).b.VALUE == 333


def test_an_error_raised_while_importing_also_restores(package):
    good = _load(fresh=False)
    (package / "a.py").write_text("raise RuntimeError('half an edit')\n")
    with pytest.raises(RuntimeError, match="half an edit"):
        _load(fresh=True)
    assert sys.modules["hotpkg.b"] is good.b and sys.modules["hotpkg.a"].VALUE == 1
