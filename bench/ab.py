"""A/B of two checkouts: time to the first answer of our depth page, cold and warm, for a
change whose effect is smaller than the noise between two runs of bench/boot.py.

Each checkout is built by its own interpreter (`<checkout>/.venv`, run from the checkout, so
that its own `rulebook/` builds it) and served by its own server; the rounds interleave A, B
and the bare page (bench/pages.py), in a rotating order, so machine noise hits all three
alike. Medians, ratios to the bare page and every sample are printed; nothing is asserted.
Cold: a fresh browser context. Warm: a return visit after a first one that stayed until its
snapshot was stored (bench/boot.py's `visit`).

    .venv/bin/python bench/ab.py ../old-checkout . [--runs 10] [--cold-only | --warm-only]

A checkout is a directory with `mkdocs.yml` and a `.venv` made by `make setup` there (a git
worktree of an older commit will do: `git worktree add ../old <rev> && make -C ../old setup`).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
from boot import OURS_PATH, cold, serve, visit, warm  # noqa: E402
from conftest import CHROMIUM_ARGS, build_site  # noqa: E402
from pages import write_pages  # noqa: E402


def build(checkout: Path, site: Path, base: str) -> None:
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        sys.exit(f"{checkout}: no .venv; run `make setup` there first")
    result = build_site(checkout / "mkdocs.yml", site, site_url=base + "/", python=python)
    if result.returncode:
        sys.exit(f"{checkout}: the build failed:\n{result.stderr}")
    write_pages(site)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path, help="checkout A (the baseline)")
    parser.add_argument("b", type=Path, help="checkout B (the change)")
    parser.add_argument("--runs", type=int, default=10, help="rounds over bare, A and B (default 10)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--cold-only", action="store_true", help="first visits only")
    which.add_argument("--warm-only", action="store_true", help="return visits only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    kinds = ["cold"] if args.cold_only else ["warm"] if args.warm_only else ["cold", "warm"]
    times = {kind: {"bare": [], "A": [], "B": []} for kind in kinds}
    boots = {"A": [], "B": []}
    with tempfile.TemporaryDirectory() as tmp:
        urls = {}
        for name, checkout in (("A", args.a), ("B", args.b)):
            site = Path(tmp) / name
            _, base = serve(site)
            build(checkout.resolve(), site, base)
            urls[name] = base + OURS_PATH
            if name == "A":
                urls["bare"] = base + "/bare/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            context = browser.new_context()
            for url in urls.values():  # the OS file cache, once
                visit(context, url)
            context.close()
            names = ["bare", "A", "B"]
            for round_ in range(args.runs):
                for name in names[round_ % 3:] + names[:round_ % 3]:
                    if "cold" in kinds:
                        times["cold"][name].append(cold(browser, urls[name])["ms"])
                    if "warm" in kinds:
                        _, again = warm(browser, urls[name])
                        times["warm"][name].append(again["ms"])
                        if name in boots:
                            boots[name].append(again["boot"])
                print(f"round {round_ + 1}/{args.runs} done", file=sys.stderr, flush=True)
            browser.close()
    print(f"bench/ab.py --runs {args.runs}: A = {args.a}, B = {args.b}")
    for kind in kinds:
        bare = statistics.median(times[kind]["bare"])
        print(f"\n{kind} (medians; ratio to the bare page)")
        for name, samples in times[kind].items():
            med = statistics.median(samples)
            print(f"  {name:5s} {med:7.0f} ms  {med / bare:.3f}x   " + " ".join(f"{s:.0f}" for s in samples))
    if "warm" in kinds:
        print(f"\nwarm boots: A {boots['A']}; B {boots['B']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
