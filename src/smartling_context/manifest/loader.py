"""Reading a manifest's YAML or JSON safely, keeping the line of every node.

Only PyYAML's safe composer is used, and the document is built by hand from
its nodes so that every value keeps its line, and so that a "YAML bomb" (an
alias that expands exponentially) stops at a node budget instead of eating
the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

MAX_MANIFEST_BYTES = 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 64

NodePath = tuple[str | int, ...]
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "merge")
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

    def line(self, path: NodePath) -> int:
        """The line of the node at `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.value_lines:
                return self.value_lines[path]
            path = path[:-1]
        return self.value_lines.get((), 1)

    def key_line(self, path: NodePath) -> int:
        return self.key_lines.get(path) or self.line(path)


def load_document(content: bytes) -> LoadedDocument:
    """Parse manifest bytes (YAML, or JSON, which YAML reads too)."""
    if len(content) > MAX_MANIFEST_BYTES:
        raise ManifestUnreadable(
            f"the manifest is {len(content) / 1e6:.1f} MB; a manifest must be under "
            f"{MAX_MANIFEST_BYTES // 1024} KiB. Is the path pointing at the right file?"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ManifestUnreadable("the manifest is not UTF-8 text; save it as UTF-8", line) from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise ManifestUnreadable(
            f"not valid YAML: {problem}", mark.line + 1 if mark else None
        ) from exc
    except yaml.YAMLError as exc:
        raise ManifestUnreadable(f"not valid YAML: {exc}") from exc
    if root is None:
        raise ManifestUnreadable(
            "the manifest is empty; it needs at least `version: 1` and a `strings:` list"
        )
    document = LoadedDocument(None)
    builder = _Builder(document)
    document.data = builder.build(root, ())
    return document


class _Builder:
    def __init__(self, document: LoadedDocument) -> None:
        self.document = document
        self.budget = MAX_NODES
        self.scalars = SafeConstructor()

    def build(self, node: yaml.Node, path: NodePath) -> Any:
        self.budget -= 1
        if self.budget < 0 or len(path) > MAX_DEPTH:
            raise ManifestUnreadable(
                "the manifest expands to more than "
                f"{MAX_NODES:,} values or {MAX_DEPTH} levels (YAML aliases nesting aliases?); "
                "write it out plainly",
                node.start_mark.line + 1,
            )
        self.document.value_lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in PLAIN_TAGS:
            raise ManifestUnreadable(
                f"unsupported value: the tag {node.tag!r} is not allowed in a manifest",
                node.start_mark.line + 1,
            )
        if isinstance(node, yaml.MappingNode):
            self.scalars.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise ManifestUnreadable(
                        "a mapping key must be plain text", key_node.start_mark.line + 1
                    )
                key = str(self.scalars.construct_object(key_node))
                self.document.key_lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        try:
            return self.scalars.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            raise ManifestUnreadable(
                f"unsupported value: {exc.problem}", node.start_mark.line + 1
            ) from exc


def node_name(path: NodePath) -> str:
    """`('screenshots', 2, 'strings', 0, 'key')` -> `screenshots[2].strings[0].key`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"
