"""Python source without comments and docstrings, every line where it was: for the wheel.

The browser downloads our package as source; its comments and docstrings are about half of
it and nothing there reads them (the build side reads `__doc__` in CPython, from the real
source). Lines are blanked, never removed, so a traceback from the browser names the line of
the real source, and blank lines deflate to almost nothing. Uses only `ast` and `tokenize`.

A docstring is blanked when it sits alone on its lines (nothing but space before it, nothing
but space or a comment after it); one that shares a line with code is kept, since removing it
would move that code. If it was the body's only statement, `pass` takes its first line.
"""

from __future__ import annotations

import ast
import io
import tokenize

__all__ = ["strip_source"]

_BODIED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstrings(tree: ast.Module) -> list[tuple[ast.Expr, bool]]:
    """(docstring statement, is it its body's only statement) for every body that has one."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, _BODIED) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                found.append((first, len(node.body) == 1))
    return found


def _comment_free(lines: list[bytes], source: bytes) -> list[bytes]:
    """The lines with each comment and the space before it cut off (tokenize finds them, so a
    `#` inside a string stays)."""
    out = list(lines)
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            text = out[row - 1].decode("utf-8")
            end = "\n" if text.endswith("\n") else ""
            out[row - 1] = (text[:col].rstrip() + end).encode("utf-8")
    return out


def strip_source(source: bytes) -> bytes:
    """`source` (UTF-8 Python) without comments and docstrings, on the same lines. Source in
    another encoding is returned as it is (its coding line is a comment it cannot lose)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    if encoding not in ("utf-8", "utf-8-sig"):
        return source
    tree = ast.parse(source)
    original = source.splitlines(keepends=True)  # ast's columns are UTF-8 byte offsets into these
    lines = _comment_free(original, source)
    for doc, only in _docstrings(tree):
        first, last = doc.lineno - 1, doc.end_lineno - 1
        before = original[first][:doc.col_offset]
        after = original[last][doc.end_col_offset:].strip()
        if before.strip() or (after and not after.startswith(b"#")):
            continue  # shares a line with code: kept (see the module docstring)
        for i in range(first, last + 1):
            lines[i] = b"\n" if original[i].endswith(b"\n") else b""
        if only:
            lines[first] = before + b"pass" + lines[first]
    return b"".join(lines)
