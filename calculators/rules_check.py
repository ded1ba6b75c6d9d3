"""The checks of rules.yaml that its types alone cannot express: unique ids, references
between rules, goals and parameters, ordered ranges, quotes found in the source text, and
which goals a cited rule may be shown for. Every problem is collected, none stops the rest.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from . import typed_load
from .rules_model import RulesFile
from .typed_load import Path, Problem

__all__ = ["check", "normalise_quote"]

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
                              "“": '"', "”": '"', "„": '"', "″": '"'})


def normalise_quote(text: str) -> str:
    """Compare quotes modulo whitespace and the kind of quote marks."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


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


def check(data: RulesFile, source_texts: dict[str, str | None] | None
           ) -> tuple[list[Problem], list[str]]:
    problems: list[Problem] = []
    p = data.parameters
    problems += _dupes(data.sources, ("sources",))
    problems += _dupes(data.topics, ("topics",))
    problems += _dupes(data.rules, ("rules",))
    problems += _dupes(p.depth.goals, ("parameters", "depth", "goals"))
    problems += _dupes(p.depth.areas, ("parameters", "depth", "areas"))
    examples = data.examples or ()  # None in the wheel's copy (build-only data)
    problems += _dupes(examples, ("examples",), key="name")

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

    for i, example in enumerate(examples):
        for j, rule_id in enumerate(example.expect.rules):
            ref(rule_id, ("examples", i, "expect", "rules", j))

    d = p.depth
    dp: Path = ("parameters", "depth")
    goal_ids = [g.id for g in d.goals]
    by_id = {r.id: r for r in data.rules}
    for i, r in enumerate(data.rules):
        for j, goal in enumerate(r.goals):
            if goal not in goal_ids:
                problems.append(Problem(("rules", i, "goals", j), f"no goal has the id {goal!r}",
                                        "use one of: " + ", ".join(goal_ids)))

    def for_goals(rule_id: str, goals: list[str], path: Path, shown: str) -> None:
        """The rule at `path` is shown for these goals: it must be for each of them."""
        rule = by_id.get(rule_id)
        if rule is None or not rule.goals:
            return
        other = [g for g in goals if g not in rule.goals]
        if other:
            problems.append(Problem(path, f"rule {rule_id!r} is only for goals "
                                    f"{', '.join(rule.goals)}, but is shown {shown} "
                                    f"(goal {', '.join(other)})",
                                    f"add {', '.join(other)} to the rule's goals, or cite a rule "
                                    "that applies here"))

    for i, g in enumerate(d.goals):
        at = dp + ("goals", i)
        if not g.rules:
            problems.append(Problem(at + ("rules",), "the goal cites no rule",
                                    "list the rules that justify the range, e.g. [depth.hair-target]"))
        for j, rule_id in enumerate(g.rules):
            ref(rule_id, at + ("rules", j))
            for_goals(rule_id, [g.id], at + ("rules", j), "for this goal")
        ref(g.shorter_rule, at + ("shorter_rule",))
        for_goals(g.shorter_rule, [g.id], at + ("shorter_rule",), "for this goal")
        if g.longer_rule is not None:
            ref(g.longer_rule, at + ("longer_rule",))
            for_goals(g.longer_rule, [g.id], at + ("longer_rule",), "for this goal")
        elif g.range_mm[1] < d.max_useful_mm.value:
            problems.append(Problem(at, "the range ends below max_useful_mm, but no longer_rule "
                                    "says what is wrong with a needle between them",
                                    "add longer_rule: the id of a rule for a needle longer than "
                                    "this goal needs"))
        ordered(*g.range_mm, at + ("range_mm",), "the range")
        if g.range_mm[1] > d.max_useful_mm.value:
            problems.append(Problem(at + ("range_mm",),
                                    f"the range ends above max_useful_mm ({d.max_useful_mm.value})",
                                    "keep recommended ranges at or below max_useful_mm"))
    area_goals = [g.id for g in d.goals if g.asks_area]
    for i, a in enumerate(d.areas):
        ref(a.rule, dp + ("areas", i, "rule"))
        for_goals(a.rule, area_goals, dp + ("areas", i, "rule"), "for every goal that asks the area")
    for rule_id, path in ((d.thin_skin_rule, dp + ("thin_skin_rule",)),
                          (d.shaft_restorable_min_percent.rule,
                           dp + ("shaft_restorable_min_percent", "rule"))):
        for_goals(rule_id, area_goals, path, "for every goal that asks the area")
    for name in ("max_useful_mm", "danger_from_mm"):
        for_goals(getattr(d, name).rule, goal_ids, dp + (name, "rule"), "whatever the goal")
    for name in ("max_useful_mm", "danger_from_mm", "shaft_restorable_min_percent"):
        ref(getattr(d, name).rule, dp + (name, "rule"))
    ref(d.thin_skin_rule, dp + ("thin_skin_rule",))
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
    for j, rule_id in enumerate(f.calendar_reminder):
        ref(rule_id, fp + ("calendar_reminder", j))
    # The frequency calculator asks no goal: the rules it cites must apply to every goal.
    cited = [(f.max_sessions_per_week.rule, ("max_sessions_per_week", "rule")),
             (f.min_gap_hours.rule, ("min_gap_hours", "rule")),
             (f.preferred_gap_hours.rule, ("preferred_gap_hours", "rule")),
             (f.long_session_minutes.rule, ("long_session_minutes", "rule")),
             (f.daily_rule, ("daily_rule",))]
    for rule_id, where in cited:
        for_goals(rule_id, goal_ids, fp + where, "by the frequency calculator, which asks no goal")
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
            if lim.default is not None and not lim.min <= lim.default <= lim.max:
                problems.append(Problem(base + ("fields", name, "default"),
                                        f"the default {lim.default!r} is outside the field's "
                                        f"limits {lim.min!r} to {lim.max!r}",
                                        "choose a default between min and max"))
    return problems, unverified
