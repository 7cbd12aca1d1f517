"""A typed, safe front to lxml for files that come from outside.

The parser never touches the network, never loads a DTD and never expands entities (no
« billion laughs », no external entity reading a local file). lxml ships no type stubs, so the
few element operations used here are described by a Protocol.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Protocol, cast

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

XMLSyntaxError: type[Exception] = etree.XMLSyntaxError


class XmlElement(Protocol):
    """The subset of lxml's `_Element` this package uses."""

    text: str | None
    tag: str
    sourceline: int | None  # line of the start tag in the parsed text

    def get(self, key: str) -> str | None:
        """Attribute value."""

    def find(self, path: str) -> XmlElement | None:
        """First matching sub-element."""

    def findall(self, path: str) -> list[XmlElement]:
        """All matching sub-elements."""

    def iter(self, tag: str) -> Iterator[XmlElement]:
        """Descendants (and self) with this tag."""

    def clear(self, keep_tail: bool = False) -> None:
        """Drop children and text (to keep memory flat while streaming)."""


def _parser() -> object:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(data: bytes) -> XmlElement:
    """Root element of an XML document; raises `XMLSyntaxError` on malformed or truncated XML.

    The encoding comes from the XML prolog (SIECLE declares ISO-8859-15).
    """
    return cast(XmlElement, etree.fromstring(data, _parser()))


def strip_namespaces(root: XmlElement) -> None:
    """Drop the namespace of every element tag, in place (« {uri}ELEVE » → « ELEVE »).

    Lets a reader written for plain tag names accept a file whose root declares a default
    namespace (``xmlns="…"``), as some re-exports of SIECLE files do.
    """
    for element in root.iter("{*}*"):  # elements only: comments have no string tag
        if element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]


def iter_elements(data: bytes, tag: str) -> Iterator[XmlElement]:
    """Stream the elements with this (namespaced) tag; clear them after use to save memory."""
    context = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )
    for _, element in context:
        yield cast(XmlElement, element)
