"""`file-uri`: strings that already live in Smartling as files are found, never created."""

from __future__ import annotations

import json

from test_run_action import bound_texts, run_action

from gitrepo import GitRepo, screenshot

MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
    file-uri: "app/{path}"
  - files: "res/extra.json"
screenshots:
  - image: shots/search.png
    name: Search
    strings:
      - key: search.title
      - key: extra.note
  - image: shots/booking.png
    name: Booking
    match: ocr
"""
BASE = {"search": {"title": "Find a hotel"}}
HEAD = {"search": {"title": "Find your hotel"}, "book": "Book now"}
URI = "app/locales/en.json"


def project(tmp, manifest=MANIFEST):
    repo = GitRepo(tmp / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": manifest,
            "locales/en.json": json.dumps(BASE),
            "res/extra.json": '{"extra": {"note": "Free cancellation"}}',
            "shots/search.png": screenshot("Find your hotel", "Free cancellation"),
            "shots/booking.png": screenshot("Book now"),
        }
    )
    head = repo.commit(
        {"locales/en.json": json.dumps(HEAD), "res/extra.json": '{"extra": {"note": "Free!"}}'}
    )
    return repo, base, head


def test_strings_of_an_uploaded_file_are_bound_and_matched_and_none_is_created(
    tmp_path, emulator, github
):
    repo, base, head = project(tmp_path)
    emulator.upload_file(URI, "json", json.dumps(HEAD).encode())
    uploaded = set(emulator.state.file_hashcodes(URI))

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    assert run.outputs["strings-found"] == "2" and run.outputs["strings-pending"] == "0"
    # Only the entry without file-uri created a string (mixed manifest).
    assert run.outputs["strings-created"] == "1"
    bound = {b["stringHashcode"] for b in emulator.state.bindings.values()}
    assert uploaded <= bound  # search.title explicitly, "Book now" by OCR
    assert bound_texts(emulator) == ["Book now", "Find your hotel", "Free!"]
    found = {s["key"]: s for s in run.report["strings"] if s["status"] == "found"}
    assert found["book"]["found_by"] == "key" and found["book"]["file_uri"] == URI
    assert emulator.state.request_counts()["POST source strings"] == 1


def test_a_file_not_uploaded_yet_leaves_its_strings_pending_without_failing(
    tmp_path, emulator, github
):
    repo, base, head = project(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head, require_context="fail")

    assert run.code == 0, run.log
    assert run.outputs["strings-pending"] == "2" and run.outputs["errors"] == "0"
    # Pending strings count on neither side of the coverage, nor in the gate.
    assert run.outputs["context-coverage"] == "1/1"
    assert f"- 2 strings pending in Smartling (`{URI}`), not counted." in run.comment
    assert run.comment.count("Smartling knows no file") == 1  # one line, not one per key
    assert f"`{URI}`" in run.comment and "comment `/smartling` to bind it then" in run.comment
    binding = next(b for b in run.report["bindings"] if b["key"] == "search.title")
    assert binding["status"] == "pending"

    # The file is uploaded; the next run binds what was pending.
    emulator.upload_file(URI, "json", json.dumps(HEAD).encode())
    again = run_action(tmp_path, emulator, github, repo, base, head)

    assert again.code == 0, again.log
    assert again.outputs["strings-found"] == "2" and again.outputs["strings-pending"] == "0"
    assert "Find your hotel" in bound_texts(emulator)


def test_a_key_smartling_does_not_report_is_found_by_its_unique_text(tmp_path, emulator, github):
    repo, base, head = project(tmp_path)
    renamed = {"heading": "Find your hotel", "cta": "Book now", "other": "Book now"}
    emulator.upload_file(URI, "json", json.dumps(renamed).encode())

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    by_key = {s["key"]: s for s in run.report["strings"] if s["file_uri"]}
    assert by_key["search.title"]["status"] == "found"
    assert by_key["search.title"]["found_by"] == "text"
    # "Book now" is one string with two keys in that file: still unique by text.
    assert by_key["book"]["status"] == "found"


def test_a_file_of_1200_strings_is_read_in_three_pages(tmp_path, emulator, github):
    many = {f"k{i:04}": f"Text {i}" for i in range(1200)}
    repo, base, _ = project(tmp_path)
    head = repo.commit({"locales/en.json": json.dumps({**BASE, **many, "search": HEAD["search"]})})
    emulator.upload_file(URI, "json", json.dumps({**many, **HEAD}).encode())

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    assert run.outputs["strings-found"] == "1201"
    assert emulator.state.request_counts()["POST source strings"] == 3


def test_a_dry_run_shows_where_each_string_would_be_looked_up(tmp_path, emulator, github):
    repo, base, head = project(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head, **{"dry-run": "true"})

    assert run.code == 0, run.log
    assert emulator.state.requests == []
    assert f"look up in `{URI}`" in run.comment
    assert "| Strings to look up by file URI | 2 |" in run.comment
