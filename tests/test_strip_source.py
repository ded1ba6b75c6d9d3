"""rulebook.strip_source, which writes the wheel's Python without comments and docstrings:
the code is the same code (the syntax tree of the original less its docstrings), and every
statement is on the line where the real source has it, so a browser's traceback points right."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

from conftest import ROOT
from rulebook.strip_source import strip_source

MODULES = sorted(p for d in ("calculators", "rulebook", "tests", "bench")
                 for p in (ROOT / d).rglob("*.py") if "node_modules" not in p.parts)


class _LessDocstrings(ast.NodeTransformer):
    """The reference: every docstring statement dropped; `pass` where that empties a body."""

    def _drop(self, node):
        self.generic_visit(node)
        first = node.body[0]
        if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
        return node

    visit_Module = visit_ClassDef = visit_FunctionDef = visit_AsyncFunctionDef = _drop


def _statement_lines(tree: ast.AST) -> list[tuple[str, int]]:
    return [(type(n).__name__, n.lineno) for n in ast.walk(tree) if isinstance(n, ast.stmt)]


def _comments(source: bytes) -> list[str]:
    return [t.string for t in tokenize.tokenize(io.BytesIO(source).readline)
            if t.type == tokenize.COMMENT]


def test_the_modules_checked_include_the_whole_package():
    names = {p.relative_to(ROOT).as_posix() for p in MODULES}
    assert {"calculators/browser.py", "calculators/rules_model.py", "rulebook/bundle.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_keeps_its_code_and_its_line_numbers(path: Path):
    original = path.read_bytes()
    stripped = strip_source(original)
    reference = _LessDocstrings().visit(ast.parse(original))
    tree = ast.parse(stripped)
    assert ast.dump(tree) == ast.dump(reference)
    assert _statement_lines(tree) == _statement_lines(reference)
    assert stripped.count(b"\n") == original.count(b"\n")
    assert _comments(stripped) == []
    # Every docstring here sits alone on its lines, so none is left.
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            assert ast.get_docstring(node, clean=False) is None, (path, node.lineno)
    assert len(stripped) <= len(original)


def _strip(text: str) -> str:
    return strip_source(text.encode()).decode()


def test_a_docstring_alone_in_its_body_leaves_pass_on_its_first_line():
    source = 'class A:\n    """Doc,\n    two lines."""  # why\n\n\ndef f():\n    """Doc."""\n'
    assert _strip(source) == "class A:\n    pass\n\n\n\ndef f():\n    pass\n"


def test_a_hash_in_a_string_is_not_a_comment_and_strings_keep_their_spaces():
    source = 'x = "a # b"  # a comment\ny = """\n  # kept   \n"""\n'
    assert _strip(source) == 'x = "a # b"\ny = """\n  # kept   \n"""\n'


def test_a_docstring_sharing_a_line_with_code_is_kept():
    source = 'def f(): "doc"\ndef g():\n    "doc"; return 1\n'
    assert _strip(source) == source


def test_only_the_first_string_of_a_body_is_a_docstring():
    source = '"""Module."""\nx = 1\n"""Not a docstring: an expression."""\n'
    assert _strip(source) == '\nx = 1\n"""Not a docstring: an expression."""\n'


def test_source_in_another_encoding_is_left_as_it_is():
    source = '# -*- coding: latin-1 -*-\n"""Doc \xe9."""\n'.encode("latin-1")
    assert strip_source(source) == source


def test_non_ascii_before_a_comment_is_cut_at_the_right_column():
    source = '"""é."""\nx = "éé"  # note\n'
    assert _strip(source) == '\nx = "éé"\n'
