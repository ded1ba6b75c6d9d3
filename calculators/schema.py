"""Typed loading of plain data into frozen dataclasses, with every problem collected.

Why not a library: the calculators must run unchanged in Pyodide with the standard library
only. The same field descriptions also produce the JSON Schema for editors
(`json_schema`), so the two can never disagree.

A field's metadata may hold: ``doc`` (shown in the schema and editors' page), ``enum``
(allowed strings), ``pattern`` (regex for strings), ``min``/``max`` (numbers), ``example``
(the right form, shown in error messages).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from typing import Any

__all__ = ["Problem", "Path", "format_path", "load", "json_schema", "field"]

Path = tuple[str | int, ...]

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
def _hints(cls: Any) -> dict[str, Any]:
    # Resolving string annotations is slow (~20 ms for the rules file in Pyodide): once a class.
    return typing.get_type_hints(cls)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: Path, message: str, fix: str, at_key: bool = False) -> None:
        self.problems.append(Problem(path, message, fix, at_key))

    def value(self, tp: Any, data: Any, path: Path, meta: dict[str, Any]) -> Any:
        tp, optional = _unwrap_optional(tp)
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

    def object(self, cls: Any, data: Any, path: Path) -> Any:
        if not isinstance(data, dict):
            self.fail(path, f"expected a mapping, found {_describe(data)}",
                      "write 'key: value' lines indented under it")
            return None
        hints = _hints(cls)
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
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if name not in data:
                if required:
                    example = f.metadata.get("example")
                    self.fail(path, f"missing key {name!r}",
                              f"add '{name}:' ({f.metadata.get('doc', '')})"
                              + (f", for example: {name}: {example}" if example else ""))
                    complete = False
                continue
            values[name] = self.value(hints[name], data[name], path + (name,), dict(f.metadata))
            if values[name] is None and not _unwrap_optional(hints[name])[1]:
                complete = False
        if not complete:
            return None
        return cls(**values)


def load(cls: Any, data: Any, path: Path = ()) -> tuple[Any, list[Problem]]:
    """Build ``cls`` from plain data. Returns (object or None, problems)."""
    loader = _Loader()
    obj = loader.object(cls, data, path)
    return (obj if not loader.problems else None), loader.problems


def _schema_for(tp: Any, meta: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    tp, optional = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    out: dict[str, Any]
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(tp, defs)
        out = {"$ref": f"#/$defs/{name}"}
    elif origin is list:
        out = {"type": "array", "items": _schema_for(typing.get_args(tp)[0], meta, defs)}
    elif origin is tuple:
        args = typing.get_args(tp)
        out = {"type": "array", "prefixItems": [_schema_for(a, meta, defs) for a in args],
               "minItems": len(args), "maxItems": len(args)}
    elif tp is dict:
        out = {"type": "object"}
    elif tp is bool:
        out = {"type": "boolean"}
    elif tp is int:
        out = {"type": "integer"}
    elif tp is float:
        out = {"type": "number"}
    elif tp is str:
        out = {"type": "string", "minLength": 1}
        if meta.get("enum"):
            out["enum"] = list(meta["enum"])
        if meta.get("pattern"):
            out["pattern"] = f"^(?:{meta['pattern']})$"
    else:
        raise TypeError(tp)
    if tp in (int, float):
        if meta.get("min") is not None:
            out["minimum"] = meta["min"]
        if meta.get("max") is not None:
            out["maximum"] = meta["max"]
    if optional:
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def _object_schema(cls: Any, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    for f in dataclasses.fields(cls):
        schema = _schema_for(hints[f.name], dict(f.metadata), defs)
        props[f.name] = {**schema, "description": f.metadata.get("doc", "")}
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    if required:
        out["required"] = required
    return out


def json_schema(cls: Any, title: str) -> dict[str, Any]:
    """A JSON Schema (2020-12) of ``cls``, for YAML language servers."""
    defs: dict[str, Any] = {}
    root = _object_schema(cls, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            **root, "$defs": defs}
