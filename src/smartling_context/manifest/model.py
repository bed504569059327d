"""The manifest as the rest of the run sees it: typed entries, screenshots, bindings, problems."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

DEFAULT_MANIFEST = ".smartling/context.yml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the manifest, pointing at its line and node."""

    manifest: str
    line: int | None
    node: str
    message: str

    def __str__(self) -> str:
        where = f"{self.manifest}:{self.line}" if self.line else self.manifest
        return f"{where}: {self.node}: {self.message}"


@dataclass(frozen=True)
class StringSettings:
    placeholder_format: str | None
    placeholder_custom: str | None
    html: str | None
    variant: str
    namespace: str | None
    instruction: str


@dataclass(frozen=True)
class StringsEntry:
    index: int
    files: str
    format: str | None
    settings: StringSettings


@dataclass(frozen=True)
class BoundString:
    index: int
    key: str
    file: str | None
    coordinates: dict[str, int] | None


@dataclass(frozen=True)
class Screenshot:
    index: int
    image: str
    name: str
    bindings: tuple[BoundString, ...]
    match: str
    definition: str  # the entry as canonical JSON: a changed entry means a new upload


@dataclass(frozen=True)
class Manifest:
    path: str
    entries: tuple[StringsEntry, ...]
    screenshots: tuple[Screenshot, ...]


def _model(data: dict[str, Any], path: str) -> Manifest:
    """The manifest's model. Items without their required field are skipped, their
    index kept, so a salvaged manifest still names the right nodes."""
    defaults = data.get("defaults") or {}
    entries = []
    for index, entry in enumerate(_items(data.get("strings"), "files")):
        if entry is None:
            continue
        placeholders = {**(defaults.get("placeholders") or {}), **(entry.get("placeholders") or {})}
        entries.append(
            StringsEntry(
                index,
                entry["files"],
                entry.get("format"),
                StringSettings(
                    placeholder_format=placeholders.get("format"),
                    placeholder_custom=placeholders.get("custom"),
                    html=entry.get("html", defaults.get("html")),
                    variant=entry.get("variant", defaults.get("variant", "{key}")),
                    namespace=defaults.get("namespace"),
                    instruction=entry.get("instruction", defaults.get("instruction", "")),
                ),
            )
        )
    screenshots = [
        Screenshot(
            index,
            shot["image"],
            shot.get("name", shot["image"]),
            tuple(
                BoundString(number, b["key"], b.get("file"), b.get("coordinates"))
                for number, b in enumerate(_items(shot.get("strings"), "key"))
                if b is not None
            ),
            shot.get("match", "none"),
            json.dumps(shot, sort_keys=True),
        )
        for index, shot in enumerate(_items(data.get("screenshots"), "image"))
        if shot is not None
    ]
    return Manifest(path, tuple(entries), tuple(screenshots))


def _items(items: Any, required: str) -> list[dict[str, Any] | None]:
    """List items that are mappings with their required field; None in place of others."""
    if not isinstance(items, list):
        return []
    return [i if isinstance(i, dict) and required in i else None for i in items]
