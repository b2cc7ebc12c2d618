"""A tiny HTML reader for page tests: find elements by tag, class and attributes, read text.

The standard library's parser builds a light tree; enough to say "this error is inside the
name field" without a third-party dependency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, class_: str | None = None, **attrs: str):
        """Descendants matching ``tag``, ``class_`` and attributes (``for_`` for ``for``)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag: str | None = None, *, class_: str | None = None, **attrs: str):
        found = self.find_all(tag, class_=class_, **attrs)
        assert found, f"no <{tag or '*'} class={class_!r} {attrs}> in the page"
        return found[0]

    def closest(self, tag: str, *, class_: str | None = None) -> Element:
        node = self.parent
        while node is not None:
            if node.tag == tag and (class_ is None or class_ in node.classes):
                return node
            node = node.parent
        raise AssertionError(f"no enclosing <{tag} class={class_!r}>")


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        )

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response_or_html) -> Element:
    """The document tree of a response (decoded) or of an HTML string."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def field_box(document: Element, field_id: str) -> Element:
    """The ``div.field`` holding the control with ``id=field_id`` (label, hint, errors)."""
    return document.find("label", for_=field_id).closest("div", class_="field")


def field_errors(document: Element, field_id: str) -> list[str]:
    return [p.text for p in field_box(document, field_id).find_all("p", class_="field-error")]


def error_summary(document: Element) -> str:
    """The text of the error summary at the top of the form ("" if there is none)."""
    found = document.find_all("div", class_="error-summary")
    return found[0].text if found else ""


def facts(element: Element) -> dict[str, Element]:
    """The ``<dd data-field=...>`` values inside ``element``, by field name."""
    return {dd.attrs["data-field"]: dd for dd in element.find_all("dd") if "data-field" in dd.attrs}
