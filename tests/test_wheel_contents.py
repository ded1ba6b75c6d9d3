"""The browser's wheel holds what the browser and the CLI run, and nothing only the build needs.

The wheel is made from every module in calculators/, so a build-only module must live in
rulebook/ instead; this test finds one that slipped in. It runs the browser's entry point
(`calculators.browser.handle`, for every golden example and the .ics download) and the CLI
in a fresh interpreter and compares the modules they imported with the wheel's.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import calculators
from rulebook import bundle
from conftest import ROOT

_RUN_EVERYTHING = """
import contextlib, io, json, sys
from calculators import browser, cli
for calculator, inputs in json.loads(sys.argv[1]):
    assert "valid" in json.loads(browser.handle(calculator, json.dumps(inputs)))
    if calculator == "frequency":
        browser.handle(calculator, json.dumps(inputs), "ics")
with contextlib.redirect_stdout(io.StringIO()):
    for argv in (["depth", "--goal", "hair", "--needle-mm", "1"],
                 ["frequency", "--sessions-per-week", "2", "--minutes", "10", "--format", "ics"]):
        cli.main(argv)
print(json.dumps(sorted(n for n in sys.modules if n == "calculators" or n.startswith("calculators."))))
"""


def _wheel_modules(book) -> set[str]:
    wheel = bundle.make_wheel(Path(calculators.__file__).parent, bundle.rules_json(book.raw))
    with zipfile.ZipFile(io.BytesIO(wheel.data)) as zf:
        names = [n for n in zf.namelist() if n.endswith((".py", ".pyc"))]
    modules = {n.rsplit(".", 1)[0].replace("/", ".") for n in names}
    return {m.removesuffix(".__init__") for m in modules}


def test_wheel_holds_only_what_the_browser_and_the_cli_import(book):
    examples = [[e.calculator, e.inputs] for e in book.data.examples]
    result = subprocess.run([sys.executable, "-c", _RUN_EVERYTHING, json.dumps(examples)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = set(json.loads(result.stdout.splitlines()[-1]))
    shipped = _wheel_modules(book)
    # `python -m calculators` runs __main__, which the in-process CLI call above does not import.
    assert shipped - imported == {"calculators.__main__"}, sorted(shipped - imported)
    assert imported <= shipped

