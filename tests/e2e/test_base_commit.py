"""A strings file whose base version does not parse: the error item names the file
and the commit it was read from, through entrypoint.py on a real repository."""

from __future__ import annotations

import json
from pathlib import Path

from actionrun import pr_event, run_action, texts
from gitrepo import GitRepo


def test_a_base_version_that_does_not_parse_names_the_file_and_the_merge_base(
    tmp_path, emulator, github
):
    """The branch was cut where the file was broken; main fixed it afterwards. The
    pull request is diffed from where it left main, so that commit is the one named."""
    repo = GitRepo(tmp_path / "workspace")
    broken = repo.commit(
        {
            ".smartling/context.yml": 'version: 1\nstrings:\n  - files: "locales/*.json"\n',
            "locales/en.json": '{"a": "A",',
        }
    )
    base = repo.commit({"locales/en.json": json.dumps({"a": "A"})})
    repo.git("checkout", "--quiet", "-b", "feature", broken)
    head = repo.commit({"locales/en.json": json.dumps({"a": "A", "b": "B"})})

    code, log, outputs, _ = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 1, log
    (error,) = json.loads(Path(outputs["report"]).read_text())["errors"]
    assert error["kind"] == "strings-file" and error["file"] == "locales/en.json"
    assert f"the base version at {broken[:12]} does not parse" in error["message"]
    assert "file=locales/en.json" in log and broken[:12] in log
    assert texts(emulator) == {"A", "B"}  # every string at head is treated as added
