"""Lighthouse (pinned in package.json) against Debian's Chromium, for `make audit`
(bench/audit.py: all four categories, mobile) and for the test of the categories that do not
time anything (tests/test_lighthouse.py).

Lighthouse starts its own Chromium through chrome-launcher: CHROME_PATH names Debian's, and
the flags keep it headless and off Google's hosts (DESIGN.md, known pitfalls).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    return path


def run_lighthouse(url: str, out: Path, categories=CATEGORIES, timeout: int = 300) -> dict:
    """One Lighthouse run (mobile, Lighthouse's default), its JSON report as a dict."""
    report = out / "report.json"
    args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(categories)}"]
    run = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                         env={**os.environ, "CHROME_PATH": chromium()})
    if run.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed ({run.returncode}): {run.stderr[-2000:]}")
    data = json.loads(report.read_text("utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {data['runtimeError']}")
    return data


def scores(report: dict) -> dict[str, int]:
    """Each category's score out of 100."""
    return {key: round(cat["score"] * 100) for key, cat in report["categories"].items()
            if cat.get("score") is not None}


def failed_audits(report: dict, categories=None) -> list[tuple[str, str, str]]:
    """(category, audit id, kind) of every scored audit below full marks; kind "binary" or
    "numeric" (a check or a metric), "metricSavings" (an opportunity)."""
    found = []
    for key, cat in report["categories"].items():
        if categories and key not in categories:
            continue
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings") \
                    and audit["score"] is not None and audit["score"] < 1:
                found.append((key, ref["id"], audit["scoreDisplayMode"]))
    return found
