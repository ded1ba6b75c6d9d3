"""What the pages say about reviews, as trusted health sites show it ("Page last reviewed:
12 March 2024 / Next review due: 12 March 2027", NHS.UK): each rule's date beside its quote,
the page's dates at its foot, the site's on the home page, and the changes page.

Every date is computed from rules.yaml alone (never from the day of the build), so the same
rules always make the same pages. Dates are written out in words for readers ("25 November
2026", the same in every locale) inside a <time datetime="2026-11-25"> for machines.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Iterable

from calculators.rules import Rulebook
from calculators.rules_model import Rule

from . import markdown_text as md
from .reviews import next_due, oldest_review

__all__ = ["long_date", "time_tag", "rule_review", "page_review", "changes_page", "CHANGES_PAGE",
           "fill_markers", "SITE_REVIEW_MARKER", "POLICY_MARKER"]

CHANGES_PAGE = "changes.md"  # in the reference folder, beside the topic pages
SITE_REVIEW_MARKER = "<!-- rulebook:site-review -->"
POLICY_MARKER = "<!-- rulebook:review-policy -->"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def time_tag(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{long_date(day)}</time>'


def rule_review(rule: Rule) -> str:
    """The line beside a rule's quote: when it was last reviewed, and by which role."""
    by = f" (reviewer: {md.attr(rule.reviewed_by)})" if rule.reviewed_by else ""
    return (f'<p class="rule-reviewed" data-rule-reviewed="{rule.reviewed.isoformat()}">'
            f"Last reviewed {time_tag(rule.reviewed)}{by}</p>")


def _dates(book: Rulebook, rules: Iterable[Rule], label: str, attribute: str, more: str = "") -> str:
    last = oldest_review(rules)
    return (f'<div class="page-review" {attribute}="{last.isoformat()}"><p>'
            f"{label} last reviewed: {time_tag(last)}<br>\n"
            f"Next review due: {time_tag(next_due(book, last))}</p>{more}</div>")


def page_review(book: Rulebook, rules: Iterable[Rule]) -> str:
    """The foot of a page of rules: its oldest review (every rule on it was reviewed since)
    and when that review stops holding."""
    return _dates(book, rules, "Page", "data-page-reviewed")


def _site_review(book: Rulebook) -> str:
    policy = book.data.review_policy
    return _dates(book, book.data.rules, "Advice", "data-site-reviewed",
                  f"\n<p>Our policy: every rule is reviewed against its source at least every "
                  f"{policy.months} months. Each rule and each page shows its own date.</p>")


def _policy(book: Rulebook) -> str:
    policy = book.data.review_policy
    roles = ", ".join(f"`{md.attr(r)}`" for r in policy.roles)
    return (f"A review holds **{policy.months} months** (`review_policy.months`). `make check` "
            f"and `mkdocs serve` list a rule from **{policy.notice_days} days** before its "
            f"review falls due (`review_policy.notice_days`), and every day after. Reviewers are "
            f"named by role, never by name: {roles} (`review_policy.roles`).")


def fill_markers(book: Rulebook, markdown: str) -> str:
    """The hand-written pages' markers: the site's review dates (home), the policy (editors)."""
    if SITE_REVIEW_MARKER in markdown:
        markdown = markdown.replace(SITE_REVIEW_MARKER, _site_review(book))
    if POLICY_MARKER in markdown:
        markdown = markdown.replace(POLICY_MARKER, _policy(book))
    return markdown


def changes_page(book: Rulebook, rule_href) -> str:
    """Which rules changed their advice at which review, newest first. ``rule_href(rule)``
    is the Markdown link to a rule from this page."""
    months = book.data.review_policy.months
    parts = ["# What changed", "",
             "When a review changes a rule's advice, the change is listed here, newest first. "
             f"Every rule is reviewed at least every {months} months; a review that finds "
             "nothing to change only renews the rule's date.", ""]
    changes = sorted(((c.on, i, j, r, c) for i, r in enumerate(book.data.rules)
                      for j, c in enumerate(r.changes)), key=lambda t: (-t[0].toordinal(), t[1], t[2]))
    if not changes:
        parts += ["No rule's advice has changed at a review yet.", ""]
    for day, group in groupby(changes, key=lambda t: t[0]):
        parts += [f"## {time_tag(day)} {{#changes-{day.isoformat()}}}", ""]
        for _, _, _, rule, change in group:
            parts.append(f"- **[{md.text(rule.title)}]({rule_href(rule)})** "
                         f"(`{md.attr(rule.id)}`): {md.text(change.what)}")
        parts.append("")
    return "\n".join(parts)
