"""YAML strings files, read as Rails (Psych, YAML 1.1) reads them.

libyaml's event stream (PyYAML's `CParser`; the pure-Python parser when
libyaml is absent) built into plain values with PyYAML's own resolver and
safe constructors, without the node graph `yaml.load` composes first (that
graph holds two marks per value: 16x the file in memory). String leaves come
out under their dotted path, list items `[i]`; merge keys (`<<: *defaults`)
are applied with explicit keys winning; a key written twice keeps its last
value as Rails does; numbers, booleans and dates are not strings. A document
that is one locale key holding a mapping (`en:`, `pt-BR:`) is Rails-style:
the locale root is dropped. Plural hashes are ordinary mappings, so their keys
stay as written (`items.zero`, `items.one`, `items.other`) in every locale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml import events

from smartling_context.strings.formats.common import (
    SourceString,
    StringsFileError,
    decode_utf8,
    scalar_key,
)

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LOCALE_ROOT = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
ALIAS_BUDGET = 10
"""A file may expand through aliases to this many values per byte it holds."""


def yaml_problem(error: yaml.YAMLError) -> tuple[str, int | None]:
    """What PyYAML found wrong, as a sentence and the line it points at (when it does)."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "syntax error"
        return f"not valid YAML: {problem}", mark.line + 1 if mark else None
    return f"not valid YAML: {error}", None


def _error(message: str, event: events.Event) -> StringsFileError:
    mark = event.start_mark
    return StringsFileError(f"not valid YAML: {message}", mark.line + 1 if mark else None)


def _line(event: events.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 0


class _Builder:
    """Plain Python values from a loader's events (one document)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader  # PyYAML's parser methods are untyped (Python or libyaml)
        self.anchors: dict[str, Any] = {}
        self.lines: dict[int, Any] = {}
        """Each container's lines by `id`: a mapping's key lines, a sequence's item lines."""

    def node(self, event: events.Event) -> Any:
        if isinstance(event, events.AliasEvent):
            if event.anchor not in self.anchors:
                raise _error(f"found undefined alias {event.anchor!r}", event)
            return self.anchors[event.anchor]
        if isinstance(event, events.ScalarEvent):
            value = self.scalar(event)
        elif isinstance(event, events.SequenceStartEvent):
            value, lines = [], []
            for item in self._until(events.SequenceEndEvent):
                lines.append(_line(item))
                value.append(self.node(item))
            self.lines[id(value)] = lines
        elif isinstance(event, events.MappingStartEvent):
            value = self.mapping()
        else:
            raise _error(f"unexpected {type(event).__name__}", event)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.anchors[anchor] = value
        return value

    def _until(self, end: type[events.Event]) -> Iterator[events.Event]:
        while not self.loader.check_event(end):
            yield self.loader.get_event()
        self.loader.get_event()

    def scalar(self, event: events.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        if tag == _MERGE:
            return _MERGE
        construct = self.loader.yaml_constructors.get(tag)
        if construct is None:
            raise _error(f"no constructor for the tag {tag!r}", event)
        start: Any = event.start_mark  # libyaml's own Mark type
        end: Any = event.end_mark
        node = yaml.ScalarNode(tag, event.value, start, end, event.style)
        try:
            return construct(self.loader, node)
        except ValueError:  # `2001-13-45`: Psych keeps what does not parse as text
            return event.value

    def mapping(self) -> dict[str, Any]:
        explicit: dict[str, Any] = {}
        lines: dict[str, int] = {}
        merged: list[Any] = []
        for key_event in self._until(events.MappingEndEvent):
            if not isinstance(key_event, events.ScalarEvent | events.AliasEvent):
                raise _error("a mapping key must be a plain value", key_event)
            key = self.node(key_event)
            value = self.node(self.loader.get_event())
            if key is _MERGE:
                merged += value if isinstance(value, list) else [value]
            else:
                name = scalar_key(key)
                explicit[name] = value
                lines[name] = _line(key_event)
        if not merged:
            self.lines[id(explicit)] = lines
            return explicit
        result: dict[str, Any] = {}
        result_lines: dict[str, int] = {}
        for source in reversed(merged):  # the first merged mapping wins, explicit keys over all
            if isinstance(source, dict):
                result.update(source)
                result_lines.update(self.lines.get(id(source), {}))
        result.update(explicit)
        result_lines.update(lines)
        self.lines[id(result)] = result_lines
        return result


def _load(text: str) -> tuple[Any, dict[int, Any]]:
    """The document and its containers' lines (`_Builder.lines`)."""
    loader: Any = _LOADER(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(events.StreamEndEvent):
            return None, {}
        loader.get_event()  # document start
        builder = _Builder(loader)
        document = builder.node(loader.get_event())
        loader.get_event()  # document end
        if not loader.check_event(events.StreamEndEvent):
            raise _error("expected a single document", loader.peek_event())
        return document, builder.lines
    except yaml.YAMLError as exc:
        raise StringsFileError(*yaml_problem(exc)) from exc
    except RecursionError as exc:
        raise StringsFileError("not read: YAML nested too deeply") from exc
    finally:
        loader.dispose()


def _without_locale_root(document: Any) -> Any:
    if isinstance(document, dict) and len(document) == 1:
        ((root, value),) = document.items()
        if _LOCALE_ROOT.match(root) and isinstance(value, dict):
            return value
    return document


def _walk(node: Any, lines: dict[int, Any], budget: int) -> list[SourceString]:
    """`common.leaves` with each leaf's line: its key's in a mapping, its own in a sequence."""
    found: list[SourceString] = []
    stack: list[tuple[str, Any, int]] = [("", node, 0)]
    while stack:
        budget -= 1
        if budget < 0:
            raise StringsFileError(
                "the file expands (through YAML aliases) to far more values than it "
                "holds; write the values out instead of nesting aliases"
            )
        path, node, line = stack.pop()
        if isinstance(node, str):
            found.append(SourceString(path, node, "", None, line))
        elif isinstance(node, dict):
            prefix = f"{path}." if path else ""
            at = lines.get(id(node), {})
            stack += [(f"{prefix}{k}", v, at.get(k, 0)) for k, v in reversed(node.items())]
        elif isinstance(node, list):
            at = lines.get(id(node), [])
            stack += [
                (f"{path}[{i}]", v, at[i] if i < len(at) else 0)
                for i, v in reversed(list(enumerate(node)))
            ]
    return found


def read(content: bytes) -> list[SourceString]:
    """Every string of a YAML file, in file order."""
    document, lines = _load(decode_utf8(content))
    return _walk(_without_locale_root(document), lines, ALIAS_BUDGET * len(content) + 1000)
