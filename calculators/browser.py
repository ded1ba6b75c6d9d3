"""The worker's door into Python: JSON text in, JSON text out.

Strings cross the JS/Python boundary instead of proxies, so nothing on the JavaScript side
holds Python objects that would need destroying, and the answer is exactly what the CLI's
`--format json` prints.
"""

from __future__ import annotations

import datetime as dt
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
    from .ics import plan_ics  # only when a reader asks for the file

    if not result["plan"]:
        return json.dumps({"calculator": calculator, "valid": False,
                           "errors": {"": "the plan is empty: nothing to put in a calendar"}})
    stamp = f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    text = plan_ics(result["plan"], default_rulebook(), stamp, minutes=result["inputs"]["minutes"])
    return json.dumps({"calculator": calculator, "valid": True, "ics": text})
