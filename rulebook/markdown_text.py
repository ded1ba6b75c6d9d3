"""Text from rules.yaml on its way into Markdown: always literal, never markup.

Rules hold plain text. Escaping HTML and every Markdown-active character means an edit can
never inject a tag, a script or a link, whatever it contains.
"""

from __future__ import annotations

import html
import re

__all__ = ["text", "cell", "attr", "anchor"]

_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()>#+\-.!|~^=])")


def text(s: str) -> str:
    """Plain text for a Markdown paragraph: one line, nothing interpreted."""
    return _MD_ACTIVE.sub(r"\\\1", html.escape(" ".join(str(s).split()), quote=True))


def cell(s: str) -> str:
    """Plain text for a Markdown table cell."""
    return text(s)


def attr(s: str) -> str:
    """A value for an HTML attribute."""
    return html.escape(str(s), quote=True)


def anchor(rule_id: str) -> str:
    """The stable anchor of a rule on its page: its id, which the id pattern keeps URL-safe."""
    return rule_id
