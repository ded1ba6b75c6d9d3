"""What the calculator and CLI tests share: hostile inputs, field limits read from the rules,
readers of results, and the CLI run in-process through `main(argv)`.

One home for them, so that a new hostile value reaches both calculators and the CLI at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
from dataclasses import dataclass
from typing import Any

from calculators import cli
from calculators.rules_model import VERDICT_OF_LEVEL, VERDICTS

# --- hostile inputs ---------------------------------------------------------------------

# Text a number field must refuse (form strings, URL parameters, CLI values).
HOSTILE_TEXT = ["-1", "nan", "NaN", "Infinity", "-inf", "inf", "1e308", "1e309", "ten",
                "<script>alert(1)</script>", "1.5mm", "0x10", "1,5", "9" * 400, "\x00", "\u202e1",
                "0_5", "١"]
# JSON values (the worker, the API) that no field takes.
HOSTILE_VALUES = [float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 10 ** 400, -1,
                  True, False, [1], {}, {"a": 1}, (1,), b"1", object()]
# Dates, times and date-times in every form but the accepted one.
HOSTILE_WHEN = ["2026-W48", "2026-W48-1", "2026-327", "20261124", "2026-11-24T20:00Z",
                "2026-11-24T20:00+01:00", "2026-11-24T20:00:00.5", "2026-11-24 20:00",
                "2026-11-24T20", "2026-02-30", "2026-13-01", "24:00", "20:60", "8:00", "20h",
                "1999-12-31", "2101-01-01", "1999-12-31T20:00", "2101-01-01T20:00",
                "２０２６-１１-２４", "2026-11-24T٢٠:00", "2026-11-24\x00", "T20:00",
                "2026-11-24T20:00<script>", "<script>alert(1)</script>"]
# What counts as "not given".
EMPTY = ["", "   ", "\t\n", None]
# Text a CLI flag must refuse in one line, whatever the field: control characters included.
HOSTILE_CLI = ["", "   ", "-1", "nan", "NaN", "Infinity", "-inf", "1e308", "1e309", "ten",
               "<script>alert(1)</script>", "1.5mm", "hair\nskin", "\x1b[31mred", "9" * 400]


def number_limits(book, calculator: str, name: str):
    """The FieldLimits of a number field, from rules.yaml (`needle-mm` -> `needle_mm`)."""
    section = book.depth.fields if calculator == "depth" else book.frequency.fields
    return getattr(section, name.replace("-", "_"))


def hostile_numbers(book, calculator: str, spec) -> list:
    """Values just outside a number field's limits, and a fraction for a whole-number field."""
    lim = number_limits(book, calculator, spec.name)
    values = [lim.min - lim.step, lim.max + lim.step, -lim.max, str(-lim.max),
              str(lim.max + lim.step), f"{lim.min} {lim.max}"]
    if spec.integer:
        values += [lim.min + lim.step / 2, str(lim.min + lim.step / 2)]
    return values


# --- the frequency calculator's numbers -------------------------------------------------

class Limits:
    """The Rulebook's frequency numbers as Python values."""

    def __init__(self, book):
        f = book.frequency
        self.max = int(math.floor(f.max_sessions_per_week.value))
        self.min_gap = dt.timedelta(hours=f.min_gap_hours.value)
        self.preferred = dt.timedelta(hours=f.preferred_gap_hours.value)
        self.long = f.long_session_minutes.value
        self.f = f


def routine(book, **extra) -> dict:
    """A routine within every limit: the weekly maximum, short sessions."""
    lim = book.frequency.fields
    return {"sessions-per-week": int(book.frequency.max_sessions_per_week.value),
            "minutes": int(lim.minutes.min), **extra}




# --- reading results --------------------------------------------------------------------

def rank(verdict: str) -> int:
    return VERDICTS.index(verdict)


def advice_rules(result) -> list[str]:
    """The rule ids of the advice messages, in order (notes left out)."""
    return [m["rule"] for m in result["messages"] if m["note"] is None]


def rules_of(result) -> list[str]:
    """Every rule the messages cite, notes included."""
    return [m["rule"] for m in result["messages"]]


def verdict_of_rule(book, rule_id: str) -> str:
    """The verdict a message of this rule gives an answer (its level's)."""
    return VERDICT_OF_LEVEL[book.rule(rule_id).level]


def notes_of(result) -> list[str]:
    return [m["note"] for m in result["messages"] if m["note"] is not None]


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# --- the CLI in-process -----------------------------------------------------------------

@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(*args: str) -> Run:
    """`python -m calculators ARGS` in this process: `main(argv)` with stdout and stderr
    caught (stdout as bytes too: the .ics is written to the binary buffer)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    out.flush()
    data = out.buffer.getvalue()
    return Run(code, data.decode("utf-8"), err.getvalue(), data)


def flags_of(inputs: dict[str, Any], specs) -> list[str]:
    """CLI flags for calculator inputs, `--flag=value` (lists: one flag per entry)."""
    by_name = {s.name: s for s in specs}
    out = []
    for name, value in inputs.items():
        flag = cli.flag_of(by_name[name])
        out += [f"{flag}={v}" for v in value] if isinstance(value, list) else [f"{flag}={value}"]
    return out


def message_line(m) -> str:
    return f"- [{m['level']}] {' '.join(m['text'].split())} ({m['rule']})"


def assert_one_line_error(r, flag: str, accepted: str, echoes: bool = False) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and r.stderr.endswith("\n"), r.stderr
    line = lines[0]
    assert flag in line, line
    assert accepted in line, line  # the fix: what the flag accepts
    if not echoes:  # a field's error says what is accepted, never what was typed
        assert "<script>" not in line
    assert "\x1b" not in line
    return line
