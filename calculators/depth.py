"""The needle-depth calculator: which needle length, and is the reader's roller right.

Every number and sentence comes from the Rulebook: ranges and limits from
`parameters.depth`, message texts from the rules they cite.
"""

from __future__ import annotations

from typing import Any

from .diagram import depth_cross_section
from .fields import FieldSpec
from .result import Messages
from .rules import Rulebook

__all__ = ["fields", "calculate", "needle_status", "needle_rule"]


def fields(book: Rulebook) -> list[FieldSpec]:
    d = book.depth
    # The area and the hair left matter only for goals that say so in rules.yaml (hair).
    area_goals = {"goal": tuple(g.id for g in d.goals if g.asks_area)}
    return [
        FieldSpec("goal", "Goal", "choice", required=True,
                  hint="What you want the roller for.",
                  options=tuple((g.id, g.label) for g in d.goals)),
        FieldSpec("area", "Area", "choice",
                  hint="The state of the area you want to roll.",
                  options=tuple((a.id, a.label) for a in d.areas),
                  only_when=area_goals),
        FieldSpec("shaft-percent", "Hair thickness left", "number", unit="%",
                  hint="Optional: how thick the hairs are now, as a percentage of what they were.",
                  minimum=d.fields.shaft_percent.min, maximum=d.fields.shaft_percent.max,
                  step=d.fields.shaft_percent.step, only_when=area_goals),
        FieldSpec("needle-mm", "Your needle length", "number", unit="mm",
                  hint="Optional: the needle length of the roller you have or consider.",
                  minimum=d.fields.needle_mm.min, maximum=d.fields.needle_mm.max,
                  step=d.fields.needle_mm.step),
    ]


def needle_status(book: Rulebook, needle_mm: float, range_mm=None) -> str:
    """Where a needle of this length stands, decided here once (the drawing receives it):

    danger       from danger_from_mm on: it reaches the follicle
    past-useful  longer than max_useful_mm
    deeper       longer than the goal's range, not past max_useful_mm
    short        shorter than the goal's range
    in-target    within the goal's range
    useful       no goal's range given (the reference page's drawing), within max_useful_mm
    """
    d = book.depth
    if needle_mm >= d.danger_from_mm.value:
        return "danger"
    if needle_mm > d.max_useful_mm.value:
        return "past-useful"
    if range_mm is None:
        return "useful"
    low, high = range_mm
    if needle_mm < low:
        return "short"
    if needle_mm > high:
        return "deeper"
    return "in-target"


def needle_rule(book: Rulebook, goal, status: str) -> str | None:
    """The rule that says what a needle of this status means for this goal (None: in range)."""
    d = book.depth
    if status in ("danger", "past-useful"):
        return d.danger_from_mm.rule if status == "danger" else d.max_useful_mm.rule
    if goal is None:  # "useful": no goal's range to compare with
        return None
    return {"deeper": goal.longer_rule, "short": goal.shorter_rule}.get(status)


def calculate(book: Rulebook, values: dict[str, Any]) -> dict[str, Any]:
    """Values must come from `fields.parse` (validated, hidden fields dropped)."""
    d = book.depth
    goal = next(g for g in d.goals if g.id == values["goal"])
    low, high = goal.range_mm
    messages = Messages(book, goal.id)
    for rule_id in goal.rules:
        messages.add(rule_id)

    area_id = values.get("area")
    if area_id is not None:
        area = next(a for a in d.areas if a.id == area_id)
        messages.add(area.rule)
        if area.thin_skin:
            messages.add(d.thin_skin_rule)  # balding skin is thinner than healthy skin

    shaft = values.get("shaft-percent")
    if shaft is not None and shaft < d.shaft_restorable_min_percent.value:
        messages.add(d.shaft_restorable_min_percent.rule)

    needle = values.get("needle-mm")
    status = needle_status(book, needle, (low, high)) if needle is not None else None
    rule_id = needle_rule(book, goal, status) if status is not None else None
    if rule_id is not None:
        messages.add(rule_id)

    return {
        "calculator": "depth",
        "inputs": values,
        "recommended_mm": [low, high],
        "needle_status": status,
        "verdict": messages.verdict(),
        "messages": messages.items,
        "diagram_svg": depth_cross_section(book, needle, [low, high], status, rule_id),
    }
