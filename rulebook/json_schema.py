"""rules.schema.json: the rules model as a JSON Schema (2020-12), for editors' YAML servers.

Built from `model_walk.walk`, the same walk that makes the editors' field table. Only the
build needs it (`python -m rulebook schema`, `make schema`), so it is not in the wheel.
"""

from __future__ import annotations

from typing import Any

from .model_walk import FieldInfo, ObjectInfo, TypeInfo, walk

__all__ = ["json_schema"]

_TYPES = {"mapping": "object", "bool": "boolean", "int": "integer", "float": "number"}


def _type_schema(t: TypeInfo, meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any]
    if t.kind == "object":
        out = {"$ref": f"#/$defs/{t.object}"}
    elif t.kind == "list":
        out = {"type": "array", "items": _type_schema(t.items[0], meta)}
    elif t.kind == "tuple":
        out = {"type": "array", "prefixItems": [_type_schema(i, meta) for i in t.items],
               "minItems": len(t.items), "maxItems": len(t.items)}
    elif t.kind == "text":
        out = {"type": "string", "minLength": 1}  # the loader refuses empty text
        if meta.get("enum"):
            out["enum"] = list(meta["enum"])
        if meta.get("pattern"):
            out["pattern"] = f"^(?:{meta['pattern']})$"  # the loader uses re.fullmatch
    elif t.kind == "date":
        # As the loader reads it: a day as YYYY-MM-DD (YAML servers read an unquoted date as text).
        out = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    else:
        out = {"type": _TYPES[t.kind]}
    if t.kind in ("int", "float"):
        if meta.get("min") is not None:
            out["minimum"] = meta["min"]
        if meta.get("max") is not None:
            out["maximum"] = meta["max"]
    if t.optional:
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def _property(f: FieldInfo) -> dict[str, Any]:
    return {**_type_schema(f.type, f.meta), "description": f.doc}


def _object_schema(o: ObjectInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": {f.name: _property(f) for f in o.fields},
                           "additionalProperties": False}  # the loader refuses unknown keys
    if o.doc:
        out["description"] = o.doc
    required = [f.name for f in o.fields if f.required]
    if required:
        out["required"] = required
    return out


def json_schema(root: type, title: str) -> dict[str, Any]:
    """The schema of ``root`` (a dataclass of the model) and every object below it."""
    root_info, *others = walk(root)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            **_object_schema(root_info), "$defs": {o.name: _object_schema(o) for o in others}}
