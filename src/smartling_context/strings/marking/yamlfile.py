"""YAML files (Rails) marked: the document written again, every string in its markers.

The marked copy only has to be read right, by the app and by the project's
reader; it is not a file anyone edits (`markers restore` puts the original back).
So the document is loaded as the reader loads it (a Rails file as Psych reads
it, other YAML with the 1.2 core schema; merge keys applied, aliases expanded
so each place is marked under its own key) and dumped again, every string
that another reading could type otherwise quoted (`'yes'`):
comments, anchors and quoting styles are not kept; keys keep their order and
their type, and a Rails locale root (`en:`) stays the root.
"""

from __future__ import annotations

from typing import Any

import yaml

from smartling_context.strings.formats.common import decode_utf8
from smartling_context.strings.formats.yamlfile import Symbol, _without_locale_root, load_document
from smartling_context.strings.marking.common import mark_tree


class _Dumper(yaml.SafeDumper):
    """Every value written out in full: no anchors, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _symbol(dumper: yaml.SafeDumper, symbol: Symbol) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", f":{symbol.name}")  # plain `:year`


_Dumper.add_representer(Symbol, _symbol)


def mark(content: bytes, fmt: str, path: str) -> bytes:
    """The YAML file with every string marked."""
    text = decode_utf8(content)
    document, _ = load_document(text)
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
