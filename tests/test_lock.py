"""requirements.lock can be audited: every package pinned exactly, with hashes, and every
direct dependency named in requirements.in (with why) is in it. Offline: reads the files."""

from __future__ import annotations

import re

from conftest import ROOT

_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, list[str]]:
    """package -> the lines of its entry."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in (ROOT / "requirements.lock").read_text("utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            current = _norm(_NAME.match(line).group(1))
            entries[current] = [line]
        elif current and line.strip():
            entries[current].append(line.strip())
    return entries


def _direct() -> list[tuple[str, list[str]]]:
    """Each requirement of requirements.in with the comment lines just above it."""
    out, comments = [], []
    for line in (ROOT / "requirements.in").read_text("utf-8").splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif line.strip():
            out.append((_norm(_NAME.match(line).group(1)), comments))
            comments = []
        else:
            comments = []
    return out


def test_every_locked_package_is_pinned_with_hashes():
    entries = _lock()
    assert len(entries) > 10
    for name, lines in entries.items():
        assert re.search(r"==[^\s;]+", lines[0]), f"{name} is not pinned exactly"
        assert any(line.startswith("--hash=sha256:") for line in lines), f"{name} has no hash"


def test_every_direct_dependency_says_why_and_is_locked():
    entries = _lock()
    direct = _direct()
    assert direct
    for name, comments in direct:
        assert comments and not comments[-1].startswith("# ---"), f"{name}: say why it is here"
        assert name in entries, f"{name} is in requirements.in but not locked: run 'make relock'"
        assert "# via -r requirements.in" in entries[name] or "#   -r requirements.in" in entries[name], name


def test_every_locked_package_says_what_pulls_it_in():
    """`# via` under each entry: the lock shows why each indirect package is there."""
    for name, lines in _lock().items():
        assert any(line.startswith("# via") for line in lines), f"{name}: no '# via'; run 'make relock'"
