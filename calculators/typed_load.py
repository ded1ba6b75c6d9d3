"""Typed loading of plain data into frozen dataclasses, with every problem collected.

Why not a library: the calculators must run unchanged in Pyodide with the standard library
only. This is the part of the model's machinery the browser needs; the build side reads the
same field descriptions (`rulebook.model_walk`) for the editors' JSON Schema and field table,
and asks `is_required` and `unwrap_optional` here, so loading and documentation never disagree.

A field's metadata may hold: ``doc`` (shown in the schema and editors' page), ``enum``
(allowed strings), ``pattern`` (regex for strings), ``min``/``max`` (numbers), ``example``
(the right form, shown in error messages), ``build_only`` (data the browser never reads, such
as review dates, a rule's why and the golden examples: the wheel's copy of the rules leaves it
out, see `load`'s ``build_only_left_out``).

A ``datetime.date`` field takes a day written YYYY-MM-DD: as text (what JSON and our YAML
reader give, quoted or not) or as a date object.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
import types
import typing
from typing import Any

__all__ = ["Problem", "Path", "format_path", "load", "field", "is_required", "unwrap_optional",
           "type_hints"]

Path = tuple[str | int, ...]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_FIX = "write the day as YYYY-MM-DD, e.g. 2026-11-25"
_HTML_TAG = re.compile(r"<\s*[A-Za-z!/?]|javascript\s*:", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong in a document: where (a path of keys and indexes), what, and the fix.

    ``at_key`` says the problem is the key itself (an unknown key), not its value.
    """

    path: Path
    message: str
    fix: str
    at_key: bool = False

    def where(self) -> str:
        return format_path(self.path)


def format_path(path: Path) -> str:
    """``("rules", 3, "source", "quote")`` -> ``rules[3].source.quote``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


def field(*, doc: str, default: Any = dataclasses.MISSING, **meta: Any) -> Any:
    """A dataclass field with the metadata this module reads."""
    kwargs: dict[str, Any] = {"metadata": {"doc": doc, **meta}}
    if default is not dataclasses.MISSING:
        kwargs["default"] = default
    return dataclasses.field(**kwargs)


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if tp is str:
        return "text"
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is datetime.date:
        return "a date (YYYY-MM-DD)"
    if origin in (list, tuple):
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "a mapping (key: value lines)"
    return str(tp)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    text = str(value)
    return f"the text {text[:40]!r}" + ("…" if len(text) > 40 else "")


@functools.cache
def type_hints(cls: Any) -> dict[str, Any]:
    # Resolving string annotations is slow (~20 ms for the rules file in Pyodide): once a class.
    return typing.get_type_hints(cls)


def is_required(f: dataclasses.Field) -> bool:
    """A key must be written exactly when its field has no default: the one place that says so."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; any other type -> ``(tp, False)``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


class _Loader:
    def __init__(self, build_only_left_out: bool = False) -> None:
        self.problems: list[Problem] = []
        self.build_only_left_out = build_only_left_out

    def fail(self, path: Path, message: str, fix: str, at_key: bool = False) -> None:
        self.problems.append(Problem(path, message, fix, at_key))

    def value(self, tp: Any, data: Any, path: Path, meta: dict[str, Any]) -> Any:
        tp, optional = unwrap_optional(tp)
        if data is None and optional:
            return None
        origin = typing.get_origin(tp)
        example = meta.get("example")
        right_form = f" (for example: {example})" if example else ""
        if dataclasses.is_dataclass(tp):
            return self.object(tp, data, path)
        if origin is list:
            (item,) = typing.get_args(tp)
            if not isinstance(data, list):
                self.fail(path, f"expected a list, found {_describe(data)}",
                          f"write a list, one '- ' item a line{right_form}")
                return ()
            return tuple(self.value(item, x, path + (i,), meta) for i, x in enumerate(data))
        if origin is tuple:
            args = typing.get_args(tp)
            if not isinstance(data, list) or len(data) != len(args):
                self.fail(path, f"expected a list of {len(args)} values, found {_describe(data)}",
                          f"write it as [low, high]{right_form}")
                return None
            return tuple(self.value(a, x, path + (i,), meta) for i, (a, x) in enumerate(zip(args, data)))
        if tp is dict:
            # Free-form mapping (calculator inputs): checked later by whoever reads it.
            if not isinstance(data, dict):
                self.fail(path, f"expected a mapping, found {_describe(data)}",
                          "write 'key: value' pairs, e.g. {goal: hair}")
                return {}
            return dict(data)
        if tp is bool:
            if not isinstance(data, bool):
                self.fail(path, f"expected true or false, found {_describe(data)}", "write true or false")
                return False
            return data
        if tp in (int, float):
            ok = isinstance(data, (int, float)) and not isinstance(data, bool)
            if ok and tp is int and not float(data).is_integer():
                ok = False
            if not ok or not math.isfinite(float(data)):
                self.fail(path, f"expected {_type_name(tp)}, found {_describe(data)}",
                          f"write {_type_name(tp)}{right_form}")
                return tp(0)
            low, high = meta.get("min"), meta.get("max")
            if (low is not None and data < low) or (high is not None and data > high):
                self.fail(path, f"{data!r} is out of range",
                          f"use a value from {low if low is not None else '-∞'} to "
                          f"{high if high is not None else '∞'}")
            return tp(data)
        if tp is datetime.date:
            return self.day(data, path)
        if tp is str:
            if not isinstance(data, str):
                self.fail(path, f"expected text, found {_describe(data)}",
                          f"write text, in quotes if it could be read as something else{right_form}")
                return ""
            if not data.strip():
                doc = meta.get("doc", "").rstrip(".")
                self.fail(path, "the text is empty",
                          "write the text" + (f": {doc[:1].lower()}{doc[1:]}" if doc else "") + right_form)
            enum = meta.get("enum")
            if enum and data not in enum:
                self.fail(path, f"{data!r} is not one of the allowed values",
                          "use one of: " + ", ".join(enum))
            pattern = meta.get("pattern")
            if pattern and not re.fullmatch(pattern, data):
                self.fail(path, f"{data!r} is not of the right form",
                          meta.get("pattern_fix", f"match {pattern}") + right_form)
            if not meta.get("raw") and _HTML_TAG.search(data):
                self.fail(path, "contains HTML or a script link",
                          "write plain text: no <tags> and no javascript: links")
            return data
        raise TypeError(f"unsupported field type {tp!r} at {format_path(path)}")  # a bug, not input

    def day(self, data: Any, path: Path) -> datetime.date | None:
        if isinstance(data, datetime.date) and not isinstance(data, datetime.datetime):
            return data
        if isinstance(data, str) and _DAY.fullmatch(data):
            try:
                return datetime.date.fromisoformat(data)
            except ValueError:
                self.fail(path, f"{data!r} is not a day of the calendar",
                          "check the month (01-12) and the day of the month; " + _DAY_FIX)
                return None
        found = _describe(data)
        if isinstance(data, str):
            m = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ].*)?", data)
            if m:  # a day with one-digit parts or with a time: say which day we think is meant
                y, mo, d = (int(x) for x in m.groups())
                self.fail(path, f"expected a date as YYYY-MM-DD, found {found}",
                          f"write it as YYYY-MM-DD, the day only: {y:04d}-{mo:02d}-{d:02d}")
                return None
        self.fail(path, f"expected a date, found {found}", _DAY_FIX)
        return None

    def object(self, cls: Any, data: Any, path: Path) -> Any:
        if not isinstance(data, dict):
            self.fail(path, f"expected a mapping, found {_describe(data)}",
                      "write 'key: value' lines indented under it")
            return None
        hints = type_hints(cls)
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key in data:
            if key not in known:
                fix = "remove it or use one of: " + ", ".join(known)
                import difflib  # only on this error path: it is slow to import in Pyodide
                close = difflib.get_close_matches(str(key), known, n=1)
                if close:
                    fix = f"did you mean '{close[0]}'? If not, {fix}"
                self.fail(path + (str(key),), f"unknown key {key!r}", fix, at_key=True)
        values: dict[str, Any] = {}
        complete = True
        for name, f in known.items():
            if name not in data:
                if self.build_only_left_out and f.metadata.get("build_only"):
                    if is_required(f):  # left out of the wheel's copy: nothing reads it there
                        values[name] = None
                    continue
                if is_required(f):
                    example = f.metadata.get("example")
                    self.fail(path, f"missing key {name!r}",
                              f"add '{name}:' ({f.metadata.get('doc', '')})"
                              + (f", for example: {name}: {example}" if example else ""))
                    complete = False
                continue
            values[name] = self.value(hints[name], data[name], path + (name,), dict(f.metadata))
            if values[name] is None and not unwrap_optional(hints[name])[1]:
                complete = False
        if not complete:
            return None
        return cls(**values)


def load(cls: Any, data: Any, path: Path = (), *, build_only_left_out: bool = False
         ) -> tuple[Any, list[Problem]]:
    """Build ``cls`` from plain data. Returns (object or None, problems).

    ``build_only_left_out``: the data is the wheel's copy, whose ``build_only`` keys were
    left out; their fields are None (or their default) instead of missing keys.
    """
    loader = _Loader(build_only_left_out)
    obj = loader.object(cls, data, path)
    return (obj if not loader.problems else None), loader.problems
