"""YAML files (Rails) marked: the document written again, every string in its markers.

The marked copy only has to be read right, by the app and by the project's
reader; it is not a file anyone edits (`markers restore` puts the original back).
So the document is loaded (YAML 1.1, as Psych reads it; merge keys applied,
aliases expanded so each place is marked under its own key) and dumped again:
comments, anchors and quoting styles are not kept; keys keep their order and
their type, and a Rails locale root (`en:`) stays the root.
"""

from __future__ import annotations

from typing import Any

import yaml

from smartling_context.strings.formats.common import decode_utf8
from smartling_context.strings.formats.yamlfile import _without_locale_root
from smartling_context.strings.marking.common import mark_tree

_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[valid-type,misc]  # libyaml's loader when present
    """PyYAML's safe loader, keeping a date that does not parse as text (as Psych does)."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _Dumper(yaml.SafeDumper):
    """Every value written out in full: no anchors, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The YAML file with every string marked."""
    text = decode_utf8(content)
    document = yaml.load(text, Loader=_Loader)  # a safe loader
    inner = _without_locale_root(document)
    if inner is not document:
        ((root, _),) = document.items()
        document = {root: mark_tree(inner, path)}
    else:
        document = mark_tree(document, path)
    written = yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        default_flow_style=False,
        sort_keys=False,
        width=1 << 30,
        explicit_start=text.lstrip().startswith("---"),
    )
    return written.encode()
