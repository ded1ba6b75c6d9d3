"""What the benches start from must still be there: the rule sets the scaling benchmarks
generate (bench/build_scaling.py, used by bench/rules_scaling.py) are rules files the build
accepts, and the lines bench/input_parts.py changes are still in the page glue. A bench that
cannot build its input measures nothing; the rule sets once failed because YAML 1.1 read the
key `on:` as True."""

from __future__ import annotations

import importlib.util

from conftest import ROOT
from rulebook.loading import load


def bench_module(name: str):
    # Loaded from its file: bench/ on sys.path would let bench/trace.py stand for the
    # standard library's trace module for the rest of the session.
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_rules_load_without_a_problem(tmp_path):
    scaling = bench_module("build_scaling")
    path = tmp_path / "rules-2.yaml"
    scaling.write_rules(path, scaling.rules_times(2))
    book = load(path, None)  # raises RulesFileError, with every problem, if the build would refuse it
    assert len(book.raw["rules"]) == 2 * len(scaling.rules_times(1)["rules"])


def test_the_input_parts_bench_still_finds_the_lines_it_changes():
    # bench/input_parts.py changes one line of the built glue per variant; the build copies
    # these files as they are, so the source must hold each line exactly once.
    parts = bench_module("input_parts")
    assert any(parts.VARIANTS.values()), "no variant changes anything"
    assert parts.lines_not_found(ROOT / "docs") == []
