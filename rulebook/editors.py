"""The editors' field reference, generated from the same model as loading and the schema."""

from __future__ import annotations

import dataclasses
import typing

from calculators import rules_model

from . import markdown_text as md

__all__ = ["field_reference"]


def _type_text(tp: typing.Any) -> str:
    origin = typing.get_origin(tp)
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if origin is list:
        return f"list of {_type_text(args[0])}"
    if origin is tuple:
        return "[low, high]"
    if origin in (typing.Union, getattr(__import__("types"), "UnionType")):
        return _type_text(args[0])
    if dataclasses.is_dataclass(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return {str: "text", int: "whole number", float: "number", bool: "true/false",
            dict: "mapping"}.get(tp, str(tp))


def field_reference() -> str:
    """One table per object of rules.yaml, from `RulesFile` down."""
    seen: list[type] = []

    def walk(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for tp in typing.get_type_hints(cls).values():
            for inner in (tp, *typing.get_args(tp)):
                if dataclasses.is_dataclass(inner):
                    walk(inner)

    walk(rules_model.RulesFile)
    parts = []
    for cls in seen:
        hints = typing.get_type_hints(cls)
        parts += [f"### {cls.__name__} {{#{cls.__name__.lower()}}}", "",
                  md.text(" ".join((cls.__doc__ or "").split())), "",
                  "| Key | Type | Required | Meaning |", "|---|---|---|---|"]
        for f in dataclasses.fields(cls):
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            meaning = md.cell(f.metadata.get("doc", ""))
            if f.metadata.get("enum"):
                meaning += " One of: " + ", ".join(f"`{v}`" for v in f.metadata["enum"]) + "."
            parts.append(f"| `{f.name}` | {_type_text(hints[f.name])} | "
                         f"{'yes' if required else 'no'} | {meaning} |")
        parts.append("")
    return "\n".join(parts)
