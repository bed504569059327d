"""What the markers of every format share: one text marked, a JSON/YAML tree marked."""

from __future__ import annotations

from typing import Any

from smartling_context.strings import markers
from smartling_context.strings.formats.common import scalar_key


def marked(text: str, path: str, key: str) -> str:
    """The text in its markers (old markers dropped first); an empty text stays empty."""
    text = markers.strip_markers(text)
    return markers.mark(text, path, key) if text else text


def mark_tree(node: Any, path: str, key: str = "") -> Any:
    """A copy of a parsed JSON/YAML tree with every string leaf marked under its key.

    Keys as the readers' `walk` derives them: `a.b` for mappings, `list[0]` for
    lists. Mapping keys keep their own type (YAML's `1:` stays a number); values
    that are not strings are kept. The copy is a tree: a YAML alias used twice
    becomes two values, each marked under its own key.
    """
    if isinstance(node, str):
        return marked(node, path, key)
    if isinstance(node, dict):
        prefix = f"{key}." if key else ""
        return {k: mark_tree(v, path, f"{prefix}{scalar_key(k)}") for k, v in node.items()}
    if isinstance(node, list):
        return [mark_tree(v, path, f"{key}[{i}]") for i, v in enumerate(node)]
    return node
