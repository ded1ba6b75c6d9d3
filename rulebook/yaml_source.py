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

from calculators.typed_load import Path

__all__ = ["Located", "SourceProblem", "parse", "MAX_BYTES"]

MAX_DEPTH = 20  # the real file nests 6 deep; composing is recursive, so refuse deep files first
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
            tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)  # as the editor wrote it
            raise _Rejected(SourceProblem(line, col, f"the tag {tag!r} is not allowed",
                                          "remove the tag: a rules file holds plain text, "
                                          "numbers, true/false, lists and mappings only"))
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


# What PyYAML was inside when it gave up (its context), in an editor's words, and the fix.
# An unclosed bracket or quote is noticed lines later (at worst at the end of the file), so
# such a problem is reported where the bracket or quote opens.
_OPEN_THINGS = {
    "while parsing a flow sequence": (
        "the [ list", "check that the list ends with ']' and its items are separated by commas; "
        "text that starts with '[' must be in quotes"),
    "while parsing a flow mapping": (
        "the { mapping", "check that the mapping ends with '}' and its pairs are separated by "
        "commas; text that starts with '{' must be in quotes"),
    "while scanning a quoted scalar": (
        "the quoted text", "check that it ends with the same quote mark it starts with; inside "
        "'single quotes' write a ' as '', inside \"double quotes\" write a \" as \\\""),
}
# The errors editors make most, in plain words: (start of PyYAML's problem, message, fix).
_PLAIN_WORDS = (
    ("expected <block end>", "this line's indentation does not line up with the lines above",
     "indent it exactly as far as the other keys of the same mapping, with spaces"),
    ("mapping values are not allowed here", "a ': ' where no new key can start",
     "if the value contains ': ', put the whole value in double quotes; "
     "otherwise check this line's indentation"),
    ("but found another document", "a second document ('---') in the file",
     "a rules file is one document: remove the '---' line and merge what follows"),
)


def _syntax_problem(e: yaml.MarkedYAMLError) -> SourceProblem:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = " ".join((e.problem or str(e)).split()).replace("end of stream", "end of the file")
    if "'\\t'" in problem:  # PyYAML: found character '\t' that cannot start any token
        return SourceProblem(line, col, "a tab character where YAML allows only spaces",
                             "replace the tab with spaces (YAML forbids tabs in indentation)")
    what, fix = f"YAML syntax error: {problem}", "check the indentation and quoting on this line"
    for start, plain, plain_fix in _PLAIN_WORDS:
        if problem.startswith(start):
            what, fix = f"YAML syntax error: {plain}", plain_fix
    opened = e.context_mark
    if e.context in _OPEN_THINGS and opened and e.problem_mark and opened.line != e.problem_mark.line:
        thing, fix = _OPEN_THINGS[e.context]
        return SourceProblem(opened.line + 1, opened.column + 1,
                             f"YAML syntax error in {thing} that starts here: {problem} "
                             f"(noticed at line {line}, column {col})", fix)
    if fix.startswith("check the indentation"):
        fix += " and the one above"
    return SourceProblem(line, col, what, fix)


def _reader_problem(e: yaml.reader.ReaderError, text: str) -> SourceProblem:
    """A character YAML refuses (control characters such as NUL or ESC): name it and where."""
    at = e.position if isinstance(e.position, int) else 0
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    char = e.character if isinstance(e.character, int) else 0
    return SourceProblem(line, col, f"the control character U+{char:04X} is not allowed in YAML",
                         "delete it (editors often show it as a box or not at all)")


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
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = event.start_mark.line + 1, event.start_mark.column + 1
                    return SourceProblem(line, col, f"nested more than {MAX_DEPTH} levels deep",
                                         "a rules file nests a few levels: check the brackets "
                                         "and the indentation")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                return SourceProblem(line, col, f"anchors and aliases (&{anchor}, *{anchor}) are not allowed",
                                     "write the value out in full where it is needed")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        return _syntax_problem(e)
    except yaml.reader.ReaderError as e:
        return _reader_problem(e, text)
    except yaml.YAMLError as e:
        return SourceProblem(1, 1, "YAML error: " + " ".join(str(e).split()), "check the file's syntax")
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
