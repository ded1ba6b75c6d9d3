"""Field definitions and input validation, shared by the form, the CLI and the browser.

A calculator declares its fields (`FieldSpec`); option values, option labels and limits come
from the Rulebook. The build renders the HTML form from the same specs, the CLI makes its
flags from them, and `parse` validates whatever arrives (form strings, URL parameters,
JSON numbers) with one message per field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FieldSpec", "parse", "format_number"]


@dataclass(frozen=True)
class FieldSpec:
    name: str                     # form control name, URL parameter and CLI flag (--name)
    label: str
    kind: str                     # "choice" | "number"
    hint: str = ""
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()   # (value, label)
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    unit: str = ""
    integer: bool = False
    # Shown and used only when another field has one of these values, e.g. {"goal": ("hair",)}.
    only_when: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "label": self.label, "kind": self.kind, "hint": self.hint,
            "required": self.required, "options": [list(o) for o in self.options],
            "min": self.minimum, "max": self.maximum, "step": self.step, "unit": self.unit,
            "integer": self.integer, "only_when": {k: list(v) for k, v in self.only_when.items()},
        }

    def accepted(self) -> str:
        """What this field accepts, in words (for error messages)."""
        if self.kind == "choice":
            return "one of " + ", ".join(v for v, _ in self.options)
        what = "a whole number" if self.integer else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{what} from {format_number(self.minimum)} to {format_number(self.maximum)}{unit}"


def format_number(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _parse_number(spec: FieldSpec, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if len(text) > 32:
            raise ValueError
        value = float(text)  # ValueError on words; "nan"/"inf" parse and are caught below
    else:
        raise ValueError
    if not math.isfinite(value):
        raise ValueError
    if spec.integer and not value.is_integer():
        raise ValueError
    return value


def parse(specs: list[FieldSpec], raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate raw inputs. Returns (values, errors), errors keyed by field name.

    Empty strings and None count as "not given". Fields whose `only_when` condition is not
    met are dropped, so a hidden control never changes the answer.
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
        value = raw.get(spec.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required:
                errors[spec.name] = f"{spec.label} is required: choose {spec.accepted()}."
            continue
        if spec.kind == "choice":
            if not isinstance(value, str) or value not in {v for v, _ in spec.options}:
                errors[spec.name] = f"{spec.label} must be {spec.accepted()}."
                continue
            values[spec.name] = value
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
    for spec in specs:
        for other, allowed in spec.only_when.items():
            if spec.name in values and values.get(other) not in allowed:
                del values[spec.name]
    return values, errors
