"""The browser's wheel holds exactly what the browser runs: every byte is a reader's download.

The wheel is made from the modules in calculators/ less the command line (`cli.py`,
`__main__.py`), so a build-only module must live in rulebook/ instead; this test finds one
that slipped in, and a module the browser needs that was left out. It runs the browser's
entry point (`calculators.browser.handle`, for every golden example and the .ics download)
in a fresh interpreter and compares the modules it imported with the wheel's.
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
import json, sys
from calculators import browser
ics = 0
for calculator, inputs in json.loads(sys.argv[1]):
    assert "valid" in json.loads(browser.handle(calculator, json.dumps(inputs)))
    if calculator == "frequency":
        ics += "ics" in json.loads(browser.handle(calculator, json.dumps(inputs), "ics"))
assert ics, "no golden example made a calendar file"
print(json.dumps(sorted(n for n in sys.modules if n == "calculators" or n.startswith("calculators."))))
"""


def _wheel_modules(book) -> set[str]:
    wheel = bundle.make_wheel(Path(calculators.__file__).parent, bundle.rules_json(book.raw))
    with zipfile.ZipFile(io.BytesIO(wheel.data)) as zf:
        names = [n for n in zf.namelist() if n.endswith((".py", ".pyc"))]
    modules = {n.rsplit(".", 1)[0].replace("/", ".") for n in names}
    return {m.removesuffix(".__init__") for m in modules}


def test_wheel_holds_exactly_what_the_browser_imports(book):
    examples = [[e.calculator, e.inputs] for e in book.data.examples]
    result = subprocess.run([sys.executable, "-c", _RUN_EVERYTHING, json.dumps(examples)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = set(json.loads(result.stdout.splitlines()[-1]))
    shipped = _wheel_modules(book)
    assert shipped == imported, (sorted(shipped - imported), sorted(imported - shipped))
    assert "calculators.cli" not in shipped

