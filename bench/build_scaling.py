"""Build time against the number of rules: it should grow linearly (DESIGN.md).

Builds the real site in-process with rules.yaml's rules copied k times (new ids, same
topics, so the pages grow, not the navigation), best of 3 per size, and prints the time per
rule and the marginal cost of each added rule between sizes. No assertion on time.

    .venv/bin/python bench/build_scaling.py [--sizes 1 4 16]
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def rules_times(k: int) -> dict:
    # Read as the build reads it, not with yaml.safe_load: YAML 1.1 would turn the key `on:`
    # (a rule's `changes`) into True, and the build would refuse the copy.
    from rulebook.yaml_source import Located, parse

    located = parse((ROOT / "rules.yaml").read_bytes())
    assert isinstance(located, Located), located
    data = located.data
    copies = []
    for n in range(1, k):
        for rule in data["rules"]:
            copies.append({**copy.deepcopy(rule), "id": f"{rule['id']}-copy{n}", "title": f"{rule['title']} ({n})"})
    data["rules"] += copies
    return data


def write_rules(path: Path, data: dict) -> None:
    """A generated rule set as a rules file (tests/test_bench_rules.py loads one)."""
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def time_build(rules: Path, site: Path) -> float:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    config.plugins["rulebook"].config.rules_file = str(rules)
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.ERROR)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in args.sizes:
            data = rules_times(k)
            rules = Path(tmp) / f"rules-{k}.yaml"
            write_rules(rules, data)
            best = min(time_build(rules, Path(tmp) / f"site-{k}") for _ in range(3))
            rows.append((len(data["rules"]), best))
    print("rules   build s   per rule    marginal per added rule (equal steps = linear)")
    previous = None
    for n, t in rows:
        marginal = f"{(t - previous[1]) / (n - previous[0]) * 1000:6.2f} ms" if previous else "     -"
        print(f"{n:5d}   {t:7.2f}   {t / n * 1000:6.2f} ms   {marginal}")
        previous = (n, t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
