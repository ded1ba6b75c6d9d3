"""`python -m calculators depth --goal hair ...`: the calculators in a terminal.

Flags are made from the same field definitions as the browser form; values go through the
same validation. Bad input exits with status 2 and one line naming the field. A list field
takes one flag per entry, named in the singular (`--session X --session Y` for `sessions`);
a hidden field (`now`, which the clock fills) has a flag that help does not list, so runs
can be reproduced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from typing import Any, Sequence

from .api import CALCULATORS, default_rulebook, fields_of, run
from .calendar_svg import WEEKDAYS
from .fields import FieldSpec, format_mm_range, format_number
from .ics import result_ics
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


# Output formats beyond text and json, per calculator.
EXTRA_FORMATS = {"frequency": ("ics",)}
_METAVARS = {"date": "DATE", "time": "HH:MM", "datetime": "ISO-DATETIME",
             "datetime-list": "ISO-DATETIME"}


def flag_of(spec: FieldSpec) -> str:
    """The CLI flag of a field: a list's flag names one entry (--session for sessions)."""
    name = spec.name.removesuffix("s") if spec.kind == "datetime-list" else spec.name
    return f"--{name}"


def formats_of(calculator: str) -> tuple[str, ...]:
    return ("text", "json") + EXTRA_FORMATS.get(calculator, ())


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculators",
                     description="Derma rolling calculators (general information, not medical advice).")
    sub = parser.add_subparsers(dest="calculator", required=True, parser_class=_Parser)
    for name in CALCULATORS:
        # exact flags only: "--sessions" must not quietly mean --sessions-per-week
        p = sub.add_parser(name, help=f"the {name} calculator", allow_abbrev=False)
        specs = fields_of(name)
        p.accepted = {flag_of(spec): spec.accepted() for spec in specs}
        p.accepted["--format"] = "one of " + ", ".join(formats_of(name))
        for spec in specs:
            kwargs: dict[str, Any] = {"dest": spec.name, "help": f"{spec.hint} ({spec.accepted()})"}
            if spec.kind == "choice":
                kwargs["metavar"] = "{" + ",".join(v for v, _ in spec.options) + "}"
            else:
                kwargs["metavar"] = _METAVARS.get(spec.kind, "N" if spec.integer else "X")
            if spec.kind == "datetime-list":
                kwargs["action"] = "append"
            if spec.hidden:
                kwargs["help"] = argparse.SUPPRESS
            p.add_argument(flag_of(spec), **kwargs)  # strings: validated by fields.parse
        p.add_argument("--format", choices=formats_of(name), default="text")
    return parser


def _text(result: dict[str, Any]) -> str:
    lines = []
    if result.get("calculator") == "frequency":
        lines.append(_frequency_text(result))
    if "recommended_mm" in result:
        low, high = result["recommended_mm"]
        span = format_mm_range(low, high)
        lines.append(f"Recommended needle length: {span}.")
    lines.append(f"Verdict: {result['verdict']}.")
    for m in result["messages"]:
        lines.append(f"- [{m['level']}] {m['text']} ({m['rule']})")
    lines.append("General information, not medical advice.")
    return "\n".join(lines)


def _when(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso)  # weekday names fixed, not the locale's
    return f"{WEEKDAYS[moment.weekday()]} {moment:%Y-%m-%d} at {moment:%H:%M}"


def _frequency_text(result: dict[str, Any]) -> str:
    lines = [f"At most {format_number(result['max_sessions_per_week'])} sessions in any 7 days, "
             f"at least {format_number(result['min_gap_hours'])} hours apart, preferably "
             f"{format_number(result['preferred_gap_hours'])} hours."]
    if result["next_earliest"] is None:
        lines.append("Next session: any time; no sessions are logged.")
    else:
        lines.append(f"Next session: from {_when(result['next_earliest'])} at the earliest, "
                     f"preferably from {_when(result['next_preferred'])}.")
    first, last = result["plan_period"]
    plan = result["plan"]
    count = f"{len(plan)} session" + ("" if len(plan) == 1 else "s")
    lines.append(f"Plan for {first} to {last}, {count}" + ("." if not plan else ":"))
    lines += [f"- {_when(moment)}." for moment in plan]
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
        flags = ", ".join(flag_of(s) for s in specs if not s.hidden)
        print(_one_line(f"{prog}: error: unrecognized arguments: {' '.join(extra)[:80]}; "
                        f"the options are: {flags}, --format"), file=sys.stderr)
        return 2
    for spec in specs:  # a flag given with an empty value is a mistake, not "not given"
        value = getattr(args, spec.name)
        entries = value if isinstance(value, list) else [value]
        if value is not None and any(not v.strip() for v in entries):
            print(f"{prog}: error: {flag_of(spec)}: {spec.label} must be {spec.accepted()}.",
                  file=sys.stderr)
            return 2
    inputs = {spec.name: getattr(args, spec.name) for spec in specs
              if getattr(args, spec.name) is not None}
    result = run(args.calculator, inputs)
    if not result["valid"]:
        name, message = next(iter(result["errors"].items()))
        flag = next((flag_of(s) for s in specs if s.name == name), f"--{name}")
        print(_one_line(f"{prog}: error: {flag}: {message}"), file=sys.stderr)
        return 2
    if args.format == "json":
        out = {k: v for k, v in result.items() if k not in ("valid", "calculator", "inputs")}
        text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "ics":
        try:
            text = result_ics(result, default_rulebook())
        except ValueError as e:
            print(f"{prog}: error: --format ics: {e}", file=sys.stderr)
            return 2
    else:
        text = _text(result) + "\n"
    try:
        binary = getattr(sys.stdout, "buffer", None)
        if args.format == "ics" and binary is not None:
            binary.write(text.encode("utf-8"))  # CRLF line ends unchanged on any OS
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head`: the reader left; no traceback at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
