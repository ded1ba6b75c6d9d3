"""What every calculator answer is made of: rule-cited messages, and the verdict they imply.

A message is `{rule, level, text, title, topic, note}`. Most carry a rule's own advice at
the rule's level (`note` is None). A note says what the calculator did with the inputs and
why (a plan kept to the weekly limit, a plan shorter than asked): it cites the rule of the
limit it kept to, at level info, with `note` naming which note it is (rules_model.NOTES).

The verdict is derived from the messages, never set beside them: `verdict()` is the verdict
of the most serious level among them, so an answer above ok always shows the message that
makes it so, and a danger always makes it not-recommended.
"""

from __future__ import annotations

from typing import Any

from .rules import Rulebook
from .rules_model import LEVELS, NOTES, VERDICT_OF_LEVEL

__all__ = ["Messages", "verdict_of"]


def verdict_of(messages: list[dict[str, Any]]) -> str:
    """ok, caution or not-recommended: the verdict of the most serious message level."""
    worst = max((LEVELS.index(m["level"]) for m in messages), default=0)
    return VERDICT_OF_LEVEL[LEVELS[worst]]


class Messages:
    """The messages of one answer, for one goal (None for a calculator that asks none)."""

    def __init__(self, book: Rulebook, goal: str | None = None):
        self.book = book
        self.goal = goal
        self.items: list[dict[str, Any]] = []

    def _cite(self, rule_id: str) -> dict[str, Any]:
        if not self.book.applies(rule_id, self.goal):
            # rules_check refuses a rules file that would lead here: a bug, not input.
            raise ValueError(f"rule {rule_id!r} is not for the goal {self.goal!r}")
        rule = self.book.rule(rule_id)
        return {"rule": rule.id, "level": rule.level, "text": rule.advice,
                "title": rule.title, "topic": rule.topic, "note": None}

    def add(self, rule_id: str) -> None:
        """The rule's advice; one message per rule, however many reasons point to it."""
        if any(m["rule"] == rule_id and m["note"] is None for m in self.items):
            return
        self.items.append(self._cite(rule_id))

    def note(self, note: str, rule_id: str, text: str) -> None:
        """What the calculator did and why, citing the rule of the limit it kept to."""
        if note not in NOTES:
            raise ValueError(f"unknown note {note!r}")
        self.items.append({**self._cite(rule_id), "level": "info", "text": text, "note": note})

    def verdict(self) -> str:
        return verdict_of(self.items)
