"""A calendar of the session plan and the log in SVG: weeks as rows, Monday to Sunday.

Each day is a cell labelled with its date. A planned session is a ring with "plan" and its
time, a logged session a filled square with a tick and "done", a rest day inside the plan a
dash with "rest": shape and word, never colour alone. Days outside the plan are shaded;
today has a heavy outline and says "today".

Like the depth diagram the drawing is self-contained (no scripts, links, styles or fonts to
fetch), accessible (`role="img"`, `<title>` and `<desc>` named by `aria-labelledby`, the
desc summarising the counts and listing the planned sessions), sized by its viewBox (480
wide), deterministic (fixed English month names, no locale, no clock) and XML-escaped.
"""

from __future__ import annotations

import datetime as dt

from .svg import esc as _esc, num as _n, svg_open

__all__ = ["plan_calendar"]

WIDTH = 480
MARGIN_X = 9.0
CELL_W = (WIDTH - 2 * MARGIN_X) / 7
CELL_H = 56.0
TOP = 46.0              # the caption and the weekday header above the first row
LEGEND_H = 34.0

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
    listed = "; ".join(f"{WEEKDAYS[m.weekday()]} {_day(m.date())} at {_hm(m)}"
                       for m in sorted(planned))
    desc = (f"Weeks from Monday to Sunday, {_day(monday)} to {_day(sunday)}. "
            f"{_plural(len(planned), 'planned session')} (a ring marked plan), "
            f"{_plural(len(done), 'logged session')} (a filled square marked done), "
            f"{_plural(len(rest), 'rest day')} in the plan (a dash marked rest)."
            + (f" Planned: {listed}." if listed else ""))
    height = TOP + rows * CELL_H + LEGEND_H

    out = svg_open("plan-calendar", WIDTH, height, title, desc, 11, INK) + [
        f'<text x="{_n(MARGIN_X)}" y="16" font-size="13" font-weight="600">{_esc(title)}</text>',
    ]
    for i, name in enumerate(WEEKDAYS):
        out.append(f'<text x="{_n(MARGIN_X + (i + 0.5) * CELL_W)}" y="{_n(TOP - 8)}" '
                   f'text-anchor="middle" fill="{MUTED}" font-weight="600">{name}</text>')

    for i, day in enumerate(days):
        x = MARGIN_X + (i % 7) * CELL_W
        y = TOP + (i // 7) * CELL_H
        in_plan = start <= day <= last_day
        p, d = by_day.get(day, ([], []))
        what = ([f"planned session at {_hm(m)}" for m in p]
                + [f"logged session at {_hm(m)}" for m in d]
                + (["rest day"] if in_plan and not p and not d else []))
        tip = f"{WEEKDAYS[day.weekday()]} {_day(day)}" + (": " + ", ".join(what) if what else "")
        is_today = day == today
        out.append(f'<g class="day" data-date="{day.isoformat()}"><title>{_esc(tip)}</title>')
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(CELL_W)}" height="{_n(CELL_H)}" '
                   f'fill="{"#ffffff" if in_plan else OUTSIDE}" '
                   f'stroke="{INK if is_today else GRID}" stroke-width="{3 if is_today else 1}"/>')
        label = _day(day, year=False) if (i == 0 or day.day == 1) else str(day.day)
        bold = ' font-weight="700"' if is_today else ""
        out.append(f'<text x="{_n(x + 5)}" y="{_n(y + 14)}"{bold}>{_esc(label)}</text>')
        if is_today:
            out.append(f'<text x="{_n(x + CELL_W - 5)}" y="{_n(y + 14)}" text-anchor="end" '
                       f'font-size="9" font-weight="700">today</text>')
        if p:
            cx, cy = x + 13, y + 36
            out += [
                f'<g class="planned" data-count="{len(p)}" '
                f'data-times="{_esc(" ".join(_hm(m) for m in p))}">',
                f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="7" fill="#ffffff" stroke="{PLAN_INK}" '
                f'stroke-width="2.5"/>',
                f'<text x="{_n(x + 24)}" y="{_n(y + 33)}" fill="{PLAN_INK}" font-weight="600">'
                'plan</text>',
                f'<text x="{_n(x + 24)}" y="{_n(y + 46)}" fill="{PLAN_INK}">'
                f'{_esc(_hm(p[0]) if len(p) == 1 else str(len(p)) + "×")}</text>',
                '</g>',
            ]
        if d:
            second = _hm(d[0]) if len(d) == 1 else f"{len(d)}×"
            out.append(f'<g class="logged" data-count="{len(d)}" '
                       f'data-times="{_esc(" ".join(_hm(m) for m in d))}">')
            if p:  # both on one day (not from the planner): the square at the right
                sx, sy = x + CELL_W - 19, y + 22
                words = [(x + CELL_W - 5, y + 49, "done", "end")]
            else:  # where a planned session would be, with the time
                sx, sy = x + 6, y + 29
                words = [(x + 24, y + 33, "done", "start"), (x + 24, y + 46, second, "start")]
            out += [
                f'<rect x="{_n(sx)}" y="{_n(sy)}" width="14" height="14" fill="{DONE_FILL}"/>',
                f'<path d="M{_n(sx + 3)} {_n(sy + 7)}l3 3l5 -6" fill="none" stroke="#ffffff" '
                f'stroke-width="2"/>',
            ]
            for k, (tx, ty, text, anchor) in enumerate(words):
                weight = ' font-weight="600"' if k == 0 else ""
                out.append(f'<text x="{_n(tx)}" y="{_n(ty)}" text-anchor="{anchor}" '
                           f'fill="{DONE_FILL}"{weight}>{_esc(text)}</text>')
            out.append('</g>')
        if in_plan and not p and not d:
            out += [
                '<g class="rest">',
                f'<line x1="{_n(x + 8)}" y1="{_n(y + 36)}" x2="{_n(x + 20)}" y2="{_n(y + 36)}" '
                f'stroke="{MUTED}" stroke-width="2"/>',
                f'<text x="{_n(x + 24)}" y="{_n(y + 40)}" fill="{MUTED}">rest</text>',
                '</g>',
            ]
        out.append('</g>')

    # the legend: the same shapes and words as the cells
    ly = TOP + rows * CELL_H + 22
    out += [
        '<g class="legend">',
        f'<circle cx="{_n(MARGIN_X + 8)}" cy="{_n(ly - 4)}" r="6" fill="#ffffff" '
        f'stroke="{PLAN_INK}" stroke-width="2.5"/>',
        f'<text x="{_n(MARGIN_X + 20)}" y="{_n(ly)}">planned session</text>',
        f'<rect x="{_n(MARGIN_X + 130)}" y="{_n(ly - 11)}" width="13" height="13" '
        f'fill="{DONE_FILL}"/>',
        f'<text x="{_n(MARGIN_X + 149)}" y="{_n(ly)}">logged session</text>',
        f'<line x1="{_n(MARGIN_X + 258)}" y1="{_n(ly - 4)}" x2="{_n(MARGIN_X + 270)}" '
        f'y2="{_n(ly - 4)}" stroke="{MUTED}" stroke-width="2"/>',
        f'<text x="{_n(MARGIN_X + 276)}" y="{_n(ly)}">rest day</text>',
        f'<rect x="{_n(MARGIN_X + 340)}" y="{_n(ly - 11)}" width="13" height="13" '
        f'fill="{OUTSIDE}" stroke="{GRID}"/>',
        f'<text x="{_n(MARGIN_X + 359)}" y="{_n(ly)}">not in the plan</text>',
        '</g>',
        '</svg>',
    ]
    return "\n".join(out)
