"""The pages bench/boot.py compares ours with, written into a built site.

Each asks the same question as our depth page (`depth`, goal hair) of the same wheel on the
same runtime files (the site's assets/pyodide/), and shows the answer in `#out`; one shared
module (mark.mjs) marks `calc:first-answer` when it appears, the mark our page sets itself.

- bare: a module worker that boots Pyodide with the wheel (`packages`, through the lock),
  imports it and answers: the floor for a page that uses Pyodide as documented.
- pyscript-worker / pyscript-main: `@pyscript/core`, pinned in bench/package.json, with the
  wheel unpacked by its `files` option; the worker variant needs cross-origin isolation, so
  the bench server sends COOP/COEP for that page only (WORKER_ISOLATED).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

__all__ = ["COMPARED", "QUESTION", "WORKER_ISOLATED", "ensure_pyscript", "write_pages"]

BENCH = Path(__file__).resolve().parent
QUESTION = {"calculator": "depth", "inputs": {"goal": "hair"}}
COMPARED = ("bare", "pyscript-worker", "pyscript-main")
WORKER_ISOLATED = "/pyscript-worker/"  # the path prefix that gets COOP/COEP headers

MARK_JS = """// Marks the first answer when #out is filled, as our page marks its own.
const out = document.getElementById("out");
new MutationObserver((_, observer) => {
  if (!out.textContent) return;
  performance.mark("calc:first-answer");
  document.body.dataset.done = "1";
  observer.disconnect();
}).observe(out, { childList: true, characterData: true, subtree: true });
"""

# The floor of any page that answers from a worker: a round trip to one that does nothing.
# bench/boot.py times it in our page, interleaved with the input changes it times there.
ECHO_JS = "self.onmessage = (event) => self.postMessage(event.data);\n"

PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{head}
<body><output id="out"></output><script type="module" src="../bench-mark.mjs"></script>{body}"""

BARE_PAGE_JS = """const w = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
w.onmessage = (e) => { document.getElementById("out").textContent = e.data; };
w.postMessage(null);
"""
BARE_WORKER_JS = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
const runtime = new URL("../assets/pyodide/", import.meta.url).href;
self.onmessage = async () => {
  const py = await loadPyodide({ indexURL: runtime, lockFileURL: runtime + "pyodide-lock.json",
    packages: ["calculators"] });
  const handle = py.pyimport("calculators.browser").handle;
  self.postMessage(handle(%s, %s));
};
"""
PYSCRIPT_PY = """from calculators.browser import handle
from pyscript import document

document.getElementById("out").textContent = handle(%r, %r)
"""


def ensure_pyscript() -> Path:
    """The pinned @pyscript/core's dist folder, installed with `npm ci` on first use."""
    dist = BENCH / "node_modules" / "@pyscript" / "core" / "dist"
    if not dist.is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH,
                       check=True)
    return dist


def write_pages(site: Path) -> None:
    wheel = json.loads((site / "assets/pyodide/pyodide-lock.json").read_text())["packages"]["calculators"]
    calc, inputs = json.dumps(QUESTION["calculator"]), json.dumps(json.dumps(QUESTION["inputs"]))
    (site / "bench-mark.mjs").write_text(MARK_JS)
    (site / "bench-echo.mjs").write_text(ECHO_JS)

    bare = site / "bare"
    bare.mkdir()
    (bare / "index.html").write_text(PAGE.format(
        title="bare", head="", body='<script type="module" src="bare.mjs"></script>'))
    (bare / "bare.mjs").write_text(BARE_PAGE_JS)
    (bare / "bare-worker.mjs").write_text(BARE_WORKER_JS % (calc, inputs))

    shutil.copytree(ensure_pyscript(), site / "pyscript", ignore=shutil.ignore_patterns("*.map"))
    config = {"interpreter": "../assets/pyodide/pyodide.mjs",
              "files": {f"../assets/pyodide/{wheel['file_name']}": "./*"}}
    for name, worker in (("pyscript-worker", " worker"), ("pyscript-main", "")):
        folder = site / name
        folder.mkdir()
        (folder / "pyscript.json").write_text(json.dumps(config))
        (folder / "main.py").write_text(PYSCRIPT_PY % (QUESTION["calculator"], json.dumps(QUESTION["inputs"])))
        (folder / "index.html").write_text(PAGE.format(
            title=name,
            head='<link rel="stylesheet" href="../pyscript/core.css">'
                 '<script type="module" src="../pyscript/core.js"></script>',
            body=f'<script type="py" src="./main.py" config="./pyscript.json"{worker}></script>'))
