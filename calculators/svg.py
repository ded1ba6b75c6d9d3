"""What the drawings (depth cross-section, session calendar) share: escaping, numbers, and
the accessible opening of an SVG document.

Self-contained SVG: no scripts, links, styles or fonts to fetch; deterministic bytes.
The colours are presentation attributes (light, as printed and as the CLI writes them); the
site's CSS (docs/assets/css/drawings.css) recolours the same elements, by their classes,
for the dark scheme.

Layout: both drawings are laid out for a phone first: 360 units wide with 13-unit text, so
on a 390 px screen (about 358 px of content) their text renders at 12.9 px or more; wider
screens show them larger, never smaller.
"""

from __future__ import annotations

import re
import zlib

__all__ = ["esc", "num", "svg_open", "WIDTH", "FONT_SIZE"]

WIDTH = 360      # user units; see the module docstring
FONT_SIZE = 13

# Characters XML 1.0 forbids even when escaped; dropped so the drawing always parses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#x27;"})


def esc(text: str) -> str:
    # Not html.escape: importing `html` costs ~25 ms in Pyodide, on every cold start.
    return _NOT_XML.sub("", str(text)).translate(_XML_ESCAPES)


def num(x: float) -> str:
    """A coordinate with fixed precision, so output bytes never depend on float noise."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def svg_open(kind: str, width: float, height: float, title: str, desc: str,
             font_size: int, ink: str) -> list[str]:
    """`<svg role="img">` named by its `<title>` and `<desc>`, on a white ground. The ids come
    from a checksum of the content: the same drawing, the same bytes; two different drawings
    on one page, different ids."""
    uid = f"{kind}-{zlib.crc32((title + desc).encode('utf-8')):08x}"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" class="{kind}-svg" '
        f'font-family="system-ui, sans-serif" font-size="{font_size}" fill="{ink}">',
        f'<title id="{uid}-title">{esc(title)}</title>',
        f'<desc id="{uid}-desc">{esc(desc)}</desc>',
        f'<rect class="bg" x="0" y="0" width="{num(width)}" height="{num(height)}" fill="#ffffff"/>',
    ]
