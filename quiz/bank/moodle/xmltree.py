"""Moodle XML parsed safely into a small tree whose every element knows its line.

defusedxml refuses entity declarations (no "billion laughs" expansion) and external entities or DTDs
(no file or network reads), so a question file can never make the server read anything else.
"""

from __future__ import annotations

import xml.sax
from dataclasses import dataclass, field

import defusedxml
import defusedxml.sax

from quiz.bank.errors import BankError


@dataclass
class Node:
    """One XML element: its tag, attributes, text (CDATA included), children and the line it starts on."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> Node | None:
        """The first child element with this tag, or None."""
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        """Every child element with this tag, in order."""
        return [c for c in self.children if c.tag == tag]

    def value(self, *path: str, default: str = "") -> str:
        """The text of the element at this path of child tags (`value("name", "text")`), or `default`."""
        node: Node | None = self
        for tag in path:
            node = node.child(tag) if node is not None else None
        return node.text if node is not None else default


class _Builder(xml.sax.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    @property
    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator is not None else 1

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        node = Node(name, dict(attrs.items()), self.line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text += content


def parse_xml(text: str, path: str) -> Node:
    """The root element of an XML document; raise BankError naming the file and line of any mistake."""
    builder = _Builder()
    try:
        defusedxml.sax.parseString(text.encode("utf-8"), builder, forbid_dtd=True)
    except xml.sax.SAXParseException as exc:
        raise BankError.single(
            path, exc.getLineNumber(), f"the file is not well-formed XML: {exc.getMessage()}"
        ) from None
    except defusedxml.DTDForbidden:
        raise BankError.single(
            path,
            builder.line,
            "the file declares a DTD (<!DOCTYPE ...>), where entities live: refused for safety",
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise BankError.single(
            path, builder.line, "the file declares or loads entities, which are refused for safety"
        ) from None
    if builder.root is None:
        raise BankError.single(path, 1, "the file contains no XML element")
    return builder.root
