"""The needle-depth calculator: which needle length, and is the reader's roller right.

Every number and sentence comes from the Rulebook: ranges and limits from
`parameters.depth`, message texts from the rules they cite.
"""

from __future__ import annotations

from typing import Any

from .diagram import depth_cross_section
from .fields import FieldSpec
from .result import Messages, worst
from .rules import Rulebook

__all__ = ["fields", "calculate"]


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


def calculate(book: Rulebook, values: dict[str, Any]) -> dict[str, Any]:
    """Values must come from `fields.parse` (validated, hidden fields dropped)."""
    d = book.depth
    goal = next(g for g in d.goals if g.id == values["goal"])
    low, high = goal.range_mm
    messages = Messages(book)
    verdicts = ["ok"]
    messages.add(goal.rule)

    area_id = values.get("area")
    if area_id is not None:
        area = next(a for a in d.areas if a.id == area_id)
        messages.add(area.rule)
        verdicts.append(area.verdict)
        if area.verdict != "not-recommended":
            messages.add(d.thin_skin_rule)  # balding skin is thinner than healthy skin

    shaft = values.get("shaft-percent")
    if shaft is not None and shaft < d.shaft_restorable_min_percent.value:
        messages.add(d.shaft_restorable_min_percent.rule)
        verdicts.append("caution")

    needle = values.get("needle-mm")
    if needle is not None:
        if needle >= d.danger_from_mm.value:
            messages.add(d.danger_from_mm.rule)
            verdicts.append("not-recommended")
        elif needle > high:
            if needle > d.max_useful_mm.value:
                messages.add(d.max_useful_mm.rule)
            verdicts.append("caution")  # deeper than this goal needs: its rule says so
        elif needle < low:
            messages.add(d.shallow_rule)
            verdicts.append("caution")

    return {
        "calculator": "depth",
        "inputs": values,
        "recommended_mm": [low, high],
        "verdict": worst(verdicts),
        "messages": messages.items,
        "diagram_svg": depth_cross_section(book, needle, [low, high]),
    }
