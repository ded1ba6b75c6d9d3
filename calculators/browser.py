"""The worker's door into Python: JSON text in, JSON text out.

Strings cross the JS/Python boundary instead of proxies, so nothing on the JavaScript side
holds Python objects that would need destroying, and the answer is exactly what the CLI's
`--format json` prints.
"""

from __future__ import annotations

import json

from .api import run

__all__ = ["handle"]


def handle(calculator: str, inputs_json: str) -> str:
    try:
        inputs = json.loads(inputs_json)
    except ValueError:
        return json.dumps({"calculator": calculator, "valid": False,
                           "errors": {"": "the inputs are not valid JSON"}})
    return json.dumps(run(calculator, inputs))
