"""`smartling-context sync` given a path that cannot serve the run: one line saying which
option, what is wrong and what to do, before anything is read or sent; never a traceback."""

from __future__ import annotations

import pytest
from test_cli import cli

from gitrepo import GitRepo

MANIFEST = 'version: 1\nstrings:\n  - files: "locales/en.json"\n'


@pytest.fixture
def repo(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({".smartling/context.yml": MANIFEST, "locales/en.json": '{"a": "A"}'})
    return repo


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("missing", "--repo {}: not a folder; pass the repository's root"),
        ("plain", "--repo {}: not a git checkout; pass the root of the repository's clone"),
    ],
)
def test_a_repo_that_is_no_git_checkout_is_named_with_the_fix(tmp_path, where, said):
    folder = tmp_path / where
    if where == "plain":
        folder.mkdir()

    result = cli("sync", "--dry-run", "--repo", str(folder))

    assert result.returncode == 2
    assert f"Error: {said.format(folder)}" in result.stderr


def test_a_report_in_a_missing_folder_is_refused_before_the_run(repo, tmp_path):
    report = tmp_path / "missing" / "report.json"

    result = cli("sync", "--dry-run", "--repo", str(repo.path), "--report", str(report))

    assert result.returncode == 2
    assert f"--report {report}: the folder {report.parent} does not exist" in result.stderr
    assert "Strings to create" not in result.stdout  # refused before the run


def test_a_report_path_that_is_a_folder_is_named_after_the_run(repo, tmp_path):
    result = cli("sync", "--dry-run", "--repo", str(repo.path), "--report", str(tmp_path))

    assert result.returncode == 2
    assert f"Error: --report {tmp_path}: Is a directory; give a file's path" in result.stderr


@pytest.mark.parametrize("minutes", ["0", "-5", "nan", "soon"])
def test_a_time_limit_that_is_no_positive_number_is_refused(repo, minutes):
    result = cli("sync", "--dry-run", "--repo", str(repo.path), f"--time-limit={minutes}")

    assert result.returncode == 2
    assert "is not a positive number of minutes" in result.stderr
    assert "Traceback" not in result.stderr
