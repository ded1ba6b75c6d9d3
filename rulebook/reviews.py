"""Review dates: when each rule's review falls due, which are due today, and what a review
date must not be.

"Today" is the one input here that is not in rules.yaml. It is the machine's date unless
``RULEBOOK_TODAY`` (or `python -m rulebook check --today`) names a day: the tests set it so
that no result depends on the day they run, and an editor can ask "what is due on 1 March?".
The pages never depend on it: they show dates computed from the rules alone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Iterable

from calculators.rules import Rulebook
from calculators.rules_model import Rule
from calculators.typed_load import Problem

__all__ = ["TODAY_ENV", "TodayError", "today", "add_months", "next_due", "oldest_review", "Due", "due",
           "problems"]

TODAY_ENV = "RULEBOOK_TODAY"


class TodayError(ValueError):
    """The day given as today is not a day."""

    def __init__(self, message: str, fix: str):
        self.message, self.fix = message, fix
        super().__init__(f"{message} — {fix}")


def today(value: str | None = None) -> dt.date:
    """The day the build and the check run as: ``value`` if given, else $RULEBOOK_TODAY, else
    the machine's date. TodayError for a value that is not a day."""
    source = "--today" if value else TODAY_ENV
    value = value or os.environ.get(TODAY_ENV) or None
    if value is None:
        return dt.date.today()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TodayError(f"{source}={value!r} is not a day",
                         "write it as YYYY-MM-DD, or leave it unset to use the machine's date"
                         ) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month, ``months`` later; the month's last day where it is shorter
    (a review on 29 February is due on 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def next_due(book: Rulebook, reviewed: dt.date) -> dt.date:
    """When a review made on ``reviewed`` stops holding, under the file's policy."""
    return add_months(reviewed, book.data.review_policy.months)


def oldest_review(rules: Iterable[Rule]) -> dt.date:
    """What a page of these rules says as "Last reviewed": every one was reviewed since."""
    return min(r.reviewed for r in rules)


@dataclass(frozen=True)
class Due:
    """A rule whose review is due soon (within the policy's notice) or overdue."""

    index: int  # in rules: where the rule is in the file
    rule: Rule
    due_on: dt.date
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    def message(self) -> str:
        days = (self.due_on - self.today).days
        when = ("today" if days == 0 else f"in {days} day{'s' * (days != 1)}" if days > 0
                else f"{-days} day{'s' * (days != -1)} ago")
        state = "overdue" if self.overdue else "due"
        return (f"review {state}: rule {self.rule.id!r} was last reviewed on "
                f"{self.rule.reviewed.isoformat()}; its next review is due on "
                f"{self.due_on.isoformat()} ({when})")

    def fix(self) -> str:
        return (f"review it (steps: docs/about/editing.md, 'Reviewing a rule'), then write "
                f"reviewed: {self.today.isoformat()}")


def due(book: Rulebook, on: dt.date) -> list[Due]:
    """The rules whose review falls due within the policy's notice of ``on``, or before it:
    the most overdue first."""
    notice = dt.timedelta(days=book.data.review_policy.notice_days)
    out = [Due(i, r, next_due(book, r.reviewed), on) for i, r in enumerate(book.data.rules)]
    return sorted((d for d in out if d.due_on - notice <= on), key=lambda d: (d.due_on, d.index))


def problems(book: Rulebook, on: dt.date) -> list[Problem]:
    """What the review data must not be: a review after ``on`` (the day does not exist yet),
    a change made after the rule's last review (a change is made at a review), a reviewer
    who is not one of the policy's roles."""
    out = []
    roles = book.data.review_policy.roles
    for i, r in enumerate(book.data.rules):
        at = ("rules", i)
        if r.reviewed > on:
            out.append(Problem(at + ("reviewed",), f"{r.reviewed.isoformat()} is after today "
                               f"({on.isoformat()}): a review cannot be dated in the future",
                               f"write the day the review was done, {on.isoformat()} or earlier"))
        for j, change in enumerate(r.changes):
            if change.on > r.reviewed:
                out.append(Problem(at + ("changes", j, "on"),
                                   f"a change on {change.on.isoformat()}, after the rule's last "
                                   f"review ({r.reviewed.isoformat()})",
                                   "a change is made at a review: set the rule's reviewed: to "
                                   f"{change.on.isoformat()} or later, or correct this date"))
        if r.reviewed_by is not None and r.reviewed_by not in roles:
            out.append(Problem(at + ("reviewed_by",),
                               f"{r.reviewed_by!r} is not one of review_policy.roles",
                               "name the reviewer's role, not the person: one of: "
                               + (", ".join(roles) if roles else "the roles you add to "
                                  "review_policy.roles")))
    return out
