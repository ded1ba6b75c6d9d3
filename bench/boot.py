"""Time to the first answer, cold and warm, of our depth page against a bare Pyodide page and
PyScript's pages (worker and main thread), all answering the same question with the same
wheel on the same runtime files, served by one static server; plus bytes and input latency.

One interleaved run: every round visits every page (in a rotating order), so machine noise
hits all alike; medians and ratios to the bare page are printed. Cold: a fresh browser
context. Warm: a return visit in the same context after a first visit that stayed open at
least SETTLE_S after its answer (ours also until its snapshot is stored), so HTTP cache,
V8's code cache and our snapshot are all as a returning reader has them. No assertion on
time (DESIGN.md: numbers go in benchmarks, not in timed tests).

    .venv/bin/python bench/boot.py [--runs 5] [--changes 200]
    .venv/bin/python bench/boot.py --runs 0     # bytes and input latency only (a minute)
    .venv/bin/python bench/boot.py --runs 14 --cold-only   # first visits only
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
from conftest import CHROMIUM_ARGS, build_site  # noqa: E402
from pages import COMPARED, QUESTION, WORKER_ISOLATED, write_pages  # noqa: E402
from sizes import brotli_note, byte_table  # noqa: E402

# Our page, asked the question the compared pages ask (pages.QUESTION), by its URL.
OURS_PATH = f"/calculators/{QUESTION['calculator']}/?{urllib.parse.urlencode(QUESTION['inputs'])}"
PATHS = {"bare": "/bare/", "pyscript-worker": "/pyscript-worker/", "pyscript-main": "/pyscript-main/",
         "ours": OURS_PATH}
PAGES = ("bare", *COMPARED[1:], "ours")
SETTLE_S = 3.0
# Functions, not expressions: Playwright polls an expression with eval, which the site's CSP forbids.
FIRST = "() => performance.getEntriesByName('calc:first-answer').length > 0"


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        if self.path.startswith(WORKER_ISOLATED):  # PyScript's worker needs isolation
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, *args):
        pass


def serve(directory: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def build(site: Path, base: str) -> None:
    result = build_site(ROOT / "mkdocs.yml", site, site_url=base + "/")
    if result.returncode:
        sys.exit(result.stderr)
    write_pages(site)


def visit(context, url: str, settle: bool = False, urls: list | None = None) -> dict:
    """One load to the first answer: {ms, boot, worker_start}; with `settle`, stay as a
    reader would (SETTLE_S, and for ours until the snapshot is stored) before leaving."""
    page = context.new_page()
    if urls is not None:
        page.on("request", lambda request: urls.append(request.url))
    page.goto(url)
    page.wait_for_function(FIRST, timeout=120_000, polling=10)
    out = page.evaluate("""() => ({
        ms: performance.getEntriesByName('calc:first-answer')[0].startTime,
        worker_start: (performance.getEntriesByName('calc:worker-start')[0] || {}).startTime,
        boot: (document.querySelector('form[data-calculator]') || {dataset: {}}).dataset.boot})""")
    if settle:
        time.sleep(SETTLE_S)
        if out["boot"] == "cold":
            page.wait_for_function("() => document.documentElement.dataset.calcSnapshot", timeout=120_000)
            out["snapshot"] = page.evaluate("document.documentElement.dataset.calcSnapshot")
    page.goto("about:blank")
    page.close()
    return out


def cold(browser, url: str) -> dict:
    """A first visit, in a fresh browser context."""
    context = browser.new_context()
    out = visit(context, url)
    context.close()
    return out


def warm(browser, url: str) -> tuple[dict, dict]:
    """(first visit, return visit) in one context: the first stays as a reader would."""
    context = browser.new_context()
    first = visit(context, url, settle=True)
    again = visit(context, url)
    context.close()
    return first, again


# When the input changes are timed, against the offline copy (offline.mjs, sw.js), which a
# first visit fills in the background once the page has settled: 13 MB fetched and hashed.
OFFLINE_WHEN = {
    "installed": "the offline copy in place first, as on any later visit (the default)",
    "installing": "from the first answer on, while the first visit fills the offline copy",
    "blocked": "no service worker at all (bench/input_parts.py: its variants' files fail sw.js's hashes)",
}


def input_latency(browser, url: str, changes: int, offline: str = "installed") -> dict[str, list[float]]:
    """In the page, per change: input event -> answer marked ("answer"), -> answer laid out
    ("laid"); and, interleaved, a round trip to a worker that only echoes ("echo"): the floor
    of any worker-based answer on this machine at this moment. `offline`: OFFLINE_WHEN."""
    context = browser.new_context(service_workers="block" if offline == "blocked" else "allow")
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(FIRST, timeout=120_000)
    if offline == "installed":
        page.evaluate("""() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((_, reject) =>
            setTimeout(() => reject(new Error('no offline copy within 120 s')), 120000))])""")
    times = page.evaluate("""async ({ changes, question }) => {
        const input = document.querySelector('input[name="needle-mm"]');
        const output = document.querySelector('[data-calc-result]');
        const answers = () => performance.getEntriesByName('calc:answer').length;
        const echo = new Worker(new URL('/bench-echo.mjs', location.href));
        const echoed = (message) => new Promise((resolve, reject) => {
          echo.onmessage = () => resolve(performance.now());
          echo.onerror = () => reject(new Error('bench-echo.mjs did not run'));
          echo.postMessage(message);
        });
        await echoed(null); // started
        const out = { answer: [], laid: [], echo: [] };
        for (let i = 0; i < changes; i++) {
          const value = (0.5 + (i % 20) * 0.1).toFixed(1);
          // The same request as ours, and the drawing on screen to stand for the answer's size.
          const request = { id: i, calculator: question.calculator, inputs: { ...question.inputs, 'needle-mm': value },
                            drawing: output.querySelector('svg')?.outerHTML ?? '' };
          const e0 = performance.now();
          out.echo.push(await echoed(request) - e0);
          await new Promise((r) => setTimeout(r, 10));
          const before = answers();
          let t0 = 0;
          // No polling (it would compete with the page): the answer's DOM change wakes us,
          // in the same task as the glue's code, right after it.
          const t1 = await new Promise((resolve) => {
            const seen = new MutationObserver(() => {
              if (answers() === before) return;
              seen.disconnect();
              resolve(performance.now());
            });
            seen.observe(output, { childList: true, subtree: true, attributes: true });
            t0 = performance.now();
            input.value = value;
            input.dispatchEvent(new Event('input', {bubbles: true}));
          });
          document.body.getBoundingClientRect(); // style and layout of the new answer, now
          out.answer.push(t1 - t0);
          out.laid.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, 10)); // with the 10 above: a change every 20 ms, as before the echo
        }
        echo.terminate();
        return out; }""", {"changes": changes, "question": QUESTION})
    context.close()
    return times


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def report(args, cold, warm, extra, latency, sizes) -> None:
    med = statistics.median
    flags = f"--runs {args.runs}{' --cold-only' if args.cold_only else ''}"
    print(f"bench/boot.py {flags}  {datetime.date.today()}  {platform.node()}  "
          f"{os.cpu_count()} cores  Chromium headless, http.server on 127.0.0.1")
    if args.runs:
        def ratio(xs, base):  # "–" for a kind not measured (--cold-only)
            return f"{med(xs) / med(base):.2f}x ({med(xs):.0f} ms)" if xs else "–"

        print(f"\n| page ({args.runs} rounds, interleaved, medians) | cold | warm |\n|---|---|---|")
        for name in PAGES:
            print(f"| {name} | {ratio(cold[name], cold['bare'])} | {ratio(warm[name], warm['bare'])} |")
        print("\nevery sample, ms (cold | warm), in the order measured:")
        for name in PAGES:
            print(f"  {name:16s} {' '.join(f'{x:.0f}' for x in cold[name])} | {' '.join(f'{x:.0f}' for x in warm[name])}")
        # Round by round (each round visits every page once): how often ours came first, a
        # measure that a few slow samples of either page cannot move as they move a median.
        for kind, times in (("cold", cold), ("warm", warm)):
            for name in (n for n in PAGES if n != "ours"):
                pairs = list(zip(times["ours"], times[name]))
                if pairs:
                    print(f"ours against {name}, {kind}: faster in {sum(a < b for a, b in pairs)} of "
                          f"{len(pairs)} rounds, per-round ratio median {med(a / b for a, b in pairs):.3f}")
        warm_boots = f"warm boots {extra['warm_boots']}; snapshots {extra['snapshots']}; " if warm["ours"] else ""
        print(f"\nours: {warm_boots}worker created at median {med(extra['worker_start']):.0f} ms after "
              f"navigation start")
    p95 = functools.partial(percentile, p=95)
    answer, laid, echo = latency["answer"], latency["laid"], latency["echo"]
    print(f"input change -> answer ({len(answer)} changes, in the page, {OFFLINE_WHEN[args.offline]}): to answer p50 {med(answer):.1f} ms, "
          f"p95 {p95(answer):.1f} ms; to layout p50 {med(laid):.1f} ms, p95 {p95(laid):.1f} ms, "
          f"max {max(laid):.1f} ms")
    print(f"  the floor, a round trip to a worker that only echoes (interleaved, same page): p50 "
          f"{med(echo):.1f} ms, p95 {p95(echo):.1f} ms; ours to the answer is {med(answer) / med(echo):.1f}x "
          f"the floor at p50, {p95(answer) / p95(echo):.1f}x at p95")
    print(f"\nbytes of one cold load, by group: raw / gzip -6 / brotli -q 11 {brotli_note()}")
    print("| page | group | files | raw | gzip | brotli |\n|---|---|---|---|---|---|")
    for name in PAGES:
        for group, row in sizes[name].items():
            print(f"| {name} | {group} | {row['files']} | {row['raw']:,} | {row['gzip']:,} | {row['brotli']:,} |")
        total = {k: sum(r[k] for r in sizes[name].values()) for k in ("raw", "gzip", "brotli")}
        print(f"| {name} | **total** | | {total['raw']:,} | {total['gzip']:,} | {total['brotli']:,} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="rounds over all pages (default 5); 0: bytes and input latency only")
    parser.add_argument("--changes", type=int, default=200, help="input changes timed on our page")
    parser.add_argument("--offline", choices=OFFLINE_WHEN, default="installed",
                        help="when the input changes are timed: " +
                        "; ".join(f"{k}: {v}" for k, v in OFFLINE_WHEN.items()))
    parser.add_argument("--cold-only", action="store_true",
                        help="first visits only: more rounds in the same time, for the cold ratios")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    cold_ms = {n: [] for n in PAGES}
    warm_ms = {n: [] for n in PAGES}
    extra = {"warm_boots": [], "snapshots": [], "worker_start": []}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        httpd, base = serve(site)
        build(site, base)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            context = browser.new_context()
            visit(context, base + PATHS["bare"])  # the OS file cache, once
            context.close()
            for round_ in range(args.runs):
                order = PAGES[round_ % len(PAGES):] + PAGES[:round_ % len(PAGES)]
                for name in order:
                    url = base + PATHS[name]
                    first_visit = cold(browser, url)
                    cold_ms[name].append(first_visit["ms"])
                    if args.cold_only:
                        if name == "ours":
                            extra["worker_start"].append(first_visit["worker_start"])
                        continue
                    first, again = warm(browser, url)
                    warm_ms[name].append(again["ms"])
                    if name == "ours":
                        extra["snapshots"].append(first.get("snapshot"))
                        extra["warm_boots"].append(again["boot"])
                        extra["worker_start"].append(first["worker_start"])
                print(f"round {round_ + 1}/{args.runs} done", file=sys.stderr, flush=True)
            sizes = {}
            for name in PAGES:
                urls = []
                context = browser.new_context()
                visit(context, base + PATHS[name], urls=urls)
                context.close()
                sizes[name] = byte_table(site, [u for u in urls if u.startswith(base)])
            latency = input_latency(browser, base + OURS_PATH, args.changes, args.offline)
            browser.close()
        httpd.shutdown()
    report(args, cold_ms, warm_ms, extra, latency, sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
