"""The Rulebook: rules.yaml as typed, immutable, cross-checked data.

`Rulebook.from_data` takes the plain data of the file (the build side parses the YAML and
keeps line numbers; the wheel carries the same data as JSON) and returns the Rulebook or
every problem found, each named by its place in the document (`rules[3].source.quote`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from . import typed_load
from .rules_model import Rule, RulesFile, Source, Topic
from .typed_load import Problem

__all__ = ["Rulebook", "RulesError", "EMBEDDED_RULES"]

EMBEDDED_RULES = "rules.json"

class RulesError(Exception):
    """The rules could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        # Each problem with its fix: whoever prints this error tells the reader what to do.
        super().__init__("\n".join(f"{p.where()}: {p.message} — {p.fix}" for p in problems))


@dataclass(frozen=True)
class Rulebook:
    data: RulesFile
    raw: dict[str, Any]  # the plain data it was made from (the wheel embeds it as JSON, less
    # the build-only review data: there, `reviewed` is None and `review_policy` too)
    rules_by_id: dict[str, Rule]
    topics_by_id: dict[str, Topic]
    sources_by_id: dict[str, Source]
    unverified_sources: tuple[str, ...]  # sources whose text was absent: quotes not checked

    @classmethod
    def from_data(cls, raw: Any, source_texts: dict[str, str | None] | None = None, *,
                  build_only_left_out: bool = False, checked: bool = False) -> Rulebook:
        """Build and check; raise RulesError with all problems.

        ``source_texts`` maps a source's ``text_file`` to its text (None when absent); when
        the argument is None, quotes are not checked at all (the browser, the CLI).
        ``build_only_left_out``: ``raw`` is the wheel's copy, without the review data.
        ``checked``: these very data passed `rules_check.check` already (the wheel's rules:
        `rulebook.bundle.make_wheel` writes no others); only their types are loaded again.
        """
        data, problems = typed_load.load(RulesFile, raw, build_only_left_out=build_only_left_out)
        if data is None:
            raise RulesError(problems)
        unverified: list[str] = []
        if not checked:
            from .rules_check import check  # not in the browser's wheel (see `checked`)

            problems, unverified = check(data, source_texts)
            if problems:
                raise RulesError(problems)
        return cls(
            data=data, raw=raw,
            rules_by_id={r.id: r for r in data.rules},
            topics_by_id={t.id: t for t in data.topics},
            sources_by_id={s.id: s for s in data.sources},
            unverified_sources=tuple(unverified),
        )

    @classmethod
    def embedded(cls, checked: bool = False) -> Rulebook:
        """The rules shipped inside the package: the wheel's rules.json (the browser). A
        checkout has none until something exports it; its CLI reads rules.yaml instead
        (cli.load_rules). ``checked``: see `from_data`; only the browser's wheel says so."""
        try:
            # A plain open, not importlib.resources (~9 ms to import in Pyodide): the wheel
            # is installed as files in both CPython and Pyodide.
            with open(os.path.join(os.path.dirname(__file__), EMBEDDED_RULES), encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            raise RulesError([Problem(
                (), "the calculators package carries no rules.json",
                "run the CLI from a checkout, where it reads rules.yaml, or write the package's "
                "copy with 'python -m rulebook export'")])
        return cls.from_data(json.loads(text), build_only_left_out=True, checked=checked)

    def rule(self, rule_id: str) -> Rule:
        return self.rules_by_id[rule_id]

    def applies(self, rule_id: str, goal: str | None) -> bool:
        """Whether a rule may be shown for this depth goal (None: a calculator with no goal)."""
        goals = self.rules_by_id[rule_id].goals
        return not goals or goal in goals

    def rules_of(self, topic_id: str) -> list[Rule]:
        return [r for r in self.data.rules if r.topic == topic_id]

    @property
    def depth(self):
        return self.data.parameters.depth

    @property
    def frequency(self):
        return self.data.parameters.frequency
