"""One walk of the rules model feeds the JSON Schema and the editors' table, and both say
"required" exactly where the loader refuses a missing key."""

from __future__ import annotations

import copy

from calculators import rules_model, typed_load
from rulebook import editors
from rulebook.json_schema import json_schema
from rulebook.model_walk import walk


def _required_in_table(table: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    current = ""
    for line in table.splitlines():
        if line.startswith("### "):
            current = line.split()[1]
            out[current] = set()
        elif line.startswith("| `") and "| yes |" in line:
            out[current].add(line.split("`")[1])
    return out


def test_schema_and_table_cover_the_walk_with_the_same_required_keys():
    objects = walk(rules_model.RulesFile)
    required = {o.name: {f.name for f in o.fields if f.required} for o in objects}
    schema = json_schema(rules_model.RulesFile, "t")
    in_schema = {name: set(d.get("required", ())) for name, d in schema["$defs"].items()}
    in_schema[objects[0].name] = set(schema["required"])
    assert in_schema == required
    assert _required_in_table(editors.field_reference()) == required


def test_loader_refuses_exactly_the_missing_required_keys(book):
    """Drop each key of the first rule and of the file itself: the loader names it missing
    exactly when the walk says it is required."""
    cases = [((), rules_model.RulesFile), (("rules", 0), rules_model.Rule)]
    by_name = {o.name: o for o in walk(rules_model.RulesFile)}
    checked, optional = 0, 0
    for path, cls in cases:
        for f in by_name[cls.__name__].fields:
            data = copy.deepcopy(book.raw)
            target = data
            for part in path:
                target = target[part]
            if f.name not in target:
                continue
            del target[f.name]
            _, problems = typed_load.load(rules_model.RulesFile, data)
            missing = [p for p in problems if p.path == path and p.message == f"missing key {f.name!r}"]
            assert bool(missing) == f.required, (path, f.name)
            checked += 1
            optional += not f.required
    assert checked >= 10 and optional >= 1
