"""One entry point for every caller: the CLI, the browser worker and the tests."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from . import depth, frequency
from .fields import FieldSpec, parse
from .rules import Rulebook

__all__ = ["CALCULATORS", "run", "fields_of", "default_rulebook"]

CALCULATORS = {"depth": depth, "frequency": frequency}


@functools.lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    return Rulebook.embedded()


def fields_of(calculator: str, book: Rulebook | None = None) -> list[FieldSpec]:
    return CALCULATORS[calculator].fields(book or default_rulebook())


def run(calculator: str, inputs: dict[str, Any], book: Rulebook | None = None) -> dict[str, Any]:
    """Validate inputs and compute. Always returns JSON-able data, never raises on bad input:
    `{"valid": false, "errors": {field: message}}` or `{"valid": true, ...result}`."""
    if calculator not in CALCULATORS:
        return {"calculator": str(calculator)[:40], "valid": False,
                "errors": {"": "unknown calculator; use one of: " + ", ".join(CALCULATORS)}}
    book = book or default_rulebook()
    module = CALCULATORS[calculator]
    specs = module.fields(book)
    now = inputs.get("now") if isinstance(inputs, dict) else None
    if isinstance(inputs, dict) and any(s.name == "now" for s in specs) and \
            (now is None or (isinstance(now, str) and not now.strip())):
        # The calculators are pure functions of their inputs; the clock is read here, once.
        # Local wall-clock time (in Pyodide: the browser's), see frequency.py's time model.
        inputs = {**inputs, "now": dt.datetime.now().replace(microsecond=0).isoformat()}
    values, errors = parse(specs, inputs)
    if not errors and hasattr(module, "check"):  # what needs several fields (the clock) to see
        errors = module.check(book, values)
    if errors:
        return {"calculator": calculator, "valid": False, "errors": errors}
    return {"valid": True, **module.calculate(book, values)}
