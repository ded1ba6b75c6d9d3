"""The Rulebook: rules.yaml as typed, immutable, cross-checked data.

`Rulebook.from_data` takes the plain data of the file (the build side parses the YAML and
keeps line numbers; the wheel carries the same data as JSON) and returns the Rulebook or
every problem found, each named by its place in the document (`rules[3].source.quote`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
import os
from typing import Any, Iterable

from . import typed_load
from .rules_model import Rule, RulesFile, Source, Topic
from .typed_load import Path, Problem

__all__ = ["Rulebook", "RulesError", "normalise_quote", "EMBEDDED_RULES"]

EMBEDDED_RULES = "rules.json"

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
                              "“": '"', "”": '"', "„": '"', "″": '"'})


def normalise_quote(text: str) -> str:
    """Compare quotes modulo whitespace and the kind of quote marks."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


class RulesError(Exception):
    """The rules could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.where()}: {p.message}" for p in problems))


@dataclass(frozen=True)
class Rulebook:
    data: RulesFile
    raw: dict[str, Any]  # the plain data it was made from: embedded into the wheel as JSON
    rules_by_id: dict[str, Rule]
    topics_by_id: dict[str, Topic]
    sources_by_id: dict[str, Source]
    unverified_sources: tuple[str, ...]  # sources whose text was absent: quotes not checked

    @classmethod
    def from_data(cls, raw: Any, source_texts: dict[str, str | None] | None = None
                  ) -> Rulebook:
        """Build and check; raise RulesError with all problems.

        ``source_texts`` maps a source's ``text_file`` to its text (None when absent); when
        the argument is None, quotes are not checked at all (the browser, the CLI).
        """
        data, problems = typed_load.load(RulesFile, raw)
        if data is None:
            raise RulesError(problems)
        problems, unverified = _check(data, source_texts)
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
    def embedded(cls) -> Rulebook:
        """The rules shipped inside the package (the wheel, or `make` in a checkout)."""
        try:
            # A plain open, not importlib.resources (~9 ms to import in Pyodide): the wheel
            # is installed as files in both CPython and Pyodide.
            with open(os.path.join(os.path.dirname(__file__), EMBEDDED_RULES), encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            raise RulesError([Problem((), "the calculators package carries no rules.json",
                                      "run 'make build' (or 'python -m rulebook export')")])
        return cls.from_data(json.loads(text))

    def rule(self, rule_id: str) -> Rule:
        return self.rules_by_id[rule_id]

    def rules_of(self, topic_id: str) -> list[Rule]:
        return [r for r in self.data.rules if r.topic == topic_id]

    @property
    def depth(self):
        return self.data.parameters.depth

    @property
    def frequency(self):
        return self.data.parameters.frequency


def _dupes(items: Iterable[Any], path: Path, key: str = "id") -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            out.append(Problem(path + (i, key),
                               f"duplicate {key} {value!r}: {typed_load.format_path(path + (seen[value],))} "
                               f"has it too", f"rename one of them: each {key} in '{path[-1]}' "
                               "must be unique"))
        else:
            seen[value] = i
    return out


def _check(data: RulesFile, source_texts: dict[str, str | None] | None
           ) -> tuple[list[Problem], list[str]]:
    problems: list[Problem] = []
    p = data.parameters
    problems += _dupes(data.sources, ("sources",))
    problems += _dupes(data.topics, ("topics",))
    problems += _dupes(data.rules, ("rules",))
    problems += _dupes(p.depth.goals, ("parameters", "depth", "goals"))
    problems += _dupes(p.depth.areas, ("parameters", "depth", "areas"))
    problems += _dupes(data.examples, ("examples",), key="name")

    topics = {t.id for t in data.topics}
    sources = {s.id: s for s in data.sources}
    rules = {r.id for r in data.rules}

    def ref(rule_id: str, path: Path) -> None:
        if rule_id not in rules:
            problems.append(Problem(path, f"no rule has the id {rule_id!r}",
                                    "use the id of a rule in 'rules' (ids are case-sensitive)"))

    def ordered(low: float, high: float, path: Path, what: str, strict: bool = False) -> None:
        if low > high or (strict and low == high):
            problems.append(Problem(path, f"{what} is reversed: {low!r} is above {high!r}"
                                    if low > high else f"{what} is empty: {low!r} to {high!r}",
                                    "write the smaller value first: [low, high]"))

    used_topics = set()
    unverified: list[str] = []
    normalised: dict[str, str | None] = {}
    if source_texts is not None:
        for s in data.sources:
            text = source_texts.get(s.text_file) if s.text_file else None
            normalised[s.id] = normalise_quote(text) if text is not None else None
            if normalised[s.id] is None:
                unverified.append(s.id)
    for i, r in enumerate(data.rules):
        at: Path = ("rules", i)
        used_topics.add(r.topic)
        if r.topic not in topics:
            problems.append(Problem(at + ("topic",), f"unknown topic {r.topic!r}",
                                    "use one of: " + ", ".join(sorted(topics))))
        if r.source is None and not r.editorial:
            problems.append(Problem(at, "has neither 'source' nor 'editorial: true'",
                                    "add source: {id: SOURCE, quote: \"verbatim words\"}, "
                                    "or mark advice the source does not give with editorial: true"))
        if r.source is not None and r.editorial:
            problems.append(Problem(at + ("editorial",), "an editorial rule cannot cite a source",
                                    "remove 'editorial: true', or remove 'source'"))
        if r.source is not None:
            if r.source.id not in sources:
                problems.append(Problem(at + ("source", "id"), f"unknown source {r.source.id!r}",
                                        "use one of: " + ", ".join(sorted(sources))))
            elif normalised.get(r.source.id) is not None and \
                    normalise_quote(r.source.quote) not in normalised[r.source.id]:
                problems.append(Problem(
                    at + ("source", "quote"), "the quote does not occur in the source text",
                    f"copy the words exactly from {sources[r.source.id].text_file} "
                    "(whitespace and quote marks may differ, nothing else)"))
    for i, t in enumerate(data.topics):
        if t.id not in used_topics:
            problems.append(Problem(("topics", i), f"topic {t.id!r} has no rules",
                                    "add a rule with this topic, or remove the topic"))

    for i, example in enumerate(data.examples):
        for j, rule_id in enumerate(example.expect.rules):
            ref(rule_id, ("examples", i, "expect", "rules", j))

    d = p.depth
    dp: Path = ("parameters", "depth")
    for i, g in enumerate(d.goals):
        ref(g.rule, dp + ("goals", i, "rule"))
        ordered(*g.range_mm, dp + ("goals", i, "range_mm"), "the range")
        if g.range_mm[1] > d.max_useful_mm.value:
            problems.append(Problem(dp + ("goals", i, "range_mm"),
                                    f"the range ends above max_useful_mm ({d.max_useful_mm.value})",
                                    "keep recommended ranges at or below max_useful_mm"))
    for i, a in enumerate(d.areas):
        ref(a.rule, dp + ("areas", i, "rule"))
    for name in ("max_useful_mm", "danger_from_mm", "shaft_restorable_min_percent"):
        ref(getattr(d, name).rule, dp + (name, "rule"))
    ref(d.thin_skin_rule, dp + ("thin_skin_rule",))
    ref(d.shallow_rule, dp + ("shallow_rule",))
    if d.max_useful_mm.value >= d.danger_from_mm.value:
        problems.append(Problem(dp + ("danger_from_mm", "value"),
                                "danger_from_mm must be above max_useful_mm",
                                "the useful lengths end before the dangerous ones begin"))
    if d.shaft_restorable_min_percent.value > 100:
        problems.append(Problem(dp + ("shaft_restorable_min_percent", "value"),
                                "a percentage above 100", "use a value from 0 to 100"))
    for name in ("bulge_mm", "follicle_base_mm"):
        span = getattr(d.anatomy, name)
        ordered(*span.range, dp + ("anatomy", name, "range"), "the range")
        ref(span.rule, dp + ("anatomy", name, "rule"))
    if d.anatomy.bulge_mm.range[1] > d.anatomy.follicle_base_mm.range[0]:
        problems.append(Problem(dp + ("anatomy", "follicle_base_mm", "range"),
                                "the follicle's base starts above the bulge's end",
                                "the base lies deeper: it may start where the bulge ends, not before"))
    f = p.frequency
    fp: Path = ("parameters", "frequency")
    for name in ("max_sessions_per_week", "min_gap_hours", "preferred_gap_hours",
                 "long_session_minutes"):
        ref(getattr(f, name).rule, fp + (name, "rule"))
    ref(f.daily_rule, fp + ("daily_rule",))
    ordered(f.min_gap_hours.value, f.preferred_gap_hours.value, fp + ("preferred_gap_hours", "value"),
            "min_gap_hours to preferred_gap_hours")
    if f.min_gap_hours.value * f.max_sessions_per_week.value > 7 * 24:
        problems.append(Problem(fp + ("min_gap_hours", "value"),
                                "the minimum gap leaves no room for the weekly maximum",
                                "lower min_gap_hours or max_sessions_per_week"))
    for section, limits, base in ((d.fields, ("needle_mm", "shaft_percent"), dp),
                                  (f.fields, ("sessions_per_week", "minutes", "weeks", "needle_mm"), fp)):
        for name in limits:
            lim = getattr(section, name)
            ordered(lim.min, lim.max, base + ("fields", name), "the field's min..max", strict=True)
    return problems, unverified
