"""A cross-section of the scalp in SVG, drawn from the anatomy depths in the Rulebook.

The drawing shows the skin surface, the bulge zone, the follicle with its base, the
recommended range (when given) and a needle (when given), all on one vertical mm scale.
Every depth comes from `parameters.depth`; the pixel layout below is only layout.

The SVG is self-contained (no scripts, links, styles or fonts to fetch), accessible
(`role="img"`, `<title>` and `<desc>` named by `aria-labelledby`), sized by its viewBox,
and deterministic: the same input gives the same bytes. Every text is XML-escaped.
"""

from __future__ import annotations

import math

from .fields import format_mm_range, format_number
from .svg import FONT_SIZE, WIDTH, esc as _esc, num as _n, svg_open
from .rules import Rulebook

__all__ = ["depth_cross_section", "NEEDLE_STATUSES"]

# Layout in user units (the viewBox), for a phone first (svg.py); depths map linearly from
# SURFACE_Y to BOTTOM_Y. Left to right: the mm axis, the recommended range and its label,
# the needle, the follicle, the zone labels. The needle's label sits above the skin, clear
# of the zone labels whatever its depth.
HEIGHT = 340
SURFACE_Y, BOTTOM_Y = 76.0, 326.0
AXIS_X = 36.0
SKIN_X0, SKIN_X1 = 44.0, 356.0
RANGE_X = 48.0          # the recommended-range bar
NEEDLE_X = 170.0
FOLLICLE_X = 204.0
LABEL_X = 352.0         # right edge of the zone labels
LINE = 15.0             # between the two lines of a label

INK = "#263238"
SKIN_FILL, SKIN_EDGE = "#f8e4d6", "#9c6644"
FOLLICLE_FILL, HAIR = "#e6b48f", "#3e2a1e"
BULGE_FILL, BULGE_INK = "#9cc3e8", "#1a4971"
BASE_FILL, BASE_INK = "#eea3a3", "#8a1c1c"
RANGE_INK = "#145c28"

# depth.needle_status's statuses -> (colour, short label); the colour is never the only
# carrier: the label says it.
NEEDLE_STATUSES = {
    "in-target": ("#145c28", "in the target range"),
    "short": ("#6b4d00", "too short"),
    "deeper": ("#6b4d00", "deeper than needed"),
    "useful": ("#37474f", "within useful lengths"),
    "past-useful": ("#873600", "longer than needed"),
    "danger": ("#a3161d", "reaches the follicle"),
}

def _mm(low: float, high: float | None = None) -> str:
    return format_mm_range(low, high)


def _mm_words(low: float, high: float) -> str:
    return format_mm_range(low, high, joiner=" to ")


def depth_cross_section(book: Rulebook, needle_mm: float | None = None,
                        recommended_mm=None, status: str | None = None,
                        rule_id: str | None = None) -> str:
    """The cross-section as an SVG string. ``recommended_mm`` is ``[low, high]`` or None;
    with a needle, ``status`` is its key in NEEDLE_STATUSES and ``rule_id`` the rule the
    answer cites for it, as `depth` decided them (the drawing shows the calculator's
    classification, never one of its own)."""
    d = book.depth
    bulge_lo, bulge_hi = d.anatomy.bulge_mm.range
    base_lo, base_hi = d.anatomy.follicle_base_mm.range
    if needle_mm is not None:
        needle_mm = float(needle_mm)
        if not math.isfinite(needle_mm) or needle_mm < 0:
            raise ValueError(f"needle_mm must be a finite length in mm, not {needle_mm!r}")
        if status not in NEEDLE_STATUSES:
            raise ValueError(f"a needle needs its status, one of {', '.join(NEEDLE_STATUSES)}")
    if recommended_mm is not None:
        low, high = (float(v) for v in recommended_mm)
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise ValueError(f"recommended_mm must be [low, high], not {recommended_mm!r}")
        recommended_mm = (low, high)

    # The scale is the same for every drawing: it always reaches the longest needle the form
    # accepts, so two drawings can be compared by eye.
    axis_mm = float(math.ceil(max(d.fields.needle_mm.max, base_hi, d.danger_from_mm.value)))
    scale = (BOTTOM_Y - SURFACE_Y) / axis_mm

    def y(mm: float) -> float:
        return SURFACE_Y + min(mm, axis_mm) * scale

    title = "Cross-section of the scalp with needle depths"
    sentences = [f"Depths under the skin surface, drawn to scale from 0 to {_mm(axis_mm)}.",
                 f"The bulge, where the stem cells are, lies {_mm_words(bulge_lo, bulge_hi)} deep.",
                 f"The base of the hair follicle lies {_mm_words(base_lo, base_hi)} deep."]
    if recommended_mm is not None:
        sentences.append(f"Recommended needle length: {_mm_words(*recommended_mm)}.")
    if needle_mm is not None:
        title = f"A {_mm(needle_mm)} needle in a cross-section of the scalp"
        detail = {
            "past-useful": f" (nothing longer than {_mm(d.max_useful_mm.value)} is needed)",
            "danger": f" (from {_mm(d.danger_from_mm.value)} the follicle is at risk)",
            "useful": f" (up to {_mm(d.max_useful_mm.value)})",
        }.get(status, "")
        sentences.append(f"The needle reaches {_mm(needle_mm)} deep: "
                         f"{NEEDLE_STATUSES[status][1]}{detail}.")
    desc = " ".join(sentences)
    out: list[str] = svg_open("depth-diagram", WIDTH, HEIGHT, title, desc, FONT_SIZE, INK)
    out += _scalp(book, axis_mm, scale, y)

    if recommended_mm is not None:
        low, high = recommended_mm
        top, bottom = y(low), max(y(high), y(low) + 3)  # a single length still shows
        mid = (top + bottom) / 2
        out += [
            f'<g class="recommended" data-mm="{_n(low)} {_n(high)}">'
            f'<title>{_esc("Recommended needle length: " + _mm(low, high))}</title>',
            f'<rect x="{_n(RANGE_X)}" y="{_n(top)}" width="7" height="{_n(bottom - top)}" '
            f'fill="{RANGE_INK}"/>',
            f'<text x="{_n(RANGE_X + 12)}" y="{_n(mid - 3)}" fill="{RANGE_INK}" '
            f'font-weight="600">recommended</text>',
            f'<text x="{_n(RANGE_X + 12)}" y="{_n(mid - 3 + LINE)}" fill="{RANGE_INK}">'
            f'{_esc(_mm(low, high))}</text>',
            '</g>',
        ]

    if needle_mm is not None and status is not None:
        colour, words = NEEDLE_STATUSES[status]
        tip_y = y(needle_mm)
        tip = f"Needle, {_mm(needle_mm)}: {words}"
        if rule_id is not None:
            tip += f". {book.rule(rule_id).title}"
        drum_y = SURFACE_Y - 14
        out += [
            f'<g class="needle" data-mm="{_n(needle_mm)}" data-status="{status}">'
            f'<title>{_esc(tip)}</title>',
            # the roller: handle and drum above the skin, the needle from the surface down
            f'<line x1="{_n(NEEDLE_X)}" y1="{_n(drum_y)}" x2="{_n(NEEDLE_X - 36)}" '
            f'y2="{_n(drum_y - 36)}" stroke="#78909c" stroke-width="5" stroke-linecap="round"/>',
            f'<circle cx="{_n(NEEDLE_X)}" cy="{_n(drum_y)}" r="13" fill="#cfd8dc" stroke="#546e7a" '
            f'stroke-width="1.5"/>',
            f'<polygon class="needle-shaft" points="{_n(NEEDLE_X - 2.5)},{_n(SURFACE_Y)} '
            f'{_n(NEEDLE_X + 2.5)},{_n(SURFACE_Y)} {_n(NEEDLE_X)},{_n(tip_y)}" fill="{colour}"/>',
            # where the tip is, read on the axis
            f'<polygon class="needle-mark" points="{_n(AXIS_X + 1)},{_n(tip_y)} '
            f'{_n(AXIS_X + 9)},{_n(tip_y - 4)} {_n(AXIS_X + 9)},{_n(tip_y + 4)}" fill="{colour}"/>',
            f'<text x="{_n(NEEDLE_X + 20)}" y="18" fill="{colour}" '
            f'font-weight="600">{_esc(_mm(needle_mm) + " needle")}</text>',
            f'<text x="{_n(NEEDLE_X + 20)}" y="{_n(18 + LINE)}" fill="{colour}">'
            f'{_esc(words)}</text>',
            '</g>',
        ]
    out.append('</svg>')
    return "\n".join(out)


# The last Rulebook's scalp (see _scalp): the browser draws on every input, with one Rulebook.
_last_scalp: list[tuple[Rulebook, tuple[str, ...]]] = []


def _scalp(book: Rulebook, axis_mm: float, scale: float, y) -> tuple[str, ...]:
    """What no needle or range changes: the skin, the follicle, the zones, the surface and the
    axis; about three quarters of the drawing's time, so drawn once for a Rulebook. The cache
    is keyed by ``book`` alone because ``axis_mm``, ``scale`` and ``y`` are derived from it."""
    if _last_scalp and _last_scalp[0][0] is book:
        return _last_scalp[0][1]
    d = book.depth
    bulge_lo, bulge_hi = d.anatomy.bulge_mm.range
    base_lo, base_hi = d.anatomy.follicle_base_mm.range
    out = [
        # skin
        f'<rect class="skin" x="{_n(SKIN_X0)}" y="{_n(SURFACE_Y)}" width="{_n(SKIN_X1 - SKIN_X0)}" '
        f'height="{_n(BOTTOM_Y - SURFACE_Y)}" fill="{SKIN_FILL}"/>',
    ]

    # follicle: sheath from the surface down to the base, the bulb at the base, the hair
    bulb_ry = max((base_hi - base_lo) / 2 * scale, 4.0)
    bulb_cy = y((base_lo + base_hi) / 2)
    out += [
        f'<g class="follicle"><title>{_esc("Hair follicle")}</title>',
        f'<rect x="{_n(FOLLICLE_X - 7)}" y="{_n(SURFACE_Y)}" width="14" '
        f'height="{_n(bulb_cy - SURFACE_Y)}" fill="{FOLLICLE_FILL}" stroke="{SKIN_EDGE}"/>',
        f'<ellipse cx="{_n(FOLLICLE_X)}" cy="{_n(bulb_cy)}" rx="13" ry="{_n(bulb_ry)}" '
        f'fill="{FOLLICLE_FILL}" stroke="{SKIN_EDGE}"/>',
        f'<path d="M{_n(FOLLICLE_X)} {_n(bulb_cy)}V{_n(SURFACE_Y)}'
        f'Q{_n(FOLLICLE_X + 2)} {_n(SURFACE_Y - 18)} {_n(FOLLICLE_X + 14)} {_n(SURFACE_Y - 30)}" '
        f'fill="none" stroke="{HAIR}" stroke-width="3" stroke-linecap="round"/>',
        '</g>',
    ]

    # zones across the skin, over the follicle, each labelled on the right in two lines
    for cls, (lo, hi), fill, ink, name, rule_id in (
            ("bulge", (bulge_lo, bulge_hi), BULGE_FILL, BULGE_INK, "bulge (stem cells)",
             d.anatomy.bulge_mm.rule),
            ("follicle-base", (base_lo, base_hi), BASE_FILL, BASE_INK, "follicle base",
             d.anatomy.follicle_base_mm.rule)):
        top, bottom = y(lo), y(hi)
        mid = (top + bottom) / 2
        tip = f"{name}, {_mm(lo, hi)} deep: {book.rule(rule_id).title}"
        out += [
            f'<g class="{cls}" data-mm="{_n(lo)} {_n(hi)}"><title>{_esc(tip)}</title>',
            f'<rect x="{_n(SKIN_X0)}" y="{_n(top)}" width="{_n(SKIN_X1 - SKIN_X0)}" '
            f'height="{_n(bottom - top)}" fill="{fill}" fill-opacity="0.55"/>',
            f'<text x="{_n(LABEL_X)}" y="{_n(mid - 3)}" text-anchor="end" fill="{ink}" '
            f'font-weight="600">{_esc(name)}</text>',
            f'<text x="{_n(LABEL_X)}" y="{_n(mid - 3 + LINE)}" text-anchor="end" fill="{ink}">'
            f'{_esc(_mm(lo, hi))}</text>',
            '</g>',
        ]

    # the surface line on top of the zones
    out += [
        f'<line class="surface" x1="{_n(SKIN_X0)}" y1="{_n(SURFACE_Y)}" x2="{_n(SKIN_X1)}" '
        f'y2="{_n(SURFACE_Y)}" stroke="{SKIN_EDGE}" stroke-width="2"/>',
        f'<text x="{_n(LABEL_X)}" y="{_n(SURFACE_Y - 7)}" text-anchor="end">skin surface</text>',
    ]

    # the mm axis: a tick every half mm, a number every whole mm
    out.append(f'<g class="axis"><line x1="{_n(AXIS_X)}" y1="{_n(SURFACE_Y)}" x2="{_n(AXIS_X)}" '
               f'y2="{_n(BOTTOM_Y)}" stroke="{INK}"/>')
    out.append(f'<text x="2" y="{_n(SURFACE_Y - 9 - LINE)}">depth</text>'
               f'<text x="2" y="{_n(SURFACE_Y - 9)}">(mm)</text>')
    label_every = max(1, math.ceil(axis_mm / 10))
    for i in range(int(axis_mm * 2) + 1):
        mm = i / 2
        major = i % 2 == 0
        ty = y(mm)
        out.append(f'<line x1="{_n(AXIS_X - (7 if major else 4))}" y1="{_n(ty)}" '
                   f'x2="{_n(AXIS_X)}" y2="{_n(ty)}" stroke="{INK}"/>')
        if major and int(mm) % label_every == 0:
            out.append(f'<text x="{_n(AXIS_X - 9)}" y="{_n(ty + 4.5)}" text-anchor="end">'
                       f'{_esc(format_number(mm))}</text>')
    out.append('</g>')
    _last_scalp[:] = [(book, tuple(out))]
    return _last_scalp[0][1]
