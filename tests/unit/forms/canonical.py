"""Compare HTML by structure: tags, attributes and text, ignoring layout whitespace."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import html5lib


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _lines(element: Element, depth: int) -> list[str]:
    lines: list[str] = []
    if text := _text(element.text):
        lines.append("  " * depth + repr(text))
    for child in element:
        attributes = " ".join(f'{name}="{value}"' for name, value in sorted(child.attrib.items()))
        lines.append("  " * depth + f"<{child.tag} {attributes}>".replace(" >", ">"))
        lines.extend(_lines(child, depth + 1))
        if tail := _text(child.tail):
            lines.append("  " * depth + repr(tail))
    return lines


def canonical(html: str) -> str:
    """One line per element (sorted attributes) or text node (whitespace collapsed).

    Whitespace-only text is dropped, so two renderings that differ only in indentation compare
    equal, while any difference in elements, attribute values, classes or words does not.
    """
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return "\n".join(_lines(fragment, 0))
