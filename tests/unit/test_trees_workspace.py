"""The head commit with the workspace over it: files an earlier step of the job wrote."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gitrepo import GitRepo, screenshot
from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import GitTree, TreeReadError, WorkspaceTree

MANIFEST = """\
version: 1
strings:
  - files: locales/app.json
screenshots:
  - image: docs/captured.png
    boxes: docs/captured.boxes.json
"""
BOXES = (
    '{"version": 1, "boxes": [{"key": "title", "top": 1, "left": 1, "width": 50, "height": 10}]}'
)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "workspace")
    repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/app.json": '{"title": "Hello"}',
            "docs/committed.png": screenshot("Hello"),
        }
    )
    return repo


def overlay(repo: GitRepo) -> WorkspaceTree:
    return WorkspaceTree(GitTree(repo.path, repo.git("rev-parse", "HEAD")), repo.path)


def test_a_file_absent_from_the_commit_is_read_from_the_workspace(repo):
    repo.write({"docs/captured.png": screenshot("Hello")})
    tree = overlay(repo)
    assert tree.exists("docs/captured.png") and tree.from_workspace("docs/captured.png")
    assert tree.read("docs/captured.png") == screenshot("Hello")
    assert tree.size("docs/captured.png") == len(screenshot("Hello"))


def test_a_committed_file_is_read_from_the_commit_even_when_the_workspace_differs(repo):
    repo.write({"docs/committed.png": b"changed by a step"})
    tree = overlay(repo)
    assert not tree.from_workspace("docs/committed.png")
    assert tree.read("docs/committed.png") == screenshot("Hello")


def test_the_workspace_gives_no_link_out_no_fifo_and_nothing_under_git(repo, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(screenshot("secret"))
    os.symlink(secret, repo.path / "docs/link.png")
    os.mkfifo(repo.path / "docs/pipe.png")
    tree = overlay(repo)
    for path in ("docs/link.png", "docs/pipe.png", ".git/config", "docs/none.png"):
        assert not tree.exists(path), path
        assert not tree.from_workspace(path), path
    with pytest.raises(TreeReadError):
        tree.workspace.read("docs/pipe.png")


def test_validation_finds_a_screenshot_and_boxes_file_written_by_the_job(repo):
    head = GitTree(repo.path, repo.git("rev-parse", "HEAD"))
    missing = validate(head, ".smartling/context.yml")
    assert [p.node for p in missing.problems] == ["screenshots[0].image", "screenshots[0].boxes"]

    repo.write({"docs/captured.png": screenshot("Hello"), "docs/captured.boxes.json": BOXES})
    assets = overlay(repo)
    result = validate(head, ".smartling/context.yml", assets)
    assert result.problems == []
    assert result.assets is assets and assets.from_workspace("docs/captured.png")
    (bound,) = result.manifest.screenshots[0].bindings
    assert (bound.key, bound.source) == ("title", "boxes")


def test_strings_files_are_never_read_from_the_workspace(repo):
    repo.write({"locales/extra.json": '{"title": "Hi"}'})
    tree = overlay(repo)
    assert "locales/extra.json" not in tree.files()
