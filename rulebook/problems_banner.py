"""What an editor sees in the browser while rules.yaml (or calculators/) is broken under
`mkdocs serve`: a banner at the top of every page, one line per problem, until it is fixed.

The site keeps showing the last good rules below it, so the banner says so. It is plain
HTML made at build time (no script); every text in it is escaped, as it comes from the file
being edited. Styles: `.rulebook-problems` in docs/assets/css/site.css.
"""

from __future__ import annotations

import html
from typing import Protocol, Sequence

__all__ = ["Problem", "render", "render_reviews"]


class Problem(Protocol):  # rulebook.loading.Diagnostic has this shape
    file: str
    line: int
    column: int
    message: str
    fix: str
    where: str


def _item(p: Problem) -> str:
    where = f"{html.escape(p.where)}: " if p.where else ""
    return (f'<li><code class="rulebook-problems__at">{html.escape(f"{p.file}:{p.line}:{p.column}")}</code> '
            f"{where}{html.escape(p.message)} — <strong>{html.escape(p.fix)}</strong></li>")


def render(problems: Sequence[Problem]) -> str:
    """The banner, or "" when there is nothing to show."""
    if not problems:
        return ""
    files = sorted({p.file for p in problems})
    count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
    return (f'<div class="rulebook-problems" role="alert" data-rulebook-problems="{len(problems)}">'
            f"<p><strong>{html.escape(', '.join(files))}: {count}.</strong> "
            "This page shows the last good version; save a fix and it reloads.</p>"
            f"<ul>{''.join(_item(p) for p in problems)}</ul></div>\n")


def render_reviews(due: Sequence[Problem]) -> str:
    """The rules due or overdue for review, as `make check` lists them: a quiet, folded
    notice (a warning, not an error), or "" when none is due."""
    if not due:
        return ""
    count = f"{len(due)} rule" + ("s" if len(due) != 1 else "")
    # Material styles a <details class="warning"> as a folded warning admonition.
    return (f'<details class="warning rulebook-reviews" role="status" data-rulebook-reviews="{len(due)}">'
            f"<summary>{count} due or overdue for review</summary>"
            f"<ul>{''.join(_item(d) for d in due)}</ul></details>\n")
