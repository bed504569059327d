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
    walk,
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


class _Builder:
    """Plain Python values from a loader's events (one document)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader  # PyYAML's parser methods are untyped (Python or libyaml)
        self.anchors: dict[str, Any] = {}

    def node(self, event: events.Event) -> Any:
        if isinstance(event, events.AliasEvent):
            if event.anchor not in self.anchors:
                raise _error(f"found undefined alias {event.anchor!r}", event)
            return self.anchors[event.anchor]
        if isinstance(event, events.ScalarEvent):
            value = self.scalar(event)
        elif isinstance(event, events.SequenceStartEvent):
            value = [self.node(item) for item in self._until(events.SequenceEndEvent)]
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
        merged: list[Any] = []
        for key_event in self._until(events.MappingEndEvent):
            if not isinstance(key_event, events.ScalarEvent | events.AliasEvent):
                raise _error("a mapping key must be a plain value", key_event)
            key = self.node(key_event)
            value = self.node(self.loader.get_event())
            if key is _MERGE:
                merged += value if isinstance(value, list) else [value]
            else:
                explicit[scalar_key(key)] = value
        if not merged:
            return explicit
        result: dict[str, Any] = {}
        for source in reversed(merged):  # the first merged mapping wins, explicit keys over all
            if isinstance(source, dict):
                result.update(source)
        result.update(explicit)
        return result


def _load(text: str) -> Any:
    loader: Any = _LOADER(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(events.StreamEndEvent):
            return None
        loader.get_event()  # document start
        document = _Builder(loader).node(loader.get_event())
        loader.get_event()  # document end
        if not loader.check_event(events.StreamEndEvent):
            raise _error("expected a single document", loader.peek_event())
        return document
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


def read(content: bytes) -> list[SourceString]:
    """Every string of a YAML file, in file order."""
    document = _without_locale_root(_load(decode_utf8(content)))
    return walk(document, ALIAS_BUDGET * len(content) + 1000)
