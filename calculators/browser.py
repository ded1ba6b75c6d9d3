"""The worker's door into Python: JSON text in, JSON text out.

Strings cross the JS/Python boundary instead of proxies, so nothing on the JavaScript side
holds Python objects that would need destroying, and the answer is exactly what the CLI's
`--format json` prints.
"""

from __future__ import annotations

import functools
import json

from .api import run
from .rules import Rulebook

__all__ = ["handle", "rulebook"]


@functools.lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    """The wheel's rules (the worker loads them before it makes its snapshot)."""
    # Not checked again: make_wheel (rulebook/bundle.py) writes no rules
    # that fail the check, and the worker installs only the wheel whose sha256 the lock
    # names. So the wheel needs no rules_check.py (3 KB) and the first answer no check.
    return Rulebook.embedded(checked=True)


def handle(calculator: str, inputs_json: str, fmt: str = "json") -> str:
    """`fmt="ics"` (frequency only): `{"valid": true, "ics": TEXT}` for the download."""
    try:
        inputs = json.loads(inputs_json)
    except ValueError:
        return json.dumps({"calculator": calculator, "valid": False,
                           "errors": {"": "the inputs are not valid JSON"}})
    result = run(calculator, inputs, rulebook())
    if fmt != "ics" or not result["valid"]:
        return json.dumps(result)
    if calculator != "frequency":
        return json.dumps({"calculator": calculator, "valid": False,
                           "errors": {"": "only the frequency calculator makes a calendar"}})
    from .ics import result_ics  # only when a reader asks for the file

    try:
        text = result_ics(result, rulebook())
    except ValueError as e:  # an empty plan: RFC 5545 wants at least one event
        return json.dumps({"calculator": calculator, "valid": False, "errors": {"": str(e)}})
    return json.dumps({"calculator": calculator, "valid": True, "ics": text})
