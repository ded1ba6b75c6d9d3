"""Pieces every calculator result is made of: verdicts and rule-cited messages."""

from __future__ import annotations

from typing import Any

from .rules_model import VERDICTS
from .rules import Rulebook

__all__ = ["Messages", "worst"]


def worst(verdicts: list[str]) -> str:
    """The most serious verdict: ok < caution < not-recommended."""
    return max(verdicts, key=VERDICTS.index)


class Messages:
    """Messages `{rule, level, text, title, topic}`; the text is the rule's own advice."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.items: list[dict[str, Any]] = []

    def add(self, rule_id: str) -> None:
        if any(m["rule"] == rule_id for m in self.items):
            return  # one rule, one message, however many reasons point to it
        rule = self.book.rule(rule_id)
        self.items.append({"rule": rule.id, "level": rule.level, "text": rule.advice,
                           "title": rule.title, "topic": rule.topic})
