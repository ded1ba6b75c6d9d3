"""The generated pages, as Markdown strings: plain functions of the Rulebook.

Rules are grouped into one page per topic (Material renders the whole navigation on every
page, so a page per rule would make builds slow). Every rule sits under a heading whose
anchor is its id. All text from the rules goes through `markdown_text`, so it is literal.
"""

from __future__ import annotations

import re

from calculators.diagram import depth_cross_section
from calculators.fields import format_mm_range, format_number
from calculators.rules import Rulebook
from calculators.rules_model import Rule

from . import markdown_text as md
from . import review_pages

__all__ = ["ADMONITION", "why_label", "topic_page", "index_page", "calculator_page", "rule_href",
           "depth_diagram_block", "TOPIC_DIR", "CALCULATOR_DIR"]

TOPIC_DIR = "reference"
CALCULATOR_DIR = "calculators"
ADMONITION = {"info": "info", "caution": "warning", "danger": "danger"}
LEVEL_LABEL = {"info": "Info", "caution": "Caution", "danger": "Danger"}
CALCULATOR_TITLES = {"depth": "Needle depth calculator", "frequency": "Session frequency calculator"}


def rule_href(rule: Rule, from_dir: str) -> str:
    """Link to a rule's anchor from a page in ``from_dir`` (use_directory_urls-agnostic)."""
    prefix = "../" if from_dir else ""
    return f"{prefix}{TOPIC_DIR}/{rule.topic}.md#{md.anchor(rule.id)}"


WHY_SOURCE_LABEL = "**Why:**"
WHY_EDITORIAL_LABEL = "**Why** (the site's reasoning; the article does not give this reason):"


def why_label(rule: Rule) -> str:
    """Whose reason the "Why" line gives: the article's, or the site's own (rules.yaml's
    `why_source: editorial`, and every editorial rule)."""
    editorial = rule.editorial or rule.why_source == "editorial"
    return WHY_EDITORIAL_LABEL if editorial else WHY_SOURCE_LABEL


def _rule_block(book: Rulebook, rule: Rule) -> str:
    lines = [f"## {md.text(rule.title)} {{#{md.anchor(rule.id)} data-rule-level=\"{rule.level}\"}}", ""]
    badges = []  # the level is the admonition's title below: said once, not twice
    if rule.editorial:
        badges.append('<span class="rule-badge rule-badge--editorial" '
                      'title="The source does not say this; the site\'s editors add it.">Editorial</span>')
    if rule.goals:  # a rule for some goals of the depth calculator only
        labels = {g.id: g.label for g in book.depth.goals}
        badges.append('<span class="rule-badge rule-badge--goals">For: '
                      + md.attr(", ".join(labels[g] for g in rule.goals)) + "</span>")
    badges.append(f'<code class="rule-id">{md.attr(rule.id)}</code>')
    lines += [" ".join(badges), ""]
    lines += [f'!!! {ADMONITION[rule.level]} "{LEVEL_LABEL[rule.level]}"', "",
              f"    {md.text(rule.advice)}", "",
              f"    {why_label(rule)} {md.text(rule.why)}", ""]
    if rule.source is not None:
        source = book.sources_by_id[rule.source.id]
        lines += [f'<blockquote class="rule-quote" data-rule-quote="{md.attr(rule.id)}">'
                  f"<p>“{md.attr(rule.source.quote)}”</p>"
                  f"<footer>— <cite>{md.attr(source.title)}</cite>, {md.attr(source.author)}</footer>"
                  "</blockquote>", ""]
    else:
        lines += ['<p class="rule-editorial-note">Editorial: the source article does not give '
                  "this advice; the site's editors add it because readers need it.</p>", ""]
    lines += [review_pages.rule_review(rule), ""]
    return "\n".join(lines)


def topic_page(book: Rulebook, topic_id: str, extra: str = "") -> str:
    topic = book.topics_by_id[topic_id]
    parts = [f"# {md.text(topic.title)}", "", md.text(topic.summary), ""]
    if extra:
        parts += [extra, ""]
    parts += [_rule_block(book, r) for r in book.rules_of(topic_id)]
    parts += [review_pages.page_review(book, book.rules_of(topic_id)), ""]
    return "\n".join(parts)


def depth_diagram_block(book: Rulebook) -> str:
    """The depth page's cross-section (anatomy only, no needle) as one raw HTML block.

    No blank line inside, so Markdown passes it through untouched as a single block.
    """
    a = book.depth.anatomy
    caption = (f"Cross-section of the scalp, drawn to scale: the bulge at {format_mm_range(*a.bulge_mm.range)}, "
               f"the follicle's base at {format_mm_range(*a.follicle_base_mm.range)} under the skin surface.")
    svg = "\n".join(line for line in depth_cross_section(book).splitlines() if line.strip())
    return (f'<figure class="depth-diagram">\n{svg}\n'
            f"<figcaption>{md.attr(caption)}</figcaption>\n</figure>")


def depth_table(book: Rulebook) -> str:
    d = book.depth
    rows = ["| Goal | Needle length | Rule |", "|---|---|---|"]
    for g in d.goals:
        links = "; ".join(f"[{md.cell(book.rule(r).title)}]({rule_href(book.rule(r), TOPIC_DIR)})"
                          for r in g.rules)
        rows.append(f"| {md.cell(g.label)} | {format_mm_range(*g.range_mm)} | {links} |")
    limits = [("More than needed above", d.max_useful_mm), ("Follicle at risk from", d.danger_from_mm)]
    for label, value in limits:
        rule = book.rule(value.rule)
        rows.append(f"| {label} | {format_number(value.value)} mm | "
                    f"[{md.cell(rule.title)}]({rule_href(rule, TOPIC_DIR)}) |")
    return "\n".join(rows)


def frequency_table(book: Rulebook) -> str:
    f = book.frequency
    rows = ["| Limit | Value | Rule |", "|---|---|---|"]
    for label, value, unit in (("Sessions in any 7 days, at most", f.max_sessions_per_week, ""),
                               ("Hours between sessions, at least", f.min_gap_hours, " h"),
                               ("Hours between sessions, preferred", f.preferred_gap_hours, " h"),
                               ("A session this long is too long", f.long_session_minutes, " min")):
        rule = book.rule(value.rule)
        rows.append(f"| {label} | {format_number(value.value)}{unit} | "
                    f"[{md.cell(rule.title)}]({rule_href(rule, TOPIC_DIR)}) |")
    return "\n".join(rows)


def index_page(book: Rulebook) -> str:
    parts = ["# All rules", "",
             "Every piece of advice on this site, with its level. Each rule's page shows the "
             "sentence of the source it comes from.", "",
             "## Needle depth", "", depth_table(book), "",
             "## How often", "", frequency_table(book), "",
             "## Every rule", "",
             "| Rule | Topic | Level |", "|---|---|---|"]
    for r in book.data.rules:
        topic = book.topics_by_id[r.topic]
        editorial = " (editorial)" if r.editorial else ""
        # The title is the link (it says where it goes); the id, under it, may break after
        # its dots and hyphens only, so the table fits a 320 px screen without mid-word breaks.
        rule_id = re.sub(r"([.-])", r"\1<wbr>", md.attr(r.id))
        parts.append(f"| [{md.cell(r.title)}]({rule_href(r, TOPIC_DIR)}){editorial}<br>"
                     f'<code class="rule-id">{rule_id}</code> | {md.cell(topic.title)} | '
                     f'<span class="rule-level">{LEVEL_LABEL[r.level]}</span> |')
    parts += ["", f"[What changed]({review_pages.CHANGES_PAGE}) at each review, newest first.", "",
              review_pages.page_review(book, book.data.rules)]
    return "\n".join(parts) + "\n"


def calculator_page(book: Rulebook, calculator: str, form_html: str) -> str:
    title = CALCULATOR_TITLES[calculator]
    intro = {
        "depth": "Answer a few questions to get the needle length the guidance recommends, "
                 "and whether the roller you have fits it. Every answer names the rule it "
                 "comes from.",
        "frequency": "How often is enough, how often is too much, when your next session "
                     "may be, and a plan for the coming weeks that keeps to the limits. Add "
                     "the sessions you have done to check them too; they stay on this device.",
    }[calculator]
    return "\n".join([f"# {title}", "", intro, "", form_html, "",
                      "Nothing you enter leaves your browser: the calculator runs on this page.", ""])
