"""A calendar of the session plan and the log in SVG: weeks as rows, Monday to Sunday.

Each day is a cell labelled with its date. A planned session is a ring with "plan", a logged
session a filled square with a tick and "done", a rest day inside the plan a dash with
"rest": shape and word, never colour alone. Days outside the plan are shaded; today has a
heavy outline and a bold date.

The calendar shows days, not times: in the browser every time is written in the reader's
locale by the page (the plan list, the log), and a time drawn here in a fixed format would
contradict it ("20:00" beside "8:00 PM"). Each marker keeps its times in `data-times`.

Like the depth diagram the drawing is self-contained (no scripts, links, styles or fonts to
fetch), accessible (`role="img"`, `<title>` and `<desc>` named by `aria-labelledby`, the
desc summarising the counts and listing the planned sessions), sized by its viewBox (laid
out for a phone first, svg.py), deterministic (fixed English month names, no locale, no clock) and XML-escaped.
"""

from __future__ import annotations

import datetime as dt

from .svg import FONT_SIZE, WIDTH, esc as _esc, num as _n, svg_open

__all__ = ["plan_calendar"]

MARGIN_X = 4.0
CELL_W = (WIDTH - 2 * MARGIN_X) / 7
CELL_H = 58.0
TOP = 46.0              # the caption and the weekday header above the first row
LEGEND_H = 52.0

INK, MUTED = "#263238", "#546e7a"
GRID, OUTSIDE = "#b0bec5", "#eceff1"
PLAN_INK = "#145c28"
DONE_FILL = "#1a4971"

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: dt.date, year: bool = True) -> str:
    text = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if year else text


def _hm(moment: dt.datetime) -> str:
    """For data-times only (machine-readable): the drawing shows no times (module docstring)."""
    return f"{moment:%H:%M}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def plan_calendar(plan: list[dt.datetime], logged: list[dt.datetime], first_day: dt.date,
                  last_day: dt.date, start: dt.date | None = None,
                  today: dt.date | None = None) -> str:
    """The calendar from the week of `first_day` through the week of `last_day`.

    `plan` and `logged` are local date-times; those outside the drawn weeks are left out.
    The plan's days run from `start` (default `first_day`) to `last_day`; `today`, when
    given and drawn, is outlined.
    """
    if last_day < first_day:
        raise ValueError("last_day is before first_day")
    start = first_day if start is None else start
    monday = first_day - dt.timedelta(days=first_day.weekday())
    sunday = last_day + dt.timedelta(days=6 - last_day.weekday())
    rows = ((sunday - monday).days + 1) // 7

    by_day: dict[dt.date, tuple[list[dt.datetime], list[dt.datetime]]] = {}
    for kind, moments in ((0, plan), (1, logged)):
        for m in sorted(moments):
            if monday <= m.date() <= sunday:
                by_day.setdefault(m.date(), ([], []))[kind].append(m)
    planned = [m for p, _ in by_day.values() for m in p]
    done = [m for _, d in by_day.values() for m in d]
    days = [monday + dt.timedelta(days=i) for i in range(rows * 7)]
    rest = [d for d in days if start <= d <= last_day and d not in by_day]

    title = f"Session calendar, {_day(start)} to {_day(last_day)}"
    listed = "; ".join(f"{WEEKDAYS[m.weekday()]} {_day(m.date())}" for m in sorted(planned))
    desc = (f"Weeks from Monday to Sunday, {_day(monday)} to {_day(sunday)}. "
            f"{_plural(len(planned), 'planned session')} (a ring marked plan), "
            f"{_plural(len(done), 'logged session')} (a filled square marked done), "
            f"{_plural(len(rest), 'rest day')} in the plan (a dash marked rest)."
            + (f" Planned: {listed}." if listed else "")
            + (f" Today, {_day(today)}, has a heavy outline." if today and monday <= today <= sunday else ""))
    height = TOP + rows * CELL_H + LEGEND_H

    out = svg_open("plan-calendar", WIDTH, height, title, desc, FONT_SIZE, INK) + [
        f'<text x="{_n(MARGIN_X)}" y="17" font-weight="600">{_esc(title)}</text>',
    ]
    for i, name in enumerate(WEEKDAYS):
        out.append(f'<text class="muted" x="{_n(MARGIN_X + (i + 0.5) * CELL_W)}" y="{_n(TOP - 8)}" '
                   f'text-anchor="middle" fill="{MUTED}" font-weight="600">{name}</text>')

    for i, day in enumerate(days):
        x = MARGIN_X + (i % 7) * CELL_W
        y = TOP + (i // 7) * CELL_H
        cx, my, wy = x + CELL_W / 2, y + 31, y + 51  # marker centre, word baseline
        in_plan = start <= day <= last_day
        p, d = by_day.get(day, ([], []))
        what = ([_plural(len(p), "planned session")] if p else []) \
            + ([_plural(len(d), "logged session")] if d else []) \
            + (["rest day"] if in_plan and not p and not d else [])
        is_today = day == today
        tip = f"{WEEKDAYS[day.weekday()]} {_day(day)}" + (" (today)" if is_today else "") \
            + (": " + ", ".join(what) if what else "")
        out.append(f'<g class="day" data-date="{day.isoformat()}"><title>{_esc(tip)}</title>')
        kind = "today" if is_today else ("in" if in_plan else "out")
        out.append(f'<rect class="cell-{kind}" x="{_n(x)}" y="{_n(y)}" width="{_n(CELL_W)}" '
                   f'height="{_n(CELL_H)}" fill="{"#ffffff" if in_plan else OUTSIDE}" '
                   f'stroke="{INK if is_today else GRID}" stroke-width="{3 if is_today else 1}"/>')
        label = _day(day, year=False) if (i == 0 or day.day == 1) else str(day.day)
        bold = ' font-weight="700"' if is_today else ""
        out.append(f'<text x="{_n(x + 4)}" y="{_n(y + 15)}"{bold}>{_esc(label)}</text>')
        ring_x = cx - 9 if p and d else cx
        if p:
            out += [
                f'<g class="planned" data-count="{len(p)}" '
                f'data-times="{_esc(" ".join(_hm(m) for m in p))}">',
                f'<circle cx="{_n(ring_x)}" cy="{_n(my)}" r="7" fill="#ffffff" stroke="{PLAN_INK}" '
                f'stroke-width="2.5"/>',
            ]
            if not d:
                out.append(_word(cx, wy, "plan" if len(p) == 1 else f"{len(p)} plan", PLAN_INK, "plan"))
            out.append('</g>')
        if d:
            sx, sy = (cx + 2 if p else cx - 7), my - 7
            out += [
                f'<g class="logged" data-count="{len(d)}" '
                f'data-times="{_esc(" ".join(_hm(m) for m in d))}">',
                f'<rect x="{_n(sx)}" y="{_n(sy)}" width="14" height="14" fill="{DONE_FILL}"/>',
                f'<path d="M{_n(sx + 3)} {_n(sy + 7)}l3 3l5 -6" fill="none" stroke="#ffffff" '
                f'stroke-width="2"/>',
                _word(cx, wy, ("both" if p else "done") if len(d) == 1 else f"{len(d)} done",
                      DONE_FILL, "done"),
                '</g>',
            ]
        if in_plan and not p and not d:
            out += [
                '<g class="rest">',
                f'<line x1="{_n(cx - 7)}" y1="{_n(my)}" x2="{_n(cx + 7)}" y2="{_n(my)}" '
                f'stroke="{MUTED}" stroke-width="2"/>',
                _word(cx, wy, "rest", MUTED, "muted"),
                '</g>',
            ]
        out.append('</g>')
    out += _legend(TOP + rows * CELL_H + 22)
    out.append('</svg>')
    return "\n".join(out)


def _word(x: float, y: float, text: str, ink: str, cls: str) -> str:
    return (f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" text-anchor="middle" fill="{ink}" '
            f'font-weight="600">{_esc(text)}</text>')


def _legend(y: float) -> list[str]:
    """The same shapes and words as the cells, in two rows."""
    x, y2 = MARGIN_X, y + 22
    return [
        '<g class="legend">',
        f'<circle cx="{_n(x + 8)}" cy="{_n(y - 4)}" r="6" fill="#ffffff" stroke="{PLAN_INK}" '
        'stroke-width="2.5"/>',
        f'<text x="{_n(x + 20)}" y="{_n(y)}">planned session</text>',
        f'<rect x="{_n(x + 170)}" y="{_n(y - 11)}" width="13" height="13" fill="{DONE_FILL}"/>',
        f'<text x="{_n(x + 189)}" y="{_n(y)}">logged session</text>',
        f'<line x1="{_n(x + 2)}" y1="{_n(y2 - 4)}" x2="{_n(x + 14)}" y2="{_n(y2 - 4)}" '
        f'stroke="{MUTED}" stroke-width="2"/>',
        f'<text x="{_n(x + 20)}" y="{_n(y2)}">rest day</text>',
        f'<rect class="cell-out" x="{_n(x + 90)}" y="{_n(y2 - 11)}" width="13" height="13" '
        f'fill="{OUTSIDE}" stroke="{GRID}"/>',
        f'<text x="{_n(x + 109)}" y="{_n(y2)}">not in the plan</text>',
        f'<rect class="cell-today" x="{_n(x + 230)}" y="{_n(y2 - 11)}" width="13" height="13" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="3"/>',
        f'<text x="{_n(x + 249)}" y="{_n(y2)}">today</text>',
        '</g>',
    ]
