"""`make check` with rules due and overdue for review (issue 14): a warning that passes, and
with STRICT_REVIEWS=1 an error that fails, for a release pipeline that wants one. The clock
is RULEBOOK_TODAY, as an editor would set it; never the machine's date."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

CORPUS = Path(__file__).parent / "rules_corpus"
TODAY = "2026-11-25"
FIX = "review it (steps: docs/about/editing.md, 'Reviewing a rule'), then write reviewed: 2026-11-25"


@pytest.fixture
def rules(tmp_path) -> tuple[Path, list[int]]:
    """valid.yaml with its first rule overdue (due 2026-10-01) and its second due in 15 days
    (2026-12-10), under a policy of 12 months and 30 days' notice; the others are current."""
    lines = (CORPUS / "valid.yaml").read_text("utf-8").splitlines()
    at = [i for i, line in enumerate(lines) if line == "    reviewed: 2026-11-20"][:2]
    lines[at[0]] = "    reviewed: 2025-10-01"
    lines[at[1]] = "    reviewed: 2025-12-10"
    assert "  months: 12" in lines and "  notice_days: 30" in lines
    path = tmp_path / "rules.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, [i + 1 for i in at]


def make_check(path: Path, **variables: str) -> subprocess.CompletedProcess:
    args = ["make", "-s", "--no-print-directory", "check", f"RULES={path}",
            "SOURCE_TEXTS=/nonexistent", *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "RULEBOOK_TODAY": TODAY})


def listed(path: Path, lines: list[int]) -> list[str]:
    return [
        f"{path}:{lines[0]}:15: rules[0].reviewed: review overdue: rule 'depth.hair-target' was "
        f"last reviewed on 2025-10-01; its next review is due on 2026-10-01 (55 days ago) — {FIX}",
        f"{path}:{lines[1]}:15: rules[1].reviewed: review due: rule 'depth.roller-sizes' was last "
        f"reviewed on 2025-12-10; its next review is due on 2026-12-10 (in 15 days) — {FIX}",
    ]


def test_due_and_overdue_reviews_are_a_warning(rules):
    path, lines = rules
    result = make_check(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{path}: OK: 14 rules in 3 topics, 2 examples"
    assert result.stderr.splitlines() == listed(path, lines) + [
        f"{path}: 2 rule(s) due or overdue for review on {TODAY} (a warning; STRICT_REVIEWS=1 "
        "or --strict-reviews makes it an error)"]


def test_strict_reviews_fail_on_them(rules):
    path, lines = rules
    result = make_check(path, STRICT_REVIEWS="1")
    assert result.returncode != 0
    stderr = result.stderr.splitlines()
    assert stderr[:3] == listed(path, lines) + [
        f"{path}: 2 rule(s) due or overdue for review on {TODAY} (--strict-reviews: failing)"]
    # make's own last word (make[1] when run under another make, as `make test` does)
    assert stderr[3:] and all(re.match(r"make(\[\d+\])?: \*\*\* ", line) for line in stderr[3:])
    assert "Traceback" not in result.stderr


def test_strict_reviews_pass_when_nothing_is_due():
    result = make_check(CORPUS / "valid.yaml", STRICT_REVIEWS="1")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_strict_reviews_0_is_not_strict(rules):
    path, _ = rules
    assert make_check(path, STRICT_REVIEWS="0").returncode == 0
