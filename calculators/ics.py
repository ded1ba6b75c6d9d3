"""The session plan as an iCalendar file (RFC 5545) that calendar programs import.

Floating times, on purpose: DTSTART and DTEND carry neither "Z" nor TZID (RFC 5545
section 3.3.5, "form #1: date with local time"). A planned session happens at that
wall-clock time wherever the reader is, in summer time and in winter time, which is the
planner's time model (see frequency.py); the browser has no time-zone database to name a
zone with anyway. DTSTAMP, which says when the file was made, is UTC as the RFC requires.

Each event's UID is derived from the session's date and time alone, so exporting the same
plan twice, or a changed plan that keeps a session, gives that session the same UID and a
calendar program updates it instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Iterable

from .rules import Rulebook

__all__ = ["plan_ics", "result_ics", "reminder", "UID_DOMAIN", "SUMMARY"]

UID_DOMAIN = "dermaroll-guide"
PRODID = "-//dermaroll-guide//Derma rolling session plan//EN"
SUMMARY = "Derma rolling session"
_STAMP = re.compile(r"([0-9]{8}T[0-9]{6})Z|([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})"
                    r"(?:\.[0-9]+)?Z")


# Control characters TEXT may not hold (section 3.3.11); newlines are escaped, not dropped.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 section 3.3.11): backslash first, then ; , newline."""
    value = _CONTROL.sub("", value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets (section 3.1), never splitting a UTF-8 character; the
    continuation lines start with a space, which counts towards their 75."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += n
    parts.append(current)
    return "\r\n".join(parts)


def _stamp(now_utc_stamp: str) -> str:
    """The RFC form of a UTC time given as 20261124T193000Z (RFC 5545) or as
    2026-11-24T19:30:00Z or 2026-11-24T19:30:00.123Z (JavaScript's toISOString)."""
    match = _STAMP.fullmatch(now_utc_stamp.strip()) if isinstance(now_utc_stamp, str) else None
    if match is None:
        raise ValueError("now_utc_stamp must be a UTC time like 20261124T193000Z")
    if match.group(1):
        moment = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
    else:
        moment = dt.datetime.fromisoformat(match.group(2))
    return f"{moment:%Y%m%dT%H%M%S}Z"


def _local(moment: dt.datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"  # floating: no Z, no TZID (see the module docstring)


def reminder(book: Rulebook) -> list[str]:
    """The advice that every event repeats: the rules rules.yaml lists in
    `parameters.frequency.calendar_reminder`, each once, in that order."""
    ids = book.frequency.calendar_reminder
    return [" ".join(book.rule(i).advice.split()) for i in dict.fromkeys(ids)]


def plan_ics(plan: Iterable[str | dt.datetime], book: Rulebook, now_utc_stamp: str,
             minutes: int | None = None) -> str:
    """The calendar as text with CRLF line ends. `plan` holds local date-times (ISO strings
    as in the calculator's result, or naive datetimes); `minutes` sets each event's length
    and is named in the description (without it the events have no end, as RFC 5545
    allows). An empty plan is refused: RFC 5545 wants at least one event in a calendar."""
    plan = list(plan)
    if not plan:
        raise ValueError("the plan is empty: there is nothing to put in a calendar")
    stamp = _stamp(now_utc_stamp)
    advice = reminder(book)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for item in plan:
        start = item if isinstance(item, dt.datetime) else dt.datetime.fromisoformat(item)
        if start.tzinfo is not None:
            raise ValueError("plan times are local wall-clock times without a zone")
        start = start.replace(microsecond=0)
        uid = hashlib.sha256(start.isoformat().encode("ascii")).hexdigest()[:24]
        description = ([f"{minutes} minutes."] if minutes is not None else []) + advice
        lines += ["BEGIN:VEVENT", f"UID:{uid}@{UID_DOMAIN}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_local(start)}"]
        if minutes is not None:
            lines.append(f"DTEND:{_local(start + dt.timedelta(minutes=minutes))}")
        lines += [f"SUMMARY:{_text(SUMMARY)}",
                  f"DESCRIPTION:{_text(chr(10).join(description))}",
                  "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def result_ics(result: dict, book: Rulebook) -> str:
    """The calendar of a frequency result, stamped now (UTC): what the CLI prints and the
    browser downloads. ValueError when the plan is empty."""
    stamp = f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    return plan_ics(result["plan"], book, stamp, minutes=result["inputs"]["minutes"])
