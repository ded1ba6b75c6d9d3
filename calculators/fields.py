"""Field definitions and input validation, shared by the form, the CLI and the browser.

A calculator declares its fields (`FieldSpec`); option values, option labels and limits come
from the Rulebook. The build renders the HTML form from the same specs, the CLI makes its
flags from them, and `parse` validates whatever arrives (form strings, URL parameters,
JSON numbers) with one message per field.

Dates and times are local wall-clock values without a zone ("floating"), written the way
HTML's date, time and datetime-local controls write them: `2026-11-24`, `20:00`,
`2026-11-24T20:00` (seconds optional). Nothing else is accepted, although
`datetime.fromisoformat` alone would take week dates, ordinal dates, zones and fractions:
a regular expression checks the form first.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FieldSpec", "parse", "format_number", "format_mm_range", "YEARS"]

# Dates outside these years are typing mistakes, not plans (inclusive).
YEARS = (2000, 2100)
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# Hours 00-23 here, not in fromisoformat: Python 3.14 (Pyodide) reads "24:00" as the next
# midnight, 3.13 refuses it; the pattern makes both interpreters give the same answer.
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"
# Plain decimal numbers only: float() would also take "0_5", "nan" and other scripts' digits.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FORMS = {  # kind -> (exact form, parser, example for messages)
    "date": (re.compile(_DATE), dt.date.fromisoformat, "a date like 2026-11-24"),
    "time": (re.compile(_TIME), dt.time.fromisoformat, "a time like 20:00"),
    "datetime": (re.compile(f"{_DATE}T{_TIME}"), dt.datetime.fromisoformat,
                 "a date and time like 2026-11-24T20:00"),
}


@dataclass(frozen=True)
class FieldSpec:
    name: str                     # form control name, URL parameter and CLI flag (--name)
    label: str
    kind: str                     # "choice" | "number" | "date" | "time" | "datetime" | "datetime-list"
    hint: str = ""
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()   # (value, label)
    minimum: float | None = None
    maximum: float | None = None  # for "datetime-list": the most entries
    step: float | None = None
    unit: str = ""
    integer: bool = False
    # Shown, checked and used only when another field, listed earlier, has one of these values.
    only_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # False: never written into the page URL (a reader's log stays on the device).
    in_url: bool = True
    # True: not a control the reader sees; the page or api.run supplies it (the clock).
    hidden: bool = False
    # The value the form opens with and `parse` uses when the field is not given (rules.yaml).
    default: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "label": self.label, "kind": self.kind, "hint": self.hint,
            "required": self.required, "options": [list(o) for o in self.options],
            "min": self.minimum, "max": self.maximum, "step": self.step, "unit": self.unit,
            "integer": self.integer, "only_when": {k: list(v) for k, v in self.only_when.items()},
            "in_url": self.in_url, "hidden": self.hidden, "default": self.default,
        }

    def accepted(self) -> str:
        """What this field accepts, in words (for error messages)."""
        if self.kind == "choice":
            return "one of " + ", ".join(v for v, _ in self.options)
        if self.kind in _FORMS:
            return _FORMS[self.kind][2]
        if self.kind == "datetime-list":
            most = f"at most {format_number(self.maximum)} " if self.maximum is not None else ""
            return f"a list of {most}dates and times like 2026-11-24T20:00"
        what = "a whole number" if self.integer else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{what} from {format_number(self.minimum)} to {format_number(self.maximum)}{unit}"


def format_number(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def format_mm_range(low: float, high: float | None = None, joiner: str = "–") -> str:
    """1–1.5 mm, or 0.5 mm when both ends are the same."""
    if high is None or low == high:
        return f"{format_number(low)} mm"
    return f"{format_number(low)}{joiner}{format_number(high)} mm"


def _parse_number(spec: FieldSpec, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if len(text) > 32 or not _NUMBER.fullmatch(text):
            raise ValueError
        value = float(text)  # "1e400" overflows to inf: caught below
    else:
        raise ValueError
    if not math.isfinite(value):
        raise ValueError
    if spec.integer and not value.is_integer():
        raise ValueError
    return value


class _YearError(ValueError):
    """A well-formed date outside YEARS."""


def _years() -> str:
    return f"in the years {YEARS[0]} to {YEARS[1]}"


def _parse_when(kind: str, raw: Any) -> dt.date | dt.time | dt.datetime:
    """A date, time or date-time in exactly the accepted form; ValueError otherwise."""
    form, parser, _ = _FORMS[kind]
    if not isinstance(raw, str):
        raise ValueError
    text = raw.strip()
    if not form.fullmatch(text):  # [0-9], not \d: no other scripts' digits
        raise ValueError
    value = parser(text)  # ValueError on 2026-02-30 and the like
    if isinstance(value, dt.date) and not YEARS[0] <= value.year <= YEARS[1]:
        raise _YearError
    return value


def _parse_list(spec: FieldSpec, raw: Any) -> tuple[list[dt.datetime] | None, str | None]:
    """(entries, None) or (None, message); the message names the entry, never echoes it."""
    if not isinstance(raw, (list, tuple)):
        return None, f"{spec.label} must be {spec.accepted()}."
    if spec.maximum is not None and len(raw) > spec.maximum:
        return None, f"{spec.label} can hold at most {format_number(spec.maximum)} entries."
    entries = []
    for i, item in enumerate(raw, 1):
        try:
            entries.append(_parse_when("datetime", item))
        except _YearError:
            return None, f"{spec.label}: entry {i} must be {_FORMS['datetime'][2]}, {_years()}."
        except (ValueError, TypeError):
            return None, (f"{spec.label}: entry {i} must be "
                          f"{_FORMS['datetime'][2]}.")
    return entries, None


def parse(specs: list[FieldSpec], raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate raw inputs. Returns (values, errors), errors keyed by field name.

    Empty strings, None and empty lists count as "not given": a field with a default gets
    it, a required one an error, any other is left out. Fields whose `only_when`
    condition is not met are dropped, so a hidden control never changes the answer.
    """
    if not isinstance(raw, dict):
        return {}, {"": "inputs must be a mapping of field names to values"}
    by_name = {s.name: s for s in specs}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in raw:
        if key not in by_name:
            errors[str(key)[:40]] = (f"unknown field {str(key)[:40]!r}; the fields are: "
                                     + ", ".join(by_name))
    for spec in specs:
        if any(values.get(other) not in allowed for other, allowed in spec.only_when.items()):
            continue  # not asked in this case (a hidden control): never an error, never used
        value = raw.get(spec.name)
        if value is None or (isinstance(value, str) and not value.strip()) or \
                (spec.kind == "datetime-list" and isinstance(value, (list, tuple)) and not value):
            if spec.required:
                errors[spec.name] = f"{spec.label} is required: choose {spec.accepted()}."
            elif spec.default is not None:
                values[spec.name] = int(spec.default) if spec.integer else spec.default
            continue
        if spec.kind == "choice":
            if not isinstance(value, str) or value not in {v for v, _ in spec.options}:
                errors[spec.name] = f"{spec.label} must be {spec.accepted()}."
                continue
            values[spec.name] = value
        elif spec.kind in _FORMS:
            try:
                values[spec.name] = _parse_when(spec.kind, value)
            except _YearError:
                errors[spec.name] = f"{spec.label} must be {spec.accepted()}, {_years()}."
            except (ValueError, TypeError):
                errors[spec.name] = f"{spec.label} must be {spec.accepted()}."
        elif spec.kind == "datetime-list":
            entries, message = _parse_list(spec, value)
            if message is not None:
                errors[spec.name] = message
            else:
                values[spec.name] = entries
        else:
            try:
                number = _parse_number(spec, value)
            except (ValueError, OverflowError):
                errors[spec.name] = f"{spec.label} must be {spec.accepted()}."
                continue
            if (spec.minimum is not None and number < spec.minimum) or \
                    (spec.maximum is not None and number > spec.maximum):
                errors[spec.name] = f"{spec.label} must be {spec.accepted()}."
                continue
            values[spec.name] = int(number) if spec.integer else number
    return values, errors
