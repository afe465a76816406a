"""Load YAML safely and remember the line every value came from.

PyYAML's C safe loader does the parsing. Before anything is built we walk the event stream
to refuse aliases (the "billion laughs" bomb) and absurd nesting, then walk the node tree to
refuse duplicate keys and record a line for every path, so validation errors found later can
point at the line an educator has to fix.
"""

from __future__ import annotations

from typing import Any

import yaml

from quiz.bank.errors import BankError

MAX_DEPTH = 40
# Real banks hold 20-30 bytes per value, so a full-size file has about 40 000. Checking and
# validating is linear in this number, so the cap keeps a hostile file from taking minutes.
MAX_VALUES = 50_000

# Paths are tuples of mapping keys and list indexes, e.g. ("questions", 2, "choices", 0).
LinePath = tuple[str | int, ...]
LineMap = dict[LinePath, int]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark_line(mark: Any) -> int:
    return (mark.line + 1) if mark is not None else 1


def _check_events(text: str, path: str) -> None:
    """Refuse aliases, deep nesting and absurd numbers of values before any object is built."""
    depth = 0
    values = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            values += 1
            if values > MAX_VALUES:
                raise BankError.single(
                    path,
                    _mark_line(event.start_mark),
                    f"the file holds more than {MAX_VALUES} values; split it into several banks",
                )
        if isinstance(event, yaml.AliasEvent):
            raise BankError.single(
                path,
                _mark_line(event.start_mark),
                "YAML aliases (*name) are not allowed in question files; write the value out",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise BankError.single(
                    path, _mark_line(event.start_mark), f"the document is nested more than {MAX_DEPTH} levels deep"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


_STR = "tag:yaml.org,2002:str"
_COLLECTIONS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}
TAG_NOT_ALLOWED = "this YAML tag is not allowed in question files (only plain values, lists and mappings)"


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    # Most values are strings; other tags (int, float, bool, null, timestamp) go through the safe constructor.
    return node.value if node.tag == _STR else loader.construct_object(node, deep=True)


def _build(loader: Any, node: yaml.Node, at: LinePath, lines: LineMap, path: str) -> Any:
    """Build plain data from a node tree in one walk, recording each path's line and refusing duplicate keys.

    (One walk instead of PyYAML's constructor, which was most of the time a bank took to load.)
    """
    lines[at] = _mark_line(node.start_mark)
    if type(node) in _COLLECTIONS and node.tag != _COLLECTIONS[type(node)]:
        raise BankError.single(path, lines[at], f"YAML syntax error: {TAG_NOT_ALLOWED}")
    if isinstance(node, yaml.MappingNode):
        data: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = _mark_line(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                raise BankError.single(path, key_line, "a mapping key must be a plain value, not a list or mapping")
            key = _scalar(loader, key_node)
            if key in seen:
                raise BankError.single(path, key_line, f'the key "{key}" appears twice (first on line {seen[key]})')
            seen[key] = key_line
            # A key's problems are reported on the key's line, a value's on the value's.
            data[key] = _build(loader, value_node, (*at, key), lines, path)
            if not isinstance(value_node, yaml.ScalarNode):
                lines[(*at, key)] = key_line
        return data
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*at, index), lines, path) for index, item in enumerate(node.value)]
    return _scalar(loader, node)


def load_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    """Parse YAML text into plain data plus a map from data path to line number."""
    try:
        _check_events(text, path)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise BankError.single(path, 1, "the file is empty")
            lines: LineMap = {}
            data = _build(loader, node, (), lines, path)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        # An error found at the end of the file points past the last line; name the last line instead.
        last_line = max(1, len(text.splitlines()))
        if "could not determine a constructor" in problem:
            problem = TAG_NOT_ALLOWED
        elif "another document" in problem:
            problem = "a question file holds one YAML document; remove the second '---' or split the file"
        raise BankError.single(path, min(_mark_line(mark), last_line), f"YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (NUL, most control characters): name it and its line.
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise BankError.single(
            path, line, f"the file contains a character YAML does not allow (U+{code:04X}); remove it"
        ) from None
    except yaml.YAMLError as exc:
        raise BankError.single(path, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise BankError.single(path, 1, "the document is nested too deeply") from None
    return data, lines


def line_for(lines: LineMap, at: LinePath) -> int:
    """Return the line of the deepest known path that starts `at` (1 when nothing matches)."""
    probe = tuple(at)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return lines.get((), 1)
