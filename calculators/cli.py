"""`python -m calculators depth --goal hair ...`: the calculators in a terminal.

Flags are made from the same field definitions as the browser form; values go through the
same validation. Bad input exits with status 2 and one line naming the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

from .api import CALCULATORS, fields_of, run
from .fields import format_number
from .rules import RulesError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculators",
                     description="Derma rolling calculators (general information, not medical advice).")
    sub = parser.add_subparsers(dest="calculator", required=True, parser_class=_Parser)
    for name in CALCULATORS:
        p = sub.add_parser(name, help=f"the {name} calculator")
        for spec in fields_of(name):
            kwargs: dict[str, Any] = {"dest": spec.name, "help": f"{spec.hint} ({spec.accepted()})"}
            if spec.kind == "choice":
                kwargs["metavar"] = "{" + ",".join(v for v, _ in spec.options) + "}"
            else:
                kwargs["metavar"] = "N" if spec.integer else "X"
            p.add_argument(f"--{spec.name}", **kwargs)  # strings: validated by fields.parse
        p.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _text(result: dict[str, Any]) -> str:
    lines = []
    if "recommended_mm" in result:
        low, high = result["recommended_mm"]
        span = f"{format_number(low)} mm" if low == high else f"{format_number(low)}–{format_number(high)} mm"
        lines.append(f"Recommended needle length: {span}.")
    lines.append(f"Verdict: {result['verdict']}.")
    for m in result["messages"]:
        lines.append(f"- [{m['level']}] {m['text']} ({m['rule']})")
    lines.append("General information, not medical advice.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = _parser()
    except RulesError as e:
        print(f"calculators: cannot load the rules: {e}", file=sys.stderr)
        return 1
    args = parser.parse_args(argv)
    inputs = {spec.name: getattr(args, spec.name) for spec in fields_of(args.calculator)
              if getattr(args, spec.name) is not None}
    result = run(args.calculator, inputs)
    if not result["valid"]:
        name, message = next(iter(result["errors"].items()))
        print(f"{parser.prog} {args.calculator}: error: --{name}: {message}", file=sys.stderr)
        return 2
    if args.format == "json":
        out = {k: v for k, v in result.items() if k not in ("valid", "calculator", "inputs")}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(_text(result))
    return 0
