"""Safe YAML loading that remembers where every value came from.

PyYAML composes a node tree with marks (line, column); we build plain data from it ourselves
so that we can refuse what a rules file never needs (tags that construct objects, anchors
and aliases, duplicate keys, huge files) and map a document path such as
``rules[3].source.quote`` back to its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from calculators.schema import Path

__all__ = ["Located", "SourceProblem", "parse", "MAX_BYTES"]

MAX_BYTES = 1_000_000  # the real file is ~30 KB; anything this big is a mistake or an attack
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True)
class SourceProblem:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    fix: str


@dataclass
class Located:
    data: Any
    values: dict[Path, tuple[int, int]]  # path -> (line, col) of the value, 1-based
    keys: dict[Path, tuple[int, int]]  # path -> (line, col) of the key naming it

    def position(self, path: Path, at_key: bool = False) -> tuple[int, int]:
        """The closest known position: the exact place, else its nearest parent."""
        table = self.keys if at_key else self.values
        for n in range(len(path), -1, -1):
            prefix = path[:n]
            if prefix in table:
                return table[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return (1, 1)


class _Rejected(Exception):
    def __init__(self, problem: SourceProblem):
        self.problem = problem


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.constructor = yaml.SafeLoader("")  # only for resolving plain scalars

    def build(self, node: yaml.Node, path: Path) -> Any:
        line, col = _mark(node)
        if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(node, yaml.ScalarNode):
            self.values[path] = (line, col)
            return node.value  # dates stay text: the calculators parse them themselves
        if node.tag not in _PLAIN_TAGS:
            raise _Rejected(SourceProblem(line, col, f"the tag {node.tag!r} is not allowed",
                                          "remove the '!' tag: write plain values"))
        self.values[path] = (line, col)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    kl, kc = _mark(key_node)
                    raise _Rejected(SourceProblem(kl, kc, "a key must be plain text",
                                                  "write 'name: value'"))
                key = key_node.value
                kl, kc = _mark(key_node)
                if key == "<<":
                    raise _Rejected(SourceProblem(kl, kc, "merge keys ('<<') are not allowed",
                                                  "write the keys out in full"))
                if key in out:
                    first = self.keys[path + (key,)]
                    raise _Rejected(SourceProblem(
                        kl, kc, f"duplicate key {key!r} (first at line {first[0]})",
                        "remove one of them: a later key would silently replace the first"))
                self.keys[path + (key,)] = (kl, kc)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node)


def _syntax_problem(e: yaml.MarkedYAMLError) -> SourceProblem:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = e.problem or str(e)
    if "\\t" in what or "'\\t'" in what or "tab" in what:
        return SourceProblem(line, col, "a tab character is used for indentation",
                             "indent with spaces only (YAML forbids tabs)")
    if e.context:
        what = f"{e.context}, {what}"
    return SourceProblem(line, col, f"YAML syntax error: {what}",
                         "check the indentation and quoting on this line and the one above")


def parse(raw: bytes) -> Located | SourceProblem:
    """Parse the bytes of a rules file; a problem (never an exception) when it is unusable."""
    if len(raw) > MAX_BYTES:
        return SourceProblem(1, 1, f"the file is {len(raw):,} bytes, over the {MAX_BYTES:,} limit",
                             "a rules file is a few dozen KB: check that this is the right file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return SourceProblem(line, col, f"the file is not UTF-8 text (byte 0x{raw[e.start]:02x})",
                             "save the file as UTF-8")
    text = text.removeprefix("\ufeff")
    try:
        # Events first: anchors and aliases are refused before any node is built, so an alias
        # bomb never expands.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                return SourceProblem(line, col, f"anchors and aliases (&{anchor}, *{anchor}) are not allowed",
                                     "write the value out in full where it is needed")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        return _syntax_problem(e)
    except yaml.YAMLError as e:
        return SourceProblem(1, 1, f"YAML error: {e}", "check the file's syntax")
    if node is None:
        return SourceProblem(1, 1, "the file is empty", "start from the rules.yaml in the repository")
    builder = _Builder()
    try:
        data = builder.build(node, ())
    except _Rejected as e:
        return e.problem
    except (yaml.YAMLError, ValueError, OverflowError) as e:
        return SourceProblem(1, 1, f"a value cannot be read: {e}", "quote it as text")
    return Located(data, builder.values, builder.keys)
