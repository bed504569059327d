"""A `folder` entry whose PNGs have only a page text document beside them (what the
Python and npm helpers write): `validate` binds each from capture's matcher, with no
browser; documents written by hand."""

from __future__ import annotations

from pathlib import Path

from gitrepo import screenshot
from smartling_context.capture.page_document import CssBox, MarkerSpan, PageDocument, TextRun
from smartling_context.manifest.validation import validate
from smartling_context.strings.markers import marker_id
from smartling_context.strings.trees import WorkTree

MANIFEST = """\
version: 1
strings:
  - files: app.json
screenshots:
  - folder: screens
"""
STRINGS = '{"title": "Search results", "ok": "OK", "confirm": "OK", "add": "Add"}'


def document(*runs: TextRun, markers: tuple[MarkerSpan, ...] = ()) -> str:
    """At scale 2: the PNG is 200x60 pixels, 100x30 CSS pixels."""
    return PageDocument("http://127.0.0.1/", (100, 30), 2.0, (100, 30), runs, markers).dumps()


def repo(root: Path, files: dict[str, str | bytes]) -> WorkTree:
    for path, content in {".smartling/context.yml": MANIFEST, "app.json": STRINGS, **files}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / path).write_bytes(content)
        else:
            (root / path).write_text(content, encoding="utf-8")
    return WorkTree(root)


def bindings(tree: WorkTree) -> dict[str, dict[str, int] | None]:
    validation = validate(tree, ".smartling/context.yml")
    assert validation.valid, [str(p) for p in validation.problems]
    assert validation.manifest is not None
    (shot,) = validation.manifest.screenshots
    assert (shot.name, shot.scale) == ("Search", 2.0)
    return {bound.key: bound.coordinates for bound in shot.bindings}


def test_a_page_document_binds_the_whole_texts_it_shows_at_the_image_scale(tmp_path):
    tree = repo(
        tmp_path,
        {
            "screens/Search.png": screenshot("Search results", "Add/remove users"),
            "screens/Search.page.json": document(
                TextRun("Search results", CssBox(2.5, 1, 60, 11)),
                TextRun("Add/remove users", CssBox(2.5, 15, 70, 25)),
            ),
        },
    )
    # "Add" inside a longer text is no match; "OK" is not on the page.
    assert bindings(tree) == {"title": {"top": 2, "left": 5, "width": 115, "height": 20}}


def test_a_marker_span_binds_its_own_key_where_two_keys_share_a_text(tmp_path):
    tree = repo(
        tmp_path,
        {
            "screens/Search.png": screenshot("OK", "-"),
            "screens/Search.page.json": document(
                TextRun("OK", CssBox(10, 10, 20, 20)),
                markers=(
                    MarkerSpan(
                        "".join(chr(ord(c) - 0xE0000) for c in marker_id("app.json", "confirm")),
                        (0, 0),
                        (0, 2),
                        CssBox(10, 10, 20, 20),
                    ),
                ),
            ),
        },
    )
    assert bindings(tree) == {"confirm": {"top": 20, "left": 20, "width": 20, "height": 20}}


def test_a_boxes_file_beside_the_image_wins_over_its_page_document(tmp_path):
    boxes = '{"version": 1, "image": {"width": 100, "height": 30}, "boxes": '
    boxes += '[{"key": "ok", "top": 1, "left": 1, "width": 10, "height": 5}]}'
    tree = repo(
        tmp_path,
        {
            "screens/Search.png": screenshot("Search results", "-"),
            "screens/Search.boxes.json": boxes,
            "screens/Search.page.json": document(TextRun("Search results", CssBox(0, 0, 9, 9))),
        },
    )
    assert bindings(tree) == {"ok": {"top": 2, "left": 2, "width": 20, "height": 10}}


def test_a_page_document_that_cannot_be_read_is_one_problem_naming_it(tmp_path):
    tree = repo(
        tmp_path,
        {
            "screens/Search.png": screenshot("Search results", "-"),
            "screens/Search.page.json": '{"format": "smartling-context/page-text", "version": 9}',
        },
    )
    validation = validate(tree, ".smartling/context.yml")
    assert [str(p) for p in validation.problems] == [
        "screens/Search.page.json: (top level): page text document version 9; this version "
        "reads 1: capture it again with this version"
    ]
