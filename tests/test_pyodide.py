"""The golden examples through the built wheel in real Pyodide (Node, the pinned npm package):
the answers must be the very same JSON text that CPython gives."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from calculators import browser
from conftest import ROOT
from support import advice_rules, notes_of

pytestmark = pytest.mark.slow
RUNNER = ROOT / "tests" / "js" / "run_in_pyodide.mjs"
NOW = "2026-03-27T09:30"  # the Friday before a daylight-saving change in Europe
HOSTILE = [
    {"calculator": "depth", "inputs": {"goal": "<script>alert(1)</script>"}},
    {"calculator": "depth", "inputs": {"goal": "hair", "needle-mm": "NaN"}},
    {"calculator": "depth", "inputs": {"goal": "hair", "needle-mm": "1e308"}},
    {"calculator": "depth", "inputs": {"goal": "hair", "unknown": "x"}},
    {"calculator": "nope", "inputs": {}},
    {"calculator": "frequency", "inputs": {"sessions-per-week": "3", "minutes": "10", "now": NOW,
                                           "sessions": ["2026-03-20T20:00", "<b>x</b>"]}},
    {"calculator": "frequency", "inputs": {"sessions-per-week": "Infinity", "minutes": "-1", "now": NOW}},
    # Python 3.14 (Pyodide) reads 24:00 as the next midnight, 3.13 refuses it: both must refuse.
    {"calculator": "frequency", "inputs": {"sessions-per-week": "2", "minutes": "10", "now": NOW,
                                           "time": "24:00", "sessions": ["2026-03-26T24:00"]}},
    {"calculator": "depth", "inputs": {"goal": "hair", "needle-mm": "0_5"}},
    # refused for the clock's sake: a session after now, a plan that starts before today
    {"calculator": "frequency", "inputs": {"now": NOW, "sessions": ["2026-03-28T20:00"]}},
    {"calculator": "frequency", "inputs": {"now": NOW, "start": "2026-03-26"}},
]


def run_in_pyodide(site, requests):
    node = shutil.which("node")
    assert node, "Node.js is needed for the Pyodide parity test"
    done = subprocess.run([node, str(RUNNER), str(site / "assets" / "pyodide")],
                          input=json.dumps(requests), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_golden_examples_agree_in_cpython_and_pyodide(site, book):
    examples = list(book.data.examples)
    # `now` fixed: both interpreters must see the same clock for the plans to compare (an
    # example that gives its own keeps it: its log and start were written for that clock).
    requests = [{"calculator": e.calculator,
                 "inputs": {"now": NOW, **e.inputs} if e.calculator == "frequency" else e.inputs}
                for e in examples] + HOSTILE
    out = run_in_pyodide(site, requests)
    assert out["python"].startswith("3.")
    for request, pyodide_text in zip(requests, out["results"], strict=True):
        cpython_text = browser.handle(request["calculator"], json.dumps(request["inputs"]))
        assert pyodide_text == cpython_text, request
    # And the golden expectations hold there too.
    for example, text in zip(examples, out["results"]):
        result = json.loads(text)
        assert result["verdict"] == example.expect.verdict, example.name
        assert advice_rules(result) == list(example.expect.rules), example.name
        assert notes_of(result) == list(example.expect.notes), example.name
        if example.expect.recommended_mm is not None:
            assert tuple(result["recommended_mm"]) == example.expect.recommended_mm, example.name
