"""`python -m calculators depth --goal hair ...`: the calculators in a terminal.

Flags are made from the same field definitions as the browser form; values go through the
same validation. Bad input exits with status 2 and one line naming the field. A list field
takes its entries under a flag named in the singular, one or several at a time
(`--session X Y --session Z` for `sessions`); a hidden field (`now`, which the clock fills)
has a flag that help does not list, so runs can be reproduced.

Which rules: in a checkout (rules.yaml beside the package, and the build side importable),
rules.yaml itself, read through `rulebook.loading` on every run, so an edit reaches the
CLI with no other step; otherwise the rules embedded in the package (calculators/rules.json,
which `python -m rulebook export` writes). The browser's wheel carries the rules but not this
module (nor `__main__`): the CLI runs from a checkout. The build side
is imported here, lazily, and nowhere else in the package: the calculators themselves never
depend on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Sequence

from .api import CALCULATORS, fields_of, run
from .calendar_svg import WEEKDAYS
from .fields import FieldSpec, format_mm_range, format_number
from .ics import result_ics
from .rules import Rulebook, RulesError

__all__ = ["main"]


def _one_line(text: str) -> str:
    """Control characters (a newline in a hostile value) shown escaped: one line, always."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Parser(argparse.ArgumentParser):
    accepted: dict[str, str]  # flag -> what it accepts, in words

    def error(self, message: str) -> None:  # one line, no usage dump
        flag = re.match(r"argument (--[\w-]+)", message)
        accepted = getattr(self, "accepted", {}).get(flag.group(1)) if flag else None
        if accepted and ("expected one argument" in message
                         or "expected at least one argument" in message):
            # also what argparse says for a value that starts with '-', such as -inf
            message = (f"{flag.group(1)}: expected a value: {accepted} "
                       f"(write {flag.group(1)}=VALUE for a value that starts with '-')")
        elif "required: calculator" in message:  # no command given: say which there are
            message = (f"choose a calculator: {' or '.join(CALCULATORS)} "
                       f"(e.g. '{self.prog} {next(iter(CALCULATORS))} --help')")
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


CHECKOUT_RULES = Path(__file__).resolve().parent.parent / "rules.yaml"
_cache: dict[tuple, Rulebook] = {}


class RulesUnavailable(Exception):
    """The rules cannot be loaded; the message names each problem and its fix, one a line."""


def load_rules() -> Rulebook:
    """rules.yaml in a checkout, else the rules embedded in the package (module docstring)."""
    if CHECKOUT_RULES.is_file():
        try:
            from rulebook.loading import RulesFileError, load  # the build side: a checkout only
        except ImportError as e:
            build_side_missing = e
        else:
            stat = CHECKOUT_RULES.stat()
            key = (str(CHECKOUT_RULES), stat.st_mtime_ns, stat.st_size)
            if key not in _cache:  # in one process (the tests), each version is read once
                try:
                    _cache.clear()
                    _cache[key] = load(CHECKOUT_RULES, None, shown_as=_shown(CHECKOUT_RULES))
                except RulesFileError as e:
                    raise RulesUnavailable(str(e)) from None
            return _cache[key]
    else:
        build_side_missing = None
    try:
        return Rulebook.embedded()
    except RulesError as e:
        if build_side_missing is not None:
            raise RulesUnavailable(
                f"{_shown(CHECKOUT_RULES)}: cannot be read: {build_side_missing} — set the "
                "checkout up with 'make setup' and run '.venv/bin/python -m calculators'") from None
        raise RulesUnavailable(str(e)) from None


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _help(text: str) -> str:
    return text.replace("%", "%%")  # argparse formats help with %: a literal one is doubled


def _parser(book: Rulebook) -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculators",
                     description="Derma rolling calculators (general information, not medical advice).")
    sub = parser.add_subparsers(dest="calculator", required=True, parser_class=_Parser)
    for name in CALCULATORS:
        # exact flags only: "--sessions" must not quietly mean --sessions-per-week
        p = sub.add_parser(name, help=f"the {name} calculator", allow_abbrev=False,
                           description=f"The {name} calculator. General information, not "
                                       "medical advice.")
        specs = fields_of(name, book)
        p.accepted = {flag_of(spec): spec.accepted() for spec in specs}
        p.accepted["--format"] = "one of " + ", ".join(formats_of(name))
        for spec in specs:
            kwargs: dict[str, Any] = {"dest": spec.name,
                                      "help": _help(f"{spec.hint} ({spec.accepted()})")}
            if spec.kind == "choice":
                kwargs["metavar"] = "{" + ",".join(v for v, _ in spec.options) + "}"
            else:
                kwargs["metavar"] = _METAVARS.get(spec.kind, "N" if spec.integer else "X")
            if spec.kind == "datetime-list":
                kwargs.update(action="extend", nargs="+")  # --session A B, --session A --session B
            if spec.hidden:
                kwargs["help"] = argparse.SUPPRESS
            p.add_argument(flag_of(spec), **kwargs)  # strings: validated by fields.parse
        p.add_argument("--format", choices=formats_of(name), default="text",
                       help="text (sentences), json (the data the browser gets)"
                            + (", ics (the plan as a calendar file)" if name == "frequency" else ""))
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
    elif result["next_preferred"] == result["next_earliest"]:  # one time, said once
        lines.append(f"Next session: from {_when(result['next_earliest'])}.")
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
    """The exit status: 0 answered, 1 the rules could not be loaded, 2 bad input."""
    try:
        book = load_rules()
    except RulesUnavailable as e:
        print(f"calculators: cannot load the rules:\n{e}", file=sys.stderr)
        return 1
    parser = _parser(book)
    try:
        args, extra = parser.parse_known_args(argv)
    except SystemExit as e:  # --help, or argparse's own one-line error (_Parser.error)
        return e.code if isinstance(e.code, int) else 2
    prog = f"{parser.prog} {args.calculator}"
    specs = fields_of(args.calculator, book)
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
    result = run(args.calculator, inputs, book)
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
            text = result_ics(result, book)
        except ValueError as e:
            print(f"{prog}: error: --format ics: {e}; plan more weeks (--weeks) or from a later "
                  "start (--start)", file=sys.stderr)
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
