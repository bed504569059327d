"""A strings file committed while marked by `markers apply`: its strings never reach Smartling.

Through the real entry point (entrypoint.py) against the emulator: the marked
strings are one error item naming the file and the keys, the run's other strings
are created, and nothing the emulator received holds a marker character.
"""

from __future__ import annotations

import json
from pathlib import Path

import actionrun
from actionrun import pr_event
from fake_github import FakeGitHub
from gitrepo import GitRepo
from smartling_context.emulator import Emulator
from smartling_context.strings import markers
from smartling_context.strings.marking import mark_file

MANIFEST = """\
version: 1
strings:
  - files: "locales/*.json"
"""


def test_a_marked_file_committed_by_mistake_is_an_error_item_and_is_never_sent(
    tmp_path: Path, emulator: Emulator, github: FakeGitHub
) -> None:
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/app.json": '{"search": {"title": "Find a hotel"}}',
            "locales/extra.json": '{"help": "Help"}',
        }
    )
    app = b'{"search": {"title": "Find a hotel"}, "book": "Book now"}'
    head = repo.commit(
        {
            "locales/app.json": mark_file(app, "json", "locales/app.json"),  # `apply`, committed
            "locales/extra.json": '{"help": "Help", "faq": "Questions"}',
        }
    )

    code, log, outputs, _ = actionrun.run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 1, log
    received = json.dumps(emulator.state.bodies, ensure_ascii=False) + json.dumps(
        emulator.state.strings, ensure_ascii=False
    )
    assert not markers.has_marker(received)
    texts = sorted(s["parsedStringText"] for s in emulator.state.strings.values())
    assert texts == ["Questions"]  # the clean file's new string went on
    report = json.loads(Path(outputs["report"]).read_text())
    (error,) = [e for e in report["errors"] if e["file"] == "locales/app.json"]
    assert "2 strings (search.title, book) carry capture markers, not sent" in error["message"]
    assert "smartling-context markers restore" in error["message"]
    comment = github.comments_on(1)[-1]["body"]
    assert "locales/app.json" in comment and "markers restore" in comment
    assert not markers.has_marker(comment)
    assert "::error file=locales/app.json" in log
