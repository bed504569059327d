"""Reading a manifest's YAML or JSON safely, keeping the line of every node.

Only PyYAML's safe composer is used, and the document is built by hand from
its nodes so that every value keeps its line, and so that a "YAML bomb" (an
alias or a merge key `<<` that expands exponentially) stops at a node budget
instead of eating the machine: merges are resolved here, each merged pair
counted, never by PyYAML's `flatten_mapping` (which copies pairs unbounded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from smartling_context.strings.formats.yamlfile import yaml_problem

MAX_MANIFEST_BYTES = 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 64

# libyaml when PyYAML has it (its wheels do): a manifest of 1,000 boxes composes in
# 40 ms instead of 400 ms; the same YAML 1.1 safe schema and marks.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NodePath = tuple[str | int, ...]
MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
}


class ManifestUnreadable(Exception):
    """The manifest cannot be read as a document at all; `line` where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class LoadedDocument:
    """A manifest's data, with the line of each value and each mapping key."""

    data: Any
    value_lines: dict[NodePath, int] = field(default_factory=dict)
    key_lines: dict[NodePath, int] = field(default_factory=dict)
    # A key written twice in one mapping: its path, the first line and the repeated line.
    duplicates: list[tuple[NodePath, int, int]] = field(default_factory=list)

    def line(self, path: NodePath) -> int:
        """The line of the node at `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.value_lines:
                return self.value_lines[path]
            path = path[:-1]
        return self.value_lines.get((), 1)

    def key_line(self, path: NodePath) -> int:
        """The line of a mapping key (of its value when the key has none recorded)."""
        return self.key_lines.get(path) or self.line(path)


def load_document(
    content: bytes, max_bytes: int = MAX_MANIFEST_BYTES, max_nodes: int = MAX_NODES
) -> LoadedDocument:
    """Parse manifest bytes (YAML, or JSON, which YAML reads too)."""
    if len(content) > max_bytes:
        raise ManifestUnreadable(
            f"the file is {len(content) / 1e6:.1f} MB; it must be under "
            f"{max_bytes // 1024} KiB. Is the path pointing at the right file?"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ManifestUnreadable("the manifest is not UTF-8 text; save it as UTF-8", line) from exc
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except RecursionError as exc:  # pure-Python PyYAML composes nested collections recursively
        raise ManifestUnreadable(_too_big(max_nodes)) from exc
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml's own limit (1,000 levels)
            raise ManifestUnreadable(_too_big(max_nodes), yaml_problem(exc)[1]) from exc
        raise ManifestUnreadable(*yaml_problem(exc)) from exc
    if root is None:
        raise ManifestUnreadable(
            "the manifest is empty; it needs at least `version: 1` and a `strings:` list"
            if max_bytes == MAX_MANIFEST_BYTES
            else "the file is empty"
        )
    document = LoadedDocument(None)
    builder = _Builder(document, max_nodes)
    try:
        document.data = builder.build(root, ())
    except RecursionError as exc:
        raise ManifestUnreadable(_too_big(max_nodes)) from exc
    return document


def _too_big(max_nodes: int = MAX_NODES) -> str:
    return (
        f"the file expands to more than {max_nodes:,} values or {MAX_DEPTH} levels "
        "(YAML aliases or `<<` merges nesting each other?); write it out plainly"
    )


class _Builder:
    def __init__(self, document: LoadedDocument, budget: int) -> None:
        self.document = document
        self.budget = self.max_nodes = budget
        self.scalars = SafeConstructor()
        self.merging: set[int] = set()  # mappings being merged now (`&a {<<: *a}` loops)

    def build(self, node: yaml.Node, path: NodePath) -> Any:
        self.budget -= 1
        if self.budget < 0 or len(path) > MAX_DEPTH:
            raise ManifestUnreadable(_too_big(self.max_nodes), node.start_mark.line + 1)
        self.document.value_lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in PLAIN_TAGS:
            raise ManifestUnreadable(
                f"unsupported value: the tag {node.tag!r} is not allowed in a manifest",
                node.start_mark.line + 1,
            )
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        try:
            return self.scalars.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            raise ManifestUnreadable(
                f"unsupported value: {exc.problem}", node.start_mark.line + 1
            ) from exc

    def mapping(self, node: yaml.MappingNode, path: NodePath) -> dict[str, Any]:
        """A mapping's own pairs over its merged ones (`<<`: the earlier source wins)."""
        own: dict[str, Any] = {}
        own_lines: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                for source in self.merge_sources(value_node):
                    self.merging.add(id(source))
                    for key, value in self.build(source, path).items():
                        merged.setdefault(key, value)
                    self.merging.discard(id(source))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in PLAIN_TAGS:
                raise ManifestUnreadable(
                    "a mapping key must be plain text", key_node.start_mark.line + 1
                )
            key = str(self.scalars.construct_object(key_node))
            line = key_node.start_mark.line + 1
            if key in own_lines:
                self.document.duplicates.append(((*path, key), own_lines[key], line))
            own_lines[key] = line
            self.document.key_lines[(*path, key)] = line
            own[key] = self.build(value_node, (*path, key))
        return {**merged, **own} if merged else own

    def merge_sources(self, value: yaml.Node) -> list[yaml.MappingNode]:
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        line = value.start_mark.line + 1
        sources = []
        for source in items:
            if not isinstance(source, yaml.MappingNode):
                raise ManifestUnreadable("`<<` merges only mappings (or a list of them)", line)
            if id(source) in self.merging:
                raise ManifestUnreadable("`<<` merges a mapping into itself", line)
            sources.append(source)
        return sources


def duplicate_problems(document: LoadedDocument) -> list[tuple[int, str, str]]:
    """Each key written twice in one mapping, as (line, node, message), once each."""
    found = {}
    for path, first, again in document.duplicates:
        found[(again, node_name(path))] = (
            f"{path[-1]!r} is written twice in the same mapping, on lines {first} and {again}; "
            "keep one (otherwise the later one silently wins)"
        )
    return [(line, node, message) for (line, node), message in found.items()]


def node_name(path: NodePath) -> str:
    """`('screenshots', 2, 'strings', 0, 'key')` -> `screenshots[2].strings[0].key`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"
