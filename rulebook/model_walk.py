"""The one walk over the rules model's types, for everything the build says about the model.

`calculators.rules_model` describes rules.yaml as dataclasses; `calculators.typed_load` loads
data into them. The build documents the same model twice, as the JSON Schema for editors'
YAML language servers (`json_schema`) and as the field table on the editors' page
(`editors`). Both read the walk below, so they name the same objects, keys, types and
limits; whether a key is required is `typed_load.is_required`, the loader's own answer.
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
from dataclasses import dataclass
from typing import Any

from calculators.typed_load import is_required, type_hints, unwrap_optional

__all__ = ["TypeInfo", "FieldInfo", "ObjectInfo", "walk", "without_build_only"]

_SCALARS = {bool: "bool", int: "int", float: "float", str: "text", dict: "mapping",
            datetime.date: "date"}


@dataclass(frozen=True)
class TypeInfo:
    """A field's type: ``kind`` is object, list, tuple, mapping, bool, int, float, text or date."""

    kind: str
    optional: bool = False  # `X | None`: the key may hold null
    items: tuple[TypeInfo, ...] = ()  # list: (item,); tuple: one per position
    object: str = ""  # kind object: the dataclass's name (an ObjectInfo of the walk)


@dataclass(frozen=True)
class FieldInfo:
    name: str
    type: TypeInfo
    required: bool
    doc: str
    meta: dict[str, Any]  # the field's metadata: enum, pattern, min, max, example, ...


@dataclass(frozen=True)
class ObjectInfo:
    name: str
    doc: str  # the dataclass's docstring on one line
    fields: tuple[FieldInfo, ...]


def walk(root: type) -> list[ObjectInfo]:
    """Every dataclass reachable from ``root``, root first, then in the order first met
    (depth first, in field order)."""
    found: dict[str, ObjectInfo | None] = {}

    def type_info(tp: Any) -> TypeInfo:
        tp, optional = unwrap_optional(tp)
        origin = typing.get_origin(tp)
        if dataclasses.is_dataclass(tp):
            visit(tp)
            return TypeInfo("object", optional, object=tp.__name__)
        if origin in (list, tuple):
            items = tuple(type_info(a) for a in typing.get_args(tp))
            return TypeInfo(origin.__name__, optional, items)
        if tp in _SCALARS:
            return TypeInfo(_SCALARS[tp], optional)
        raise TypeError(f"unsupported field type {tp!r} in the rules model")

    def visit(cls: type) -> None:
        if cls.__name__ in found:
            return
        found[cls.__name__] = None  # placeholder: keeps the order, stops recursion
        hints = type_hints(cls)
        fields = tuple(FieldInfo(f.name, type_info(hints[f.name]), is_required(f),
                                 f.metadata.get("doc", ""), dict(f.metadata))
                       for f in dataclasses.fields(cls))
        found[cls.__name__] = ObjectInfo(cls.__name__, " ".join((cls.__doc__ or "").split()), fields)

    visit(root)
    return [o for o in found.values() if o is not None]


def without_build_only(root: type, data: Any) -> Any:
    """``data`` (plain data of ``root``) without the keys of ``build_only`` fields, at every
    depth: the rules as the wheel carries them. Data of the wrong shape is returned as it is
    (the loader has refused it already)."""

    def strip(tp: Any, value: Any) -> Any:
        tp, _ = unwrap_optional(tp)
        if dataclasses.is_dataclass(tp) and isinstance(value, dict):
            hints = type_hints(tp)
            fields = {f.name: f for f in dataclasses.fields(tp)}
            return {k: strip(hints[k], v) if k in fields else v for k, v in value.items()
                    if k not in fields or not fields[k].metadata.get("build_only")}
        if typing.get_origin(tp) is list and isinstance(value, list):
            (item,) = typing.get_args(tp)
            return [strip(item, v) for v in value]
        return value

    return strip(root, data)
