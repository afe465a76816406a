"""Load YAML safely and remember the line every value came from.

PyYAML's C parser reads the text; one pass over its events builds plain data, refusing aliases
(the "billion laughs" bomb), absurd nesting, foreign tags and duplicate keys as it goes, and
records a line for every path, so validation errors found later can point at the line an
educator has to fix.
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


_STR = "tag:yaml.org,2002:str"
# "<<" resolves to the merge tag; as a plain key it is just text (merging needs an alias, which is refused anyway).
_AS_TEXT = {_STR, "tag:yaml.org,2002:merge"}
_STANDARD = {yaml.MappingStartEvent: "tag:yaml.org,2002:map", yaml.SequenceStartEvent: "tag:yaml.org,2002:seq"}
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
TAG_NOT_ALLOWED = "this YAML tag is not allowed in question files (only plain values, lists and mappings)"
_NO_KEY = object()


class _Builder:
    """Builds plain data and a line map from the parser's events in one pass.

    It refuses, before building anything large, what a question file may not hold: aliases (the
    "billion laughs" bomb), absurd nesting, too many values, tags other than plain values, lists
    and mappings, mapping keys that are not plain values, duplicate keys and a second document.
    (One pass over the events instead of a check pass, PyYAML's composer and its constructor:
    the constructor alone was most of the time a bank took to load.)
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: LineMap = {}
        self.stack: list[list[Any]] = []  # per open collection: [data, path, pending key, key line, seen keys]
        self.root: Any = _NO_KEY
        self.values = 0
        self.documents = 0
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, event: yaml.Event, message: str) -> BankError:
        return BankError.single(self.path, _mark_line(event.start_mark), message)

    def build(self, text: str) -> Any:
        """The document's data; BankError for anything refused."""
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.count(event)
                self.place(event, self.scalar(event), collection=False)
            elif kind in _STANDARD:
                self.open(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                self.stack.pop()
            elif kind is yaml.AliasEvent:
                raise self.fail(event, "YAML aliases (*name) are not allowed in question files; write the value out")
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(event, "YAML syntax error: a question file holds one YAML document; remove the "
                                    "second '---' or split the file")  # fmt: skip
        if self.root is _NO_KEY:
            raise BankError.single(self.path, 1, "the file is empty")
        return self.root

    def count(self, event: yaml.NodeEvent) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(event, f"the file holds more than {MAX_VALUES} values; split it into several banks")

    def open(self, event: yaml.CollectionStartEvent, data: dict[Any, Any] | list[Any]) -> None:
        self.count(event)
        if event.tag not in (None, "!", _STANDARD[type(event)]):
            raise self.fail(event, f"YAML syntax error: {TAG_NOT_ALLOWED}")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"the document is nested more than {MAX_DEPTH} levels deep")
        at = self.place(event, data, collection=True)
        self.stack.append([data, at, _NO_KEY, 0, {}])

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            if not event.implicit[0]:
                return event.value  # quoted: always text
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, (True, False))
        if tag in _AS_TEXT:
            return event.value
        if tag not in _SCALAR_TAGS:
            raise self.fail(event, f"YAML syntax error: {TAG_NOT_ALLOWED}")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        return self.constructor.yaml_constructors[tag](self.constructor, node)

    def place(self, event: yaml.NodeEvent, value: Any, collection: bool) -> LinePath:
        """Put a value where the open collection expects it; return its path (a key is placed, not returned)."""
        line = _mark_line(event.start_mark)
        if not self.stack:
            self.root = value
            self.lines[()] = line
            return ()
        frame = self.stack[-1]
        data, parent = frame[0], frame[1]
        if isinstance(data, list):
            at = (*parent, len(data))
            data.append(value)
        elif frame[2] is _NO_KEY:
            if collection:
                raise self.fail(event, "a mapping key must be a plain value, not a list or mapping")
            if value in frame[4]:
                raise self.fail(event, f'the key "{value}" appears twice (first on line {frame[4][value]})')
            frame[2], frame[3] = value, line
            frame[4][value] = line
            return parent
        else:
            at = (*parent, frame[2])
            data[frame[2]] = value
            # A key's problems are reported on the key's line, a value's on the value's.
            line = frame[3] if collection else line
            frame[2] = _NO_KEY
        self.lines[at] = line
        return at


def load_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    """Parse YAML text into plain data plus a map from data path to line number."""
    try:
        builder = _Builder(path)
        data = builder.build(text)
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
    return data, builder.lines


def line_for(lines: LineMap, at: LinePath) -> int:
    """Return the line of the deepest known path that starts `at` (1 when nothing matches)."""
    probe = tuple(at)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return lines.get((), 1)
