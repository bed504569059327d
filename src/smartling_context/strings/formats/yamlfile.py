"""YAML strings files, read as the platform that reads each file reads it.

Two dialects. A Rails file (the document is one locale key holding a mapping:
`en:`, `pt-BR:`) is read as Rails reads it, through Psych: YAML 1.1 typing
(`yes`/`no`/`on`/`off` are booleans; numbers and dates are not strings) and
Ruby Symbols (a plain `:year`) are not strings; the locale root is dropped.
Any other YAML (Symfony, vue-i18n through js-yaml, Hugo) is read with YAML
1.2's core schema, as those libraries do: only `true`/`false` are booleans,
so `yes: Yes` is the key `yes` with the text `Yes`; numbers, null and dates
are not strings. The `yaml-rails` and `yaml-1.2` formats force a dialect.
A Hugo (go-i18n) list of messages (`- id: hello` with `translation:`, or plural
forms `one:`/`other:`) is keyed by id (`hello`, `hello.one`); its
`description` is the note.

libyaml's event stream (PyYAML's `CParser`; the pure-Python parser when
libyaml is absent) built into plain values, without the node graph
`yaml.load` composes first (that graph holds two marks per value: 16x the
file in memory). String leaves come out under their dotted path, list items
`[i]`; merge keys (`<<: *defaults`) are applied with explicit keys winning; a
key written twice keeps its last value as Rails does. Plural hashes are
ordinary mappings, so their keys stay as written (`items.zero`, `items.one`,
`items.other`) in every locale. Each string's line is its key's line.
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
_CORE = (  # YAML 1.2 core schema's implicit types of a plain scalar; dates as js-yaml reads them
    ("tag:yaml.org,2002:null", re.compile(r"~|null|Null|NULL|")),
    ("tag:yaml.org,2002:bool", re.compile(r"true|True|TRUE|false|False|FALSE")),
    ("tag:yaml.org,2002:int", re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
    ),
    (
        "tag:yaml.org,2002:timestamp",
        re.compile(
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
            r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
            r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
        ),
    ),
    ("tag:yaml.org,2002:merge", re.compile(r"<<")),
)
_CORE_FIRST = frozenset("~-+.<0123456789nNtTfF")
_RAILS, _CORE_SCHEMA = "rails", "1.2"
_HUGO_FIELDS = ("zero", "one", "two", "few", "many", "other")
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


class Symbol:
    """A Ruby Symbol as Psych reads a plain `:name`: no string (as a key: `name`)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


class _Builder:
    """Plain Python values from a loader's events (one document)."""

    def __init__(self, loader: Any, dialect: str | None) -> None:
        self.loader = loader  # PyYAML's parser methods are untyped (Python or libyaml)
        self.dialect = dialect
        self.depth = 0
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
            plain = event.implicit[0]  # a plain (unquoted) scalar
            if self.dialect != _RAILS:
                tag = _core_tag(event.value) if plain else _STR
            elif plain and event.value.startswith(":") and len(event.value) > 1:
                return Symbol(event.value[1:].strip("\"'"))
            else:
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

    def _mapping_next(self) -> bool:
        return bool(self.loader.check_event(events.MappingStartEvent))

    def mapping(self) -> dict[str, Any]:
        explicit: dict[str, Any] = {}
        lines: dict[str, int] = {}
        merged: list[Any] = []
        self.depth += 1
        for key_event in self._until(events.MappingEndEvent):
            if not isinstance(key_event, events.ScalarEvent | events.AliasEvent):
                raise _error("a mapping key must be a plain value", key_event)
            if self.dialect is None:  # the document's first key tells a Rails file
                locale = isinstance(key_event, events.ScalarEvent) and bool(
                    _LOCALE_ROOT.match(key_event.value)
                )
                rails = self.depth == 1 and locale
                self.dialect = _RAILS if rails and self._mapping_next() else _CORE_SCHEMA
            key = self.node(key_event)
            value = self.node(self.loader.get_event())
            if key is _MERGE:
                merged += value if isinstance(value, list) else [value]
            else:
                name = scalar_key(key)
                explicit[name] = value
                lines[name] = _line(key_event)
        self.depth -= 1
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


def _core_tag(value: str) -> str:
    """The core schema's tag of a plain scalar."""
    if not value:
        return _CORE[0][0]
    if value[0] in _CORE_FIRST:
        for tag, pattern in _CORE:
            if pattern.fullmatch(value):
                return tag
    return _STR


def _load(text: str, dialect: str | None) -> tuple[Any, dict[int, Any], str | None]:
    """The document, its containers' lines (`_Builder.lines`) and the dialect it was read in."""
    loader: Any = _LOADER(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(events.StreamEndEvent):
            return None, {}, dialect
        loader.get_event()  # document start
        builder = _Builder(loader, dialect)
        document = builder.node(loader.get_event())
        loader.get_event()  # document end
        if not loader.check_event(events.StreamEndEvent):
            raise _error("expected a single document", loader.peek_event())
        return document, builder.lines, builder.dialect
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


def load_document(text: str, dialect: str | None = None) -> tuple[Any, dict[int, Any]]:
    """A YAML document read in a dialect (None: the file's own), and its containers' lines."""
    document, lines, used = _load(text, dialect)
    if dialect is None and used == _RAILS and not _is_rails(document):
        document, lines, used = _load(text, _CORE_SCHEMA)  # `en:` first, then other keys
    return document, lines


def read_dialect(content: bytes, dialect: str | None) -> list[SourceString]:
    """Every string of a YAML file, in file order, in a dialect (None: the file's own)."""
    document, lines = load_document(decode_utf8(content), dialect)
    document = _without_locale_root(document)  # in either dialect
    budget = ALIAS_BUDGET * len(content) + 1000
    if _is_hugo(document):
        return _hugo(document, lines)
    return _walk(document, lines, budget)


def read(content: bytes) -> list[SourceString]:
    """Every string of a YAML file, in file order, in the dialect the file is written in."""
    return read_dialect(content, None)


def read_rails(content: bytes) -> list[SourceString]:
    """Every string of a YAML file read as Rails reads it (Psych, YAML 1.1)."""
    return read_dialect(content, _RAILS)


def read_core(content: bytes) -> list[SourceString]:
    """Every string of a YAML file read with YAML 1.2's core schema."""
    return read_dialect(content, _CORE_SCHEMA)


def _is_rails(document: Any) -> bool:
    return _without_locale_root(document) is not document


def _is_hugo(document: Any) -> bool:
    return (
        isinstance(document, list)
        and bool(document)
        and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in document)
    )


def _hugo(document: list[dict[str, Any]], lines: dict[int, Any]) -> list[SourceString]:
    """go-i18n's message list: `translation` (or plural forms) under the message's id."""
    strings: list[SourceString] = []
    for item in document:
        key, at = item["id"], lines.get(id(item), {})
        note = item.get("description")
        note = note.strip() if isinstance(note, str) else ""
        translation = item.get("translation")
        if isinstance(translation, str):
            strings.append(SourceString(key, translation, note, None, at.get("id", 0)))
        elif isinstance(translation, dict):
            forms = lines.get(id(translation), {})
            strings += [
                SourceString(f"{key}.{form}", text, note, None, forms.get(form, 0))
                for form, text in translation.items()
                if isinstance(text, str)
            ]
        strings += [
            SourceString(f"{key}.{form}", item[form], note, None, at.get(form, 0))
            for form in _HUGO_FIELDS
            if isinstance(item.get(form), str)
        ]
    return strings
