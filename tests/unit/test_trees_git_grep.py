"""Finding a bound key's files in a commit over many megabytes of strings files: git
searches the checked-out files instead of the commit's blobs only where they are the
commit's, so a work tree that differs from the commit never hides a file holding it.

Each repository holds over `WORKTREE_GREP_BYTES` of strings files (the size past
which the work tree is searched); the manifest binds `dup`, which two files hold in
the commit: the check must say so whatever the work tree holds.
"""

from __future__ import annotations

import json

import pytest

from gitrepo import GitRepo
from smartling_context.emulator import png_with_text
from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import WORKTREE_GREP_BYTES, GitTree

MANIFEST = """\
version: 1
strings:
  - files: "l/*.json"
screenshots:
  - image: shot.png
    strings:
      - key: dup
"""
SEVERAL = "'dup' is in several files (l/a.json, l/b.json)"
PAD = "lorem ipsum " * (WORKTREE_GREP_BYTES // 3 // 12 + 1)  # three files: over the size


def strings(**pairs: str) -> str:
    return json.dumps({**pairs, "pad": PAD})


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(
        {
            ".smartling/context.yml": MANIFEST,
            "shot.png": png_with_text(20, 20, []),
            "l/a.json": strings(dup="A"),
            "l/b.json": strings(dup="B"),
            "l/c.json": strings(other="C"),
        }
    )
    return repo


def problems(repo: GitRepo, commit: str) -> list[str]:
    return [
        p.message for p in validate(GitTree(repo.path, commit), ".smartling/context.yml").problems
    ]


def test_files_checked_out_as_committed_are_searched_and_the_holders_found(repo):
    head = repo.commit()

    assert [m for m in problems(repo, head) if "dup" in m] == [
        f"{SEVERAL}; add `file:` to say which"
    ]


def test_a_file_changed_in_the_work_tree_is_searched_in_the_commit(repo):
    head = repo.commit()
    repo.write({"l/b.json": strings(other="B")})  # not committed: the commit still holds `dup`

    assert any(SEVERAL in m for m in problems(repo, head))


def test_a_file_assumed_unchanged_is_searched_in_the_commit(repo):
    head = repo.commit()
    repo.git("update-index", "--assume-unchanged", "l/b.json")
    repo.write({"l/b.json": strings(other="B")})

    assert any(SEVERAL in m for m in problems(repo, head))


def test_a_file_git_converts_on_checkout_is_searched_in_the_commit(repo):
    """`working-tree-encoding`: UTF-16 on disk (no byte-order mark), UTF-8 in the commit."""
    repo.write({".gitattributes": "l/b.json working-tree-encoding=UTF-16LE\n"})
    (repo.path / "l/b.json").write_bytes(strings(dup="B").encode("utf-16-le"))
    head = repo.commit()
    assert b"dup" not in (repo.path / "l/b.json").read_bytes()  # the work tree is UTF-16
    assert repo.git("status", "--porcelain") == ""  # and git counts it unchanged

    assert any(SEVERAL in m for m in problems(repo, head))
