"""Where the time to the first answer goes: a Chromium performance trace (CDP Tracing, through
Playwright) of our depth page, cold and warm, cut into the parts that compete for the
machine's cores, from navigation start to the first answer.

    .venv/bin/python bench/trace.py [--runs 3] [--keep DIR]

Per thread, the time it was busy (sum of its top-level tasks): the page's main thread split
by script (Material's bundle vs our glue) and rendering; Material's search worker; our
worker split into JS (pyodide.asm.mjs), wasm compile (foreground) and the rest (CPython in
wasm, snapshot restore); background threads' optimizing wasm compiles. Plus when the
runtime's requests start and the milestones our page and worker mark. Medians over runs.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
from boot import OURS_PATH, build, serve  # noqa: E402
from conftest import CHROMIUM_ARGS  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm",
              "disabled-by-default-v8.wasm.detailed", "blink.user_timing", "loading", "toplevel",
              "v8.execute", "blink"]
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", ".whl",
                 "pyodide-lock.json", "calculator-worker.mjs")


def load(path: Path) -> list[dict]:
    data = json.loads(path.read_text())
    return data["traceEvents"] if isinstance(data, dict) else data


def script_group(url: str) -> str:
    if "/assets/javascripts/" in url:
        return "Material's scripts"
    if "/assets/js/" in url:
        return "our page glue"
    return "other scripts"


def analyse(events: list[dict]) -> tuple[dict, dict, dict]:
    """({part: busy ms}, {milestone: ms}, {request: start ms}), all from navigation start."""
    thread = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
              if e.get("ph") == "M" and e["name"] == "thread_name"}
    marks = {e["name"]: e["ts"] for e in events if "user_timing" in e.get("cat", "") and e["name"].startswith("calc:")}
    main_pid = next(e["pid"] for e in events if e["name"] == "calc:worker-start")
    nav = max(e["ts"] for e in events if e["name"] == "navigationStart" and e["pid"] == main_pid
              and e["ts"] <= marks["calc:worker-start"])
    end = marks["calc:first-answer"]
    within = [e for e in events if e.get("ph") == "X" and nav <= e["ts"] <= end]
    # Which dedicated worker is which: the script each one evaluated.
    role = {}
    for e in within:
        url = str(e.get("args", {}).get("data", {}).get("url", "")) if isinstance(e.get("args", {}).get("data"), dict) else ""
        key = (e["pid"], e["tid"])
        if thread.get(key, "").startswith("DedicatedWorker"):
            if "calculator-worker" in url or "pyodide" in url:
                role[key] = "our worker"
            elif "workers/search" in url:
                role.setdefault(key, "Material's search worker")
    busy = collections.Counter()
    for e in within:
        key, ms = (e["pid"], e["tid"]), e.get("dur", 0) / 1000
        name, cat = e["name"], e.get("cat", "")
        data = e.get("args", {}).get("data", {})
        url = str(data.get("url", "")) if isinstance(data, dict) else ""
        if name == "RunTask" and cat == "disabled-by-default-devtools.timeline":
            if thread.get(key) == "CrRendererMain" and key[0] == main_pid:
                busy["main thread: all tasks"] += ms
            elif key in role:
                busy[f"{role[key]}: all tasks"] += ms
        elif thread.get(key) == "CrRendererMain" and key[0] == main_pid:
            if name in ("EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule", "FunctionCall"):
                busy[f"main thread: {script_group(url)}"] += ms
            elif name in ("UpdateLayoutTree", "Layout", "Paint", "PrePaint", "ParseHTML", "ParseAuthorStyleSheet"):
                busy["main thread: parse, style, layout, paint"] += ms
        elif role.get(key) == "our worker":
            if name in ("v8.compileModule", "v8.evaluateModule") and "pyodide.asm" in url:
                busy["our worker: pyodide.asm.mjs compile+run"] += ms
            elif name in ("wasm.SyncCompile", "wasm.CompileLazy", "v8.wasm.compileConsume", "wasm.FinishStreaming",
                          "wasm.OnBytesReceived", "wasm.SyncInstantiate"):
                busy["our worker: wasm compile/instantiate (foreground)"] += ms
            elif name == "DecompressionStream Inflate":
                busy["our worker: snapshot inflate"] += ms
        elif name == "wasm.TopTierCompilation":
            busy["background: optimizing wasm compile (TurboFan)"] += ms
        elif name == "wasm.ExecuteCompilationUnits" and thread.get(key, "").startswith("ThreadPool"):
            busy["background: wasm compile units"] += ms
    milestones = {k: (v - nav) / 1000 for k, v in sorted(marks.items(), key=lambda kv: kv[1]) if v >= nav}
    starts = {}
    for e in events:
        if e["name"] == "ResourceSendRequest" and nav <= e["ts"] <= end:
            url = e["args"]["data"].get("url", "")
            short = url.rsplit("/", 1)[-1].split("?")[0]
            if any(short.endswith(f) for f in RUNTIME_FILES):
                starts.setdefault(short if not short.endswith(".whl") else "calculators-*.whl", (e["ts"] - nav) / 1000)
    return dict(busy), milestones, starts


def trace_once(browser, url: str, out: Path, warm: bool) -> list[dict]:
    context = browser.new_context()
    if warm:  # a first visit that stays until its snapshot is stored
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => document.documentElement.dataset.calcSnapshot", timeout=120_000)
        time.sleep(1)
        page.close()
    page = context.new_page()
    browser.start_tracing(page=page, path=str(out), categories=CATEGORIES)
    page.goto(url)
    page.wait_for_function("() => performance.getEntriesByName('calc:first-answer').length > 0", timeout=120_000)
    browser.stop_tracing()
    context.close()
    return load(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the raw traces here (open in chrome://tracing)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        httpd, base = serve(site)
        build(site, base)
        keep = args.keep or Path(tmp)
        keep.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for run in range(args.runs):
                for kind in ("cold", "warm"):
                    events = trace_once(browser, base + OURS_PATH, keep / f"{kind}-{run}.json", kind == "warm")
                    results[kind].append(analyse(events))
            browser.close()
        httpd.shutdown()
    for kind, runs in results.items():
        print(f"\n{kind} (median of {len(runs)} traces, ms from navigation start)")
        for title, index in (("busy time to the first answer", 0), ("milestones", 1), ("requests start", 2)):
            keys = sorted({k for r in runs for k in r[index]}, key=lambda k: statistics.median(
                [r[index].get(k, 0) for r in runs]) if index else k)
            print(f"  {title}:")
            for k in keys:
                print(f"    {statistics.median([r[index].get(k, 0) for r in runs]):7.0f}  {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
