"""The worker's door into Python: JSON text in, JSON text out.

Strings cross the JS/Python boundary instead of proxies, so nothing on the JavaScript side
holds Python objects that would need destroying, and the answer is exactly what the CLI's
`--format json` prints.
"""

from __future__ import annotations

import json

from .api import default_rulebook, run

__all__ = ["handle"]


def handle(calculator: str, inputs_json: str, fmt: str = "json") -> str:
    """`fmt="ics"` (frequency only): `{"valid": true, "ics": TEXT}` for the download."""
    try:
        inputs = json.loads(inputs_json)
    except ValueError:
        return json.dumps({"calculator": calculator, "valid": False,
                           "errors": {"": "the inputs are not valid JSON"}})
    result = run(calculator, inputs)
    if fmt != "ics" or not result["valid"]:
        return json.dumps(result)
    if calculator != "frequency":
        return json.dumps({"calculator": calculator, "valid": False,
                           "errors": {"": "only the frequency calculator makes a calendar"}})
    from .ics import result_ics  # only when a reader asks for the file

    try:
        text = result_ics(result, default_rulebook())
    except ValueError as e:  # an empty plan: RFC 5545 wants at least one event
        return json.dumps({"calculator": calculator, "valid": False, "errors": {"": str(e)}})
    return json.dumps({"calculator": calculator, "valid": True, "ics": text})
