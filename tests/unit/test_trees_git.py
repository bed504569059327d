"""A commit's files read through one `git cat-file --batch` process: the same bytes as
committed, whatever they hold, from several threads at once, and no process left behind."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gitrepo import GitRepo
from smartling_context.strings.git import GitError
from smartling_context.strings.trees import GitTree

FILES: dict[str, str | bytes | None] = {
    "empty.txt": b"",
    "lines.json": '{\n "a": "one\\ntwo"\n}\n',
    "binary.bin": bytes(range(256)) * 3 + b"\n\n\0",
    "big.json": "".join(f'"k{i}": "text {i}",\n' for i in range(40_000)),  # past a pipe buffer
    "no-newline.txt": "last line",
    **{f"many/f{n}.json": f'{{"key{n}": "Text {n}"}}' for n in range(40)},
}


def children() -> set[int]:
    """The processes this test process started that are still there (Linux /proc)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    if not tasks.is_dir():
        pytest.skip("no /proc to count processes on this system")
    found: set[int] = set()
    for task in tasks.iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


@pytest.fixture
def repo(tmp_path: Path) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "repo")
    repo.commit(FILES)
    os.symlink("many/f3.json", repo.path / "link.json")
    return repo, repo.commit()


def test_every_file_reads_back_as_committed(repo: tuple[GitRepo, str]) -> None:
    git_repo, commit = repo
    tree = GitTree(git_repo.path, commit)
    for path, content in FILES.items():
        expected = content.encode() if isinstance(content, str) else content
        assert tree.read(path) == expected, path
        assert tree.size(path) == len(expected or b"")
    assert tree.link_target("link.json") == "many/f3.json"
    tree.close()


def test_reads_from_several_threads_each_get_their_own_file(repo: tuple[GitRepo, str]) -> None:
    git_repo, commit = repo
    tree = GitTree(git_repo.path, commit)
    paths = [p for p in FILES if p.startswith("many/")] * 5 + ["big.json"] * 5
    with ThreadPoolExecutor(8) as pool:
        contents = list(pool.map(tree.read, paths))
    for path, content in zip(paths, contents, strict=True):
        expected = FILES[path]
        assert content == (expected.encode() if isinstance(expected, str) else expected)
    tree.close()


def test_one_git_process_reads_all_files_and_ends_with_the_tree(
    repo: tuple[GitRepo, str],
) -> None:
    git_repo, commit = repo
    before = children()
    tree = GitTree(git_repo.path, commit)
    for path in tree.files():
        tree.read(path)
    assert len(children() - before) == 1  # not one process per file
    tree.close()
    assert children() - before == set()
    with pytest.raises(GitError, match="closed"):
        tree.read("empty.txt")

    forgotten = GitTree(git_repo.path, commit)
    forgotten.read("lines.json")
    del forgotten
    gc.collect()
    assert children() - before == set()  # a tree nobody closed does not leave git running
