"""The session-frequency calculator and planner: how often, when next, and a plan.

Every limit comes from the Rulebook (`parameters.frequency`): the weekly maximum, the minimum
and preferred gaps, the long-session threshold and the fields' bounds; message texts come from
the rules they cite.

Time model, chosen on purpose: every time here is the reader's local wall-clock time without
a zone ("floating"), as the reader types it and as a calendar on the wall shows it. The
browser has no time-zone database in Pyodide and needs none:

- a plan puts its sessions on whole calendar days at one local time of day, so a change to
  or from daylight-saving time never moves a session off its time, and the days between two
  planned sessions stay whole days (in elapsed time such a gap is an hour shorter or longer
  across the change; the planner's gaps are whole days of at least the preferred gap, so
  they stay well clear of the minimum);
- gaps in the log are measured in wall-clock hours (20:00 to 20:00 the next day is 24
  hours, even on the night the clocks change);
- a "7-day window" is any stretch of 7 × 24 wall-clock hours: at most the weekly maximum
  of sessions may fall into one.

`now` is an input like any other, so `calculate` is a pure function of its inputs;
`api.run` fills it from the clock when the caller leaves it out.

Decisions that are ours, not the article's (see the module's constants):
- a gap in the log between the minimum and the preferred gap cites the healing rule (an
  info rule: "at least a day, preferably two") and leaves the verdict alone: the rule's own
  minimum is kept, and info rules never lower a verdict;
- the same date-time logged twice counts once (one session entered twice);
- the plan keeps the preferred gap, from the last logged session and between its own
  sessions, and starts no earlier than `now`; a slot of the even pattern that would break a
  limit moves to the first whole day that keeps them all, and slots pushed past the plan's
  last day are dropped, with a note that says so (nothing silent: a plan kept to the weekly
  limit says so too; both notes cite the rule of the limit);
- a start date before today and a logged session later than `now` are refused at their
  fields (`check`), not planned around: a plan cannot start in the past, and a session not
  yet done is not a session done;
- `next_earliest` and `next_preferred` are never before `now` (a reader asking "when next?"
  after a long break is told "now"), rounded up to a whole minute;
- the calendar runs from the first logged session in the two weeks before the plan's start
  (or from the start) to the plan's last day: anchored on the start, not on today, so a plan
  set far ahead never draws months of empty weeks.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .calendar_svg import plan_calendar
from .fields import FieldSpec, format_number
from .result import Messages
from .rules import Rulebook

__all__ = ["fields", "check", "calculate", "iso"]

DAYS_PER_WEEK = 7                     # the calendar's, not the article's
WINDOW = dt.timedelta(days=DAYS_PER_WEEK)
CALENDAR_LOOKBACK = dt.timedelta(weeks=2)  # logged sessions drawn before the plan's start


def fields(book: Rulebook) -> list[FieldSpec]:
    f = book.frequency.fields

    def limits(lim) -> dict[str, Any]:
        # A field with a default in rules.yaml is optional (the default fills it); one without
        # is optional only where the calculator has no need of it (needle-mm).
        return {"minimum": lim.min, "maximum": lim.max, "step": lim.step,
                "default": int(lim.default) if lim.default is not None else None}

    def if_not_given(lim) -> str:
        return f"; {format_number(lim.default)} if not given" if lim.default is not None else ""

    return [
        FieldSpec("needle-mm", "Your needle length", "number", unit="mm",
                  hint="Optional: the needle length of the roller you use.",
                  **limits(f.needle_mm)),
        FieldSpec("sessions-per-week", "Sessions a week", "number",
                  required=f.sessions_per_week.default is None, integer=True, unit="a week",
                  hint="How many sessions a week you plan" + if_not_given(f.sessions_per_week) + ".",
                  **limits(f.sessions_per_week)),
        FieldSpec("minutes", "Minutes a session", "number", required=f.minutes.default is None,
                  integer=True, unit="min",
                  hint="How long each session lasts" + if_not_given(f.minutes) + ".",
                  **limits(f.minutes)),
        FieldSpec("sessions", "Sessions done", "datetime-list", maximum=f.max_log_entries,
                  in_url=False,
                  hint=f"Optional: the dates and times of your past sessions, up to now (at most "
                       f"{f.max_log_entries}). They stay on your device."),
        FieldSpec("start", "Start date", "date",
                  hint="Optional: the first day of the plan, today or later; today if not given."),
        FieldSpec("weeks", "Weeks to plan", "number", integer=True, unit="weeks",
                  required=f.weeks.default is None,
                  hint="How many weeks to plan" + if_not_given(f.weeks) + ".", **limits(f.weeks)),
        FieldSpec("time", "Time of day", "time",
                  hint="Optional: when in the day you roll; the time of your last session if "
                       f"not given, else {f.default_time}."),
        FieldSpec("now", "Now", "datetime", in_url=False, hidden=True,
                  hint="The current local date and time; taken from the clock if not given."),
    ]


def iso(moment: dt.datetime) -> str:
    """A local date-time as "YYYY-MM-DDTHH:MM" (with ":SS" only when the seconds count)."""
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def _ceil_minute(moment: dt.datetime) -> dt.datetime:
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return moment


def _limits_after(log: list[dt.datetime], gap: dt.timedelta, max_week: int
                  ) -> dict[str, dt.datetime]:
    """What a next session must wait for after a sorted log: "gap" after the last session,
    and "window" (with `max_week` sessions logged) until the max-th latest has left the 7-day
    window, so that at most `max_week` (itself included) fall in any 7 days around it."""
    limits = {"gap": log[-1] + gap} if log else {}
    if log and len(log) >= max_week:
        limits["window"] = log[-max_week] + WINDOW
    return limits


def _next_allowed(log: list[dt.datetime], gap: dt.timedelta, max_week: int,
                  now: dt.datetime) -> dt.datetime | None:
    """The earliest moment `_limits_after` allows, not before `now`, rounded up to a whole
    minute; None without a log."""
    if not log or max_week < 1:
        return None
    return _ceil_minute(max([now, *_limits_after(log, gap, max_week).values()]))


def _plan(log: list[dt.datetime], per_week: int, max_week: int, gap: dt.timedelta,
          start: dt.date, weeks: int, at: dt.time, now: dt.datetime
          ) -> tuple[list[dt.datetime], set[str]]:
    """Sessions on whole days at `at`, `per_week` a week spread evenly (day offsets
    floor(k * 7 / n)); a slot that would break a limit moves to the first day that keeps them
    all; slots moved past the plan's last day are left out. Also returns what moved slots:
    "gap" (the gap after the session before), "window" (the weekly maximum), "now"."""
    end = start + dt.timedelta(weeks=weeks)
    taken = list(log)  # sorted; every planned session comes after every logged one
    plan: list[dt.datetime] = []
    moved_by: set[str] = set()
    for week in range(weeks):
        for k in range(per_week):
            wanted = start + dt.timedelta(days=week * DAYS_PER_WEEK + k * DAYS_PER_WEEK // per_week)
            bounds = {"now": now, **_limits_after(taken, gap, max_week)}
            bound = _ceil_minute(max(bounds.values()))  # as next_preferred: whole minutes
            day = max(wanted, bound.date())
            if dt.datetime.combine(day, at) < bound:
                day += dt.timedelta(days=1)
            # every limit that alone would have moved this slot, not only the latest one
            moved_by.update(b for b, t in bounds.items() if t > dt.datetime.combine(wanted, at))
            if day >= end:
                continue
            slot = dt.datetime.combine(day, at)
            plan.append(slot)
            taken.append(slot)
    return plan, moved_by


def check(book: Rulebook, values: dict[str, Any]) -> dict[str, str]:
    """What the fields' own validation cannot see because it needs `now`: a logged session
    later than now, a plan that starts before today. Refused at the field, never planned."""
    now: dt.datetime = values["now"]
    errors = {}
    later = [i for i, s in enumerate(values.get("sessions", ()), 1) if s > now]
    if later:
        errors["sessions"] = (f"Sessions done: entry {later[0]} is later than now "
                              f"({iso(now)}); log only sessions you have done.")
    if "start" in values and values["start"] < now.date():
        errors["start"] = (f"Start date must be today ({now.date().isoformat()}) or later: "
                           "a plan cannot start in the past.")
    return errors


def calculate(book: Rulebook, values: dict[str, Any]) -> dict[str, Any]:
    """Values must come from `fields.parse` and pass `check`, with `now` given (`api.run`
    fills it)."""
    f = book.frequency
    now: dt.datetime | None = values.get("now")
    if now is None:
        raise ValueError("calculate needs 'now'; api.run fills it from the clock")
    max_week = int(math.floor(f.max_sessions_per_week.value))
    min_gap = dt.timedelta(hours=f.min_gap_hours.value)
    preferred = dt.timedelta(hours=f.preferred_gap_hours.value)
    per_week = values["sessions-per-week"]
    messages = Messages(book)

    # the routine the reader plans
    if per_week > max_week:
        messages.add(f.max_sessions_per_week.rule)
    if per_week >= DAYS_PER_WEEK or per_week * min_gap > WINDOW:  # daily, or no room for rest
        messages.add(f.daily_rule)
    if values["minutes"] >= f.long_session_minutes.value:
        messages.add(f.long_session_minutes.rule)

    # the sessions already done
    log = sorted(set(values.get("sessions", ())))
    gaps = [b - a for a, b in zip(log, log[1:])]
    if any(g < min_gap for g in gaps):
        messages.add(f.daily_rule)
    if any(log[i + max_week] - log[i] < WINDOW for i in range(len(log) - max_week)):
        messages.add(f.max_sessions_per_week.rule)
    if any(min_gap <= g < preferred for g in gaps):
        messages.add(f.preferred_gap_hours.rule)  # info: verdict unchanged (module docstring)

    needle = values.get("needle-mm")
    if needle is not None and needle >= book.depth.danger_from_mm.value:
        messages.add(book.depth.danger_from_mm.rule)

    next_earliest = _next_allowed(log, min_gap, max_week, now)
    next_preferred = _next_allowed(log, preferred, max_week, now)
    start = values.get("start", now.date())
    weeks = values["weeks"]
    at = values["time"] if "time" in values else (
        log[-1].time() if log else dt.time.fromisoformat(f.fields.default_time))
    per_week_planned = max(0, min(per_week, max_week))
    plan, moved_by = _plan(log, per_week_planned, max_week, preferred, start, weeks, at, now)
    last_day = start + dt.timedelta(weeks=weeks, days=-1)
    _explain_plan(book, messages, per_week, per_week_planned * weeks, plan, moved_by, last_day)

    recent = [s.date() for s in log if start - CALENDAR_LOOKBACK <= s.date() <= last_day]
    first_day = min([start, *recent])
    return {
        "calculator": "frequency",
        "inputs": {k: _jsonable(v) for k, v in values.items()},
        "max_sessions_per_week": _number(f.max_sessions_per_week.value),
        "min_gap_hours": _number(f.min_gap_hours.value),
        "preferred_gap_hours": _number(f.preferred_gap_hours.value),
        "next_earliest": iso(next_earliest) if next_earliest else None,
        "next_preferred": iso(next_preferred) if next_preferred else None,
        "verdict": messages.verdict(),
        "messages": messages.items,
        "plan": [iso(s) for s in plan],
        "plan_period": [start.isoformat(), last_day.isoformat()],
        "calendar_svg": plan_calendar(plan, [s for s in log if first_day <= s.date() <= last_day],
                                      first_day, last_day, start=start, today=now.date()),
    }


def _explain_plan(book: Rulebook, messages: Messages, asked_per_week: int, asked: int,
                  plan: list[dt.datetime], moved_by: set[str], last_day: dt.date) -> None:
    """Nothing silent: a plan kept to the weekly limit, or shorter than asked, says so and
    cites the rule of the limit it kept to."""
    f = book.frequency
    top = _number(f.max_sessions_per_week.value)
    if asked_per_week > top:
        messages.note("plan-capped", f.max_sessions_per_week.rule,
                      f"The plan keeps to the limit of {top} sessions in any 7 days: {top} a week, "
                      f"not the {asked_per_week} asked for.")
    if len(plan) < asked:
        gap = f"each session comes at least {_number(f.preferred_gap_hours.value)} hours after the one before"
        window = f"no more than {top} fall in any 7 days"
        why = " and ".join(w for r, w in (("gap", gap), ("window", window)) if r in moved_by) or \
            "no session is planned before now"
        have = f"{len(plan)} of the {asked}" if plan else f"none of the {asked}"
        messages.note("plan-shorter",
                      f.max_sessions_per_week.rule if "window" in moved_by else f.preferred_gap_hours.rule,
                      f"The plan has {have} sessions asked for: {why} (logged sessions included), "
                      f"and the others would fall after {last_day.isoformat()}, the plan's last day.")


def _number(value: float) -> int | float:
    """3, not 3.0: the Rulebook's numbers as a reader would write them."""
    return int(value) if float(value).is_integer() else float(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
