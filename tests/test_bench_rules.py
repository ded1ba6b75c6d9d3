"""The rule sets the scaling benchmarks generate (bench/build_scaling.py, used by
bench/rules_scaling.py) are rules files the build accepts: a bench that cannot build its
input measures nothing. They once failed because YAML 1.1 read the key `on:` as True."""

from __future__ import annotations

import sys

import yaml

from conftest import ROOT
from rulebook.loading import load

sys.path.insert(0, str(ROOT / "bench"))
from build_scaling import rules_times  # noqa: E402


def test_the_generated_rules_load_without_a_problem(tmp_path):
    data = rules_times(2)
    path = tmp_path / "rules-2.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    book = load(path, None)  # raises RulesFileError, with every problem, if the build would refuse it
    assert len(book.raw["rules"]) == 2 * len(rules_times(1)["rules"])
