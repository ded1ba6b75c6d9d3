"""Bytes of a cold load, as served and as a host would compress them, by group.

Groups: runtime (Pyodide's boot files), theme (Material's CSS, JS, search index, icons),
html (the page itself), ours (page glue, worker, CSS, wheel, lock), and for the pages we
compare with, pyscript (its framework) and page (their few lines). gzip at level 6 (a
common host default) and brotli at quality 11 (what a host serves precompressed); files that
are already deflated (the wheel, python_stdlib.zip) barely shrink.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["GROUPS", "group_of", "byte_table", "brotli_note"]

try:
    import brotli
except ImportError:  # in requirements.lock since issue 13; an older .venv: `make setup`
    brotli = None

GROUPS = ("runtime", "theme", "html", "ours", "pyscript", "page")


def brotli_note() -> str:
    return "" if brotli else "(brotli column empty: `make setup` installs brotli from requirements.lock)"


def group_of(path: str) -> str:
    if path.startswith("/assets/pyodide/"):
        return "ours" if path.endswith((".whl", "/pyodide-lock.json")) else "runtime"
    if path.startswith(("/assets/js/", "/assets/css/")):
        return "ours"
    if path.startswith("/pyscript/"):
        return "pyscript"
    if path.startswith(("/bare/", "/bench-mark.mjs", "/pyscript-")):
        return "page" if not path.endswith("/") else "html"
    if path.endswith("/") or path.endswith(".html"):
        return "html"
    return "theme"


def _file(site: Path, path: str) -> Path | None:
    local = site / unquote(path).lstrip("/")
    if local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


_COMPRESSED: dict[Path, tuple[int, int, int]] = {}  # brotli at 11 takes seconds on the wasm


def _sizes(local: Path) -> tuple[int, int, int]:
    if local not in _COMPRESSED:
        data = local.read_bytes()
        _COMPRESSED[local] = (len(data), len(gzip.compress(data, 6, mtime=0)),
                              len(brotli.compress(data, quality=11)) if brotli else 0)
    return _COMPRESSED[local]


def byte_table(site: Path, urls: list[str]) -> dict[str, dict[str, int]]:
    """{group: {"files", "raw", "gzip", "brotli"}} for the same-origin URLs a load fetched."""
    table = {g: {"files": 0, "raw": 0, "gzip": 0, "brotli": 0} for g in GROUPS}
    for path in sorted({urlsplit(u).path for u in urls}):
        local = _file(site, path)
        if local is None:
            continue
        row = table[group_of(path)]
        row["files"] += 1
        for key, size in zip(("raw", "gzip", "brotli"), _sizes(local)):
            row[key] += size
    return {g: row for g, row in table.items() if row["files"]}
