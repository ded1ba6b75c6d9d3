"""What more rules cost the reader: the wheel's size and the depth page's first answer, cold
and warm (from the snapshot), at rules.yaml's own count, 1,000 and 5,000 rules, each size a real site build
with generated rules (rules.yaml's own, copied under new ids, as bench/build_scaling.py
does). The sites are served side by side from sub-paths of one server and visited in an
interleaved order; medians, and each size against the smallest. No assertion on time.

    .venv/bin/python bench/rules_scaling.py [--sizes N ...] [--runs 3]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
from boot import OURS_PATH, serve, visit  # noqa: E402
from build_scaling import rules_times, write_rules  # noqa: E402
from conftest import CHROMIUM_ARGS  # noqa: E402
from rulebook.offline import SNAPSHOT_STORE, snapshot_cache  # noqa: E402

SNAPSHOTS = snapshot_cache((ROOT / "docs" / SNAPSHOT_STORE).read_text("utf-8"))


def generated_rules(n: int) -> dict:
    """rules.yaml with exactly n rules (its own first, then copies under new ids)."""
    base = len(rules_times(1)["rules"])
    if n < base:  # a cut of the real rules can leave a topic without rules, which the build refuses
        raise SystemExit(f"--sizes: at least {base}, the rules in rules.yaml")
    data = rules_times(-(-n // base))
    data["rules"] = data["rules"][:n]
    return data


def build_at(n: int, folder: Path, base_url: str, tmp: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from rulebook import yaml_source

    # The build refuses rules files over 1 MB (a real one is ~30 KB); 5,000 generated rules
    # with rules.yaml's long quotes make about 2 MB.
    yaml_source.MAX_BYTES = max(yaml_source.MAX_BYTES, 100_000_000)

    rules = tmp / f"rules-{n}.yaml"
    write_rules(rules, generated_rules(n))
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(folder), site_url=base_url)
    config.plugins["rulebook"].config.rules_file = str(rules)
    build(config)
    return next((folder / "assets" / "pyodide").glob("*.whl"))


def snapshot_size(context, base: str) -> tuple[int, int]:
    """(bytes in memory, bytes stored) of the snapshot the context holds."""
    page = context.new_page()
    page.goto(base + "/")
    sizes = page.evaluate("""async (name) => {
        const cache = await caches.open(name);
        const [key] = await cache.keys();
        const response = await cache.match(key);
        return [Number(response.headers.get("x-snapshot-bytes")), (await response.blob()).size]; }""", SNAPSHOTS)
    page.close()
    return tuple(sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="rule counts (default: rules.yaml's own, 1000, 5000)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.ERROR)
    args.sizes = args.sizes or [len(rules_times(1)["rules"]), 1000, 5000]
    from playwright.sync_api import sync_playwright

    cold = {n: [] for n in args.sizes}
    warm = {n: [] for n in args.sizes}
    snapshots = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "www"
        root.mkdir()
        httpd, base = serve(root)
        wheels = {n: build_at(n, root / f"rules-{n}", f"{base}/rules-{n}/", Path(tmp)).stat().st_size
                  for n in args.sizes}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for run in range(args.runs):
                for n in (args.sizes if run % 2 == 0 else args.sizes[::-1]):
                    url = f"{base}/rules-{n}{OURS_PATH}"
                    context = browser.new_context()
                    first = visit(context, url, settle=True)
                    again = visit(context, url)
                    snapshots[n] = snapshot_size(context, f"{base}/rules-{n}")
                    context.close()
                    cold[n].append(first["ms"])
                    warm[n].append(again["ms"] if again["boot"] == "snapshot" else float("nan"))
            browser.close()
        httpd.shutdown()
    med = statistics.median
    small = args.sizes[0]
    print(f"bench/rules_scaling.py --runs {args.runs}: depth page, medians; x = against {small} rules")
    print("| rules | wheel | snapshot (memory / stored) | cold first answer | warm first answer |\n"
          "|---|---|---|---|---|")
    for n in args.sizes:
        mem, stored = snapshots[n]
        print(f"| {n:,} | {wheels[n] / 1024:,.0f} KB ({wheels[n] / wheels[small]:.1f}x) | "
              f"{mem / 2**20:.1f} MB / {stored / 2**20:.1f} MB | "
              f"{med(cold[n]):.0f} ms ({med(cold[n]) / med(cold[small]):.2f}x) | "
              f"{med(warm[n]):.0f} ms ({med(warm[n]) / med(warm[small]):.2f}x) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
