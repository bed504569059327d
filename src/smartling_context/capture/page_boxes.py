"""Boxes from page text documents, with no browser: what a team's own tests wrote.

The Python and npm helpers (`capture/helper.py`, `npm/`) write `<name>.png` and
`<name>.page.json` (what the page showed, read by page.js) and know nothing of
the strings files. Here the manifest's strings meet the page: the same matcher
as `capture` (`matching.match`) turns each page document into the boxes file
capture would have written beside the image. `smartling-context boxes DIR`
writes those files; the action does the same in memory for a `folder` entry
whose PNGs have only a page document beside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartling_context.capture.matching import Outcome, StringRef, match
from smartling_context.capture.page_document import PageDocument
from smartling_context.capture.session import boxes_document, boxes_json, pattern_of
from smartling_context.capture.texts import TextPattern
from smartling_context.manifest.boxes import MAX_BOXES_BYTES, MAX_BOXES_NODES, BoxesFile
from smartling_context.manifest.folders import page_beside
from smartling_context.manifest.loader import load_document
from smartling_context.manifest.model import Problem, StringsEntry
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.markers import marker_table
from smartling_context.strings.trees import Tree

MAX_PAGE_BYTES = 64 * 1024 * 1024


Patterns = dict[StringRef, TextPattern | None]


@dataclass(frozen=True)
class PageBoxes:
    """One page document matched: the boxes file's JSON value and what happened to
    each string."""

    boxes: dict[str, Any]
    outcome: Outcome


def catalog_patterns(catalog: StringsCatalog[StringsEntry]) -> Patterns:
    """Every string of the manifest's strings files as a pattern to look for. A file
    that does not parse is left out (the run and `validate` report it on its own)."""
    patterns: Patterns = {}
    for path, entry in catalog.owners().items():
        try:
            strings = catalog.strings(path)
        except StringsFileError:
            continue
        for string in strings:
            patterns[StringRef(path, string.key)] = pattern_of(string.text, entry)
    return patterns


def page_boxes(content: bytes, patterns: Patterns) -> PageBoxes:
    """Match one page document against the strings; raises ValueError saying what is
    wrong with the document. Marker spans on the page (an app served marked strings
    files) box their keys exactly, as `capture --markers` does."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not JSON: {error}") from error
    document = PageDocument.from_json(data)
    markers = None
    if document.markers:
        try:
            markers = marker_table((ref.file, ref.key, ref) for ref in patterns)
        except ValueError:
            markers = None  # two keys share a marker id: boxed by their text only
    outcome = match(document, patterns, markers)
    pixels = (round(document.image[0] * document.scale), round(document.image[1] * document.scale))
    return PageBoxes(boxes_document(outcome, pixels, document.scale), outcome)


def boxes_from_tree(
    tree: Tree, path: str, patterns: Patterns
) -> tuple[BoxesFile | None, list[Problem]]:
    """A page document in the tree as the boxes file it gives (held in memory, named
    after the page document), or the problem that stops it."""

    def refused(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(path, None, "(top level)", message)]

    if tree.size(path) > MAX_PAGE_BYTES:
        return refused(f"a page text document must be under {MAX_PAGE_BYTES // 1024 // 1024} MB")
    try:
        found = page_boxes(tree.read(path), patterns)
    except OSError as error:
        return refused(f"cannot be read: {error}")
    except ValueError as error:
        return refused(str(error))
    text = boxes_json(found.boxes).encode("utf-8")
    document = load_document(text, MAX_BOXES_BYTES, MAX_BOXES_NODES)
    image = found.boxes["image"]
    return BoxesFile(
        path, document, (image["width"], image["height"]), tuple(found.boxes["boxes"])
    ), []


def write_boxes(folder: Path, patterns: Patterns) -> list[tuple[Path, PageBoxes | str]]:
    """`smartling-context boxes`: for each `<name>.png` in `folder` with `<name>.page.json`
    beside it, write `<name>.boxes.json`. Returns each image with what was found, or
    why its page document could not be used; sorted by name."""
    done: list[tuple[Path, PageBoxes | str]] = []
    images = sorted(path for path in folder.iterdir() if path.name.lower().endswith(".png"))
    for image in images:
        page = image.with_name(page_beside(image.name))
        if not page.is_file():
            continue
        try:
            found = page_boxes(page.read_bytes(), patterns)
        except (OSError, ValueError) as error:
            done.append((image, f"{page.name}: {error}"))
            continue
        image.with_suffix(".boxes.json").write_text(boxes_json(found.boxes), encoding="utf-8")
        done.append((image, found))
    return done
