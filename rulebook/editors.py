"""The editors' field reference: one table per object of rules.yaml, from `RulesFile` down.

Made from `model_walk.walk`, the same walk that makes rules.schema.json, so the page and the
schema name the same keys, types and required keys as the loader.
"""

from __future__ import annotations

from calculators import rules_model

from . import markdown_text as md
from .model_walk import TypeInfo, walk

__all__ = ["field_reference"]

_WORDS = {"text": "text", "int": "whole number", "float": "number", "bool": "true/false",
          "date": "date (YYYY-MM-DD)",
          "mapping": "mapping"}


def _type_text(t: TypeInfo) -> str:
    if t.kind == "list":
        return f"list of {_type_text(t.items[0])}"
    if t.kind == "tuple":
        return "[low, high]"
    if t.kind == "object":
        return f"[{t.object}](#{t.object.lower()})"
    return _WORDS[t.kind]


def field_reference() -> str:
    parts = []
    for obj in walk(rules_model.RulesFile):
        parts += [f"### {obj.name} {{#{obj.name.lower()}}}", "", md.text(obj.doc), "",
                  "| Key | Type | Required | Meaning |", "|---|---|---|---|"]
        for f in obj.fields:
            meaning = md.cell(f.doc)
            if f.meta.get("enum"):
                meaning += " One of: " + ", ".join(f"`{v}`" for v in f.meta["enum"]) + "."
            parts.append(f"| `{f.name}` | {_type_text(f.type)} | "
                         f"{'yes' if f.required else 'no'} | {meaning} |")
        parts.append("")
    return "\n".join(parts)
