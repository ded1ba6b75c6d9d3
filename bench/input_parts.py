"""Where an input change's time goes: the input-latency loop of bench/boot.py on copies of one
built site, each with a part of the answer taken away, so the parts' shares can be read off.

    .venv/bin/python bench/input_parts.py [--blocks 4] [--changes 100] [--only built,bare]

The site is built once and served at one path per variant; each variant is a copy whose page
glue or worker has one line changed (VARIANTS: the line and what it becomes). Blocks of
`--changes` input changes alternate between the variants (order reversed every other block),
so the machine's noise hits all alike; p50 and p95 per variant are printed, with the echo
floor measured in the same pages (its message carries the drawing on screen, if any).
Service workers are blocked in every variant. Nothing is asserted on time (DESIGN.md).

The variants are measuring instruments, never the site: a drawing left out or an answer
replayed is not an answer a reader could get.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RENDER = "assets/js/calculators-render.mjs"
WORKER = "assets/js/calculator-worker.mjs"
_PARSED = 'if (doc.documentElement.nodeName === "svg") children.push('
_HANDLE = 'const text = handle(String(calculator), JSON.stringify(inputs ?? {}), format === "ics" ? "ics" : "json");'

# name -> [(built file, text in it, what it becomes)]; the texts are the source's own lines
# (tests/test_bench_rules.py checks that they are still there).
VARIANTS: dict[str, list[tuple[str, str, str]]] = {
    "built": [],
    # the drawing parsed and adopted as now, then dropped instead of put in the page
    "parsed-only": [(RENDER, _PARSED, 'if (doc.documentElement.nodeName === "svg") self.__dropped = (')],
    # the drawing not parsed or shown (Python still draws it, and it still crosses to the page)
    "drawing-not-shown": [(RENDER, "if (drawing) {", "if (false) {")],
    # and no Python: the worker answers every request with its first answer's text
    "not-shown-no-python": [(RENDER, "if (drawing) {", "if (false) {"),
                             (WORKER, _HANDLE, _HANDLE.replace("const text = handle(", "const text = self.__first ??= handle("))],
}


def lines_not_found(assets_root: Path) -> list[str]:
    """The VARIANTS' lines that a site (or docs/) under `assets_root` does not hold exactly once."""
    return [f"{path}: {old!r}" for edits in VARIANTS.values() for path, old, _ in edits
            if (assets_root / path).read_text("utf-8").count(old) != 1]


def make_variant(site: Path, target: Path, name: str) -> None:
    shutil.copytree(site, target)
    for path, old, new in VARIANTS[name]:
        file = target / path
        file.write_text(file.read_text("utf-8").replace(old, new), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=4, help="blocks per variant (default 4)")
    parser.add_argument("--changes", type=int, default=100, help="input changes per block (default 100)")
    parser.add_argument("--only", default=",".join(VARIANTS), help="variants, comma-separated")
    args = parser.parse_args()
    names = args.only.split(",")
    if unknown := [n for n in names if n not in VARIANTS]:
        sys.exit(f"unknown variant(s) {', '.join(unknown)}; there are {', '.join(VARIANTS)}")
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
    from boot import OURS_PATH, build, input_latency, percentile, serve
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    times = {n: {"answer": [], "laid": [], "echo": []} for n in names}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        httpd, base = serve(root)
        built = root / "_built"
        build(built, base + "/_built")
        if missing := lines_not_found(built):
            sys.exit("the built glue no longer holds, once each: " + "; ".join(missing) +
                     "\nupdate bench/input_parts.py's VARIANTS")
        shutil.copy(built / "bench-echo.mjs", root / "bench-echo.mjs")  # boot.py asks for it at /
        for name in names:
            make_variant(built, root / name, name)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for block in range(args.blocks):
                for name in names if block % 2 == 0 else names[::-1]:
                    # No service worker: a variant's changed file fails sw.js's hash, so only
                    # the unchanged copy would fill its offline copy during the loop.
                    url = f"{base}/{name}{OURS_PATH}"
                    for key, values in input_latency(browser, url, args.changes, offline="blocked").items():
                        times[name][key] += values
                print(f"block {block + 1}/{args.blocks} done", file=sys.stderr, flush=True)
            browser.close()
        httpd.shutdown()
    print(f"bench/input_parts.py --blocks {args.blocks} --changes {args.changes}: ms, p50 / p95 "
          f"(to the answer in the DOM; to its layout; a round trip to an echoing worker)")
    print("| variant | to answer | to layout | echo floor |\n|---|---|---|---|")
    for name in names:
        cells = [f"{statistics.median(v):.1f} / {percentile(v, 95):.1f}" for v in times[name].values()]
        print(f"| {name} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
