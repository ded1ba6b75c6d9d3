"""`python -m calculators depth --goal hair ...`: the calculators in a terminal.

Flags are made from the same field definitions as the browser form; values go through the
same validation. Bad input exits with status 2 and one line naming the field.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, Sequence

from .api import CALCULATORS, fields_of, run
from .fields import format_number
from .rules import RulesError

__all__ = ["main"]


def _one_line(text: str) -> str:
    """Control characters (a newline in a hostile value) shown escaped: one line, always."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Parser(argparse.ArgumentParser):
    accepted: dict[str, str]  # flag -> what it accepts, in words

    def error(self, message: str) -> None:  # one line, no usage dump
        flag = re.match(r"argument (--[\w-]+)", message)
        accepted = getattr(self, "accepted", {}).get(flag.group(1)) if flag else None
        if accepted and "expected one argument" in message:
            # also what argparse says for a value that starts with '-', such as -inf
            message = (f"{flag.group(1)}: expected a value: {accepted} "
                       f"(write {flag.group(1)}=VALUE for a value that starts with '-')")
        self.exit(2, _one_line(f"{self.prog}: error: {message}") + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculators",
                     description="Derma rolling calculators (general information, not medical advice).")
    sub = parser.add_subparsers(dest="calculator", required=True, parser_class=_Parser)
    for name in CALCULATORS:
        p = sub.add_parser(name, help=f"the {name} calculator")
        p.accepted = {f"--{spec.name}": spec.accepted() for spec in fields_of(name)}
        p.accepted["--format"] = "one of text, json"
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
    args, extra = parser.parse_known_args(argv)
    prog = f"{parser.prog} {args.calculator}"
    specs = fields_of(args.calculator)
    if extra:
        flags = ", ".join(f"--{s.name}" for s in specs)
        print(_one_line(f"{prog}: error: unrecognized arguments: {' '.join(extra)[:80]}; "
                        f"the options are: {flags}, --format"), file=sys.stderr)
        return 2
    for spec in specs:  # a flag given with an empty value is a mistake, not "not given"
        value = getattr(args, spec.name)
        if value is not None and not value.strip():
            print(f"{prog}: error: --{spec.name}: {spec.label} must be {spec.accepted()}.",
                  file=sys.stderr)
            return 2
    inputs = {spec.name: getattr(args, spec.name) for spec in specs
              if getattr(args, spec.name) is not None}
    result = run(args.calculator, inputs)
    if not result["valid"]:
        name, message = next(iter(result["errors"].items()))
        print(_one_line(f"{prog}: error: --{name}: {message}"), file=sys.stderr)
        return 2
    if args.format == "json":
        out = {k: v for k, v in result.items() if k not in ("valid", "calculator", "inputs")}
        text = json.dumps(out, indent=2, ensure_ascii=False)
    else:
        text = _text(result)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head`: the reader left; no traceback at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
