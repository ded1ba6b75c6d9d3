"""Cold and warm time to the first answer, and bytes, against a bare Pyodide page.

Both pages are served from the same built site by the same static server and loaded in the
same Chromium, alternating, so machine noise hits both alike. Printed as ratios; no
assertion on time (DESIGN.md: numbers go in benchmarks, not in timed tests).

    .venv/bin/python bench/boot.py [--runs 5]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_ARGS, build_site  # noqa: E402

# The bare page: the same runtime files, a module worker that boots Pyodide and runs one
# line of Python. The baseline our page must stay close to.
BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare</title>
<output id="out"></output><script type="module" src="bare.mjs"></script>"""
BARE_PAGE_JS = """const w = new Worker(new URL("bare-worker.mjs", import.meta.url), {type: "module"});
w.onmessage = (e) => { document.getElementById("out").textContent = e.data;
  performance.mark("calc:first-answer"); document.body.dataset.done = "1"; };
w.postMessage("go");"""
BARE_WORKER_JS = """import { loadPyodide } from "./pyodide/pyodide.mjs";
self.onmessage = async () => {
  const py = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href,
    lockFileURL: new URL("./pyodide/pyodide-lock.json", import.meta.url).href });
  self.postMessage(String(py.runPython("1 + 1")));
};"""


WORKER_START: list[float] = []  # when our page created its worker, ms after navigation start


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def measure(browser, url: str, done_selector: str, context=None):
    """(ms to first answer, bytes transferred, bytes by origin file group)."""
    own = context is None
    context = context or browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_response(response):
        try:
            sizes[response.url] = len(response.body())
        except Exception:
            pass

    page.on("response", on_response)
    page.goto(url)
    page.wait_for_selector(done_selector, timeout=120_000)
    ms = page.evaluate("performance.getEntriesByName('calc:first-answer')[0].startTime")
    started = page.evaluate("(performance.getEntriesByName('calc:worker-start')[0] || {}).startTime")
    if started is not None:
        WORKER_START.append(started)
    page.close()
    if own:
        context.close()
    return ms, sizes


def input_latency(browser, url: str, rounds: int = 30) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('form[data-ready="true"]', timeout=120_000)
    page.wait_for_function("performance.getEntriesByName('calc:first-answer').length > 0")
    times = []
    for i in range(rounds):
        value = f"{0.5 + (i % 20) * 0.1:.1f}"
        t = page.evaluate("""async (value) => {
            const input = document.querySelector('input[name="needle-mm"]');
            const before = performance.getEntriesByName('calc:answer').length;
            const t0 = performance.now();
            input.value = value; input.dispatchEvent(new Event('input', {bubbles: true}));
            while (performance.getEntriesByName('calc:answer').length === before)
              await new Promise(r => setTimeout(r, 0));
            return performance.now() - t0; }""", value)
        times.append(t)
    context.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        httpd, base = serve(site)
        result = build_site(ROOT / "mkdocs.yml", site, site_url=base + "/")
        if result.returncode:
            print(result.stderr)
            return 1
        (site / "bare").mkdir()
        (site / "bare" / "index.html").write_text(BARE_HTML)
        (site / "bare" / "bare.mjs").write_text(BARE_PAGE_JS)
        (site / "bare" / "bare-worker.mjs").write_text(BARE_WORKER_JS)
        # The bare page gets the runtime's files without our wheel: its own plain copy.
        shutil.copytree(site / "assets" / "pyodide", site / "bare" / "pyodide")
        for wheel in (site / "bare" / "pyodide").glob("*.whl"):
            wheel.unlink()
        (site / "bare" / "pyodide" / "pyodide-lock.json").write_text(
            (ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())

        ours_url = f"{base}/calculators/depth/?goal=hair"
        bare_url = f"{base}/bare/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            measure(browser, bare_url, "body[data-done]")  # warm the OS file cache once
            cold = {"bare": [], "ours": []}
            warm = {"bare": [], "ours": []}
            sizes = {}
            for _ in range(args.runs):
                for name, url, sel in (("bare", bare_url, "body[data-done]"),
                                       ("ours", ours_url, "[data-calc-result] [data-verdict]")):
                    ms, sizes[name] = measure(browser, url, sel)
                    cold[name].append(ms)
                    context = browser.new_context()  # warm: the second load in one context
                    measure(browser, url, sel, context)
                    ms, _ = measure(browser, url, sel, context)
                    warm[name].append(ms)
                    context.close()
            latency = input_latency(browser, ours_url)
            browser.close()
        httpd.shutdown()

    def med(xs):
        return statistics.median(xs)

    print(f"runs: {args.runs} (medians), Chromium headless, served by http.server on 127.0.0.1")
    for label, data in (("cold", cold), ("warm", warm)):
        b, o = med(data["bare"]), med(data["ours"])
        print(f"{label}: bare Pyodide page {b:7.0f} ms   calculator page {o:7.0f} ms   "
              f"ratio {o / b:.3f} (+{(o / b - 1) * 100:.1f}%)")
    runtime_files = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
    ours_total = sum(sizes["ours"].values())
    runtime = sum(v for k, v in sizes["ours"].items() if k.rsplit("/", 1)[-1].split("?")[0] in runtime_files)
    calc_own = {k.rsplit("/", 1)[-1].split("?")[0]: v for k, v in sizes["ours"].items()
                if "/assets/pyodide/" in k or "/assets/js/calculator" in k or "/assets/css/site" in k}
    ours_extra = sum(v for k, v in calc_own.items() if k not in runtime_files)
    print(f"bytes (uncompressed, as served): page total {ours_total:,}; Pyodide runtime {runtime:,}; "
          f"ours for the calculator (wheel, lock, glue, worker, css) {ours_extra:,}")
    for name, size in sorted(calc_own.items()):
        if name not in runtime_files:
            print(f"  {name:55s} {size:8,}")
    print(f"calculator page: worker created at median {med(WORKER_START):.0f} ms after navigation start")
    print(f"input change to answer: median {med(latency):.1f} ms, max {max(latency):.1f} ms "
          f"over {len(latency)} changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
