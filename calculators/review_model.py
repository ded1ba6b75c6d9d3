"""The review part of the rules model: the review policy and a rule's history of changes.

Review dates and the history of changes are for the pages and the editors' checks; the
calculators never read them, so the wheel's copy of the rules leaves them out (the fields
say ``build_only``): a review that changes nothing but a date leaves the wheel, and every
cache keyed by it, as it was. What a review date must not be (after today, before one of the
rule's changes) needs a clock and is checked by the build (`rulebook.reviews`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .typed_load import field

__all__ = ["BUILD_ONLY", "ReviewPolicy", "Change"]

BUILD_ONLY = dict(build_only=True)


@dataclass(frozen=True)
class ReviewPolicy:
    """How long a review of a rule holds, when the editors hear that one is due, and who reviews."""

    months: int = field(doc="A rule's review holds this many months; then its next review is "
                            "due (the pages show that date as \"Next review due\").",
                        min=1, max=60, example="12")
    notice_days: int = field(doc="`make check` and `mkdocs serve` list a rule this many days "
                                 "before its review falls due, and every day after.",
                             min=0, max=365, example="30")
    roles: list[str] = field(doc="Who may review, as roles (never a person's name); a rule's "
                                 "reviewed_by is one of them.", example="[site editor]")


@dataclass(frozen=True)
class Change:
    """A change to a rule's advice made at a review; the changes page lists it."""

    on: date = field(doc="The day of the review that made the change, YYYY-MM-DD.",
                     example="2026-11-25")
    what: str = field(doc="What changed, in a sentence a returning reader understands.")
