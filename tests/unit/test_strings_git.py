"""Running git: what a person sees when git itself cannot be started."""

from __future__ import annotations

import pytest

from smartling_context.strings.git import GitError, git


def test_without_git_on_the_path_the_run_cannot_start_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no git on it

    with pytest.raises(GitError) as raised:
        git(tmp_path, "status")

    assert str(raised.value).startswith("git could not be started: ")
    assert raised.value.fix == "make sure git is installed and the workspace is a git checkout"
