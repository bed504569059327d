"""The sticky comment's owner, the clone's history, and where the report goes: through
entrypoint.py, a fake GitHub, real git repositories with a real `origin` (a bare repo).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from actionrun import TOKEN, pr_event, run_action, texts
from gitrepo import GitRepo, run_git

MARKER = "<!-- smartling-context-action manifest=.smartling/context.yml -->"


# ------------------------------------------------------------------ sticky comment


def test_a_persons_comment_holding_the_marker_is_never_edited(tmp_path, emulator, github, project):
    repo, base, head = project
    quoted = f"> {MARKER}\nWhy did the bot say this?"
    person = github.add_comment(1, quoted, "mona")

    code, log, _, _ = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert github.repo.comments[person]["body"] == quoted
    bot = [c for c in github.comments_on(1) if c["user"]["login"] == "github-actions[bot]"]
    assert len(bot) == 1 and "| Strings created | 3 |" in bot[0]["body"]


def test_with_a_user_token_the_comment_of_that_user_is_sticky(tmp_path, emulator, github, project):
    repo, base, head = project
    github.users[TOKEN] = "release-bot"  # a personal access token, not GITHUB_TOKEN
    own = github.add_comment(1, f"old report\n{MARKER}", "release-bot")
    other_bot = github.add_comment(1, f"copied\n{MARKER}", "github-actions[bot]", "Bot")

    code, log, _, _ = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert "| Strings created | 3 |" in github.repo.comments[own]["body"]
    assert github.repo.comments[other_bot]["body"] == f"copied\n{MARKER}"
    assert len(github.comments_on(1)) == 2


def test_two_sticky_comments_converge_to_the_oldest(tmp_path, emulator, github, project):
    """Two runs raced and each posted one: the next run keeps the oldest, deletes the other."""
    repo, base, head = project
    oldest = github.add_comment(1, f"first\n{MARKER}", "github-actions[bot]", "Bot")
    github.add_comment(1, f"second\n{MARKER}", "github-actions[bot]", "Bot")

    code, log, _, _ = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    (comment,) = github.comments_on(1)
    assert comment["id"] == oldest and "| Strings created | 3 |" in comment["body"]


# ------------------------------------------------------------------ clone history


@pytest.fixture
def diverged(tmp_path):
    """origin (a bare repo): main moved on after the branch was cut.

    A: nav.back "Back"; main then B: rewords it "Go back" and adds "Help";
    the pull request's branch from A adds "Book". Three-dot: only "Book" is new.
    """
    work = GitRepo(tmp_path / "author")
    manifest = 'version: 1\nstrings:\n  - files: "locales/**/*.json"\n'
    start = work.commit(
        {
            ".smartling/context.yml": manifest,
            "locales/en/app.json": json.dumps({"back": "Back"}),
        }
    )
    for index in range(30):  # history deeper than the first deepening step
        work.commit({"locales/en/notes.txt": f"note {index}"})
    branch_point = work.git("rev-parse", "HEAD")
    base = work.commit({"locales/en/app.json": json.dumps({"back": "Go back", "help": "Help"})})
    work.git("checkout", "--quiet", "-b", "feature", branch_point)
    head = work.commit({"locales/en/app.json": json.dumps({"back": "Back", "book": "Book"})})
    work.git("checkout", "--quiet", "main")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(work.path), str(origin)], check=True)
    run_git(origin, "update-ref", "refs/pull/1/head", head)
    run_git(origin, "branch", "-D", "feature")
    assert start
    return origin, base, head


def clone(origin: Path, target: Path, *args: str) -> Path:
    # A plain path as origin, as actions/checkout leaves an https URL: not file://, so that
    # --depth is honoured the same way.
    subprocess.run(
        ["git", "clone", "--quiet", "--no-local", *args, str(origin), str(target)], check=True
    )
    return target


def test_a_full_clone_stays_full_and_the_diff_is_three_dot(tmp_path, emulator, github, diverged):
    origin, base, head = diverged
    workspace = clone(origin, tmp_path / "full")  # the PR head is not in it (a fork's)

    code, log, _, _ = run_action(
        tmp_path, emulator, github, workspace, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert not (workspace / ".git" / "shallow").exists()
    assert texts(emulator) == {"Book"}  # not "Back" re-created with its old text


def test_a_shallow_clone_is_deepened_until_the_merge_base(tmp_path, emulator, github, diverged):
    origin, base, head = diverged
    workspace = clone(origin, tmp_path / "shallow", "--depth=1")

    code, log, outputs, _ = run_action(
        tmp_path, emulator, github, workspace, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert texts(emulator) == {"Book"}
    report = json.loads(Path(outputs["report"]).read_text())
    assert report["removed"] == []  # "help" was added on main, not removed by the PR


def test_the_merge_base_comes_from_github_when_git_cannot_reach_it(
    tmp_path, emulator, github, diverged
):
    origin, base, head = diverged
    workspace = clone(origin, tmp_path / "shallow", "--depth=1")
    subprocess.run(["git", "-C", str(workspace), "fetch", "-q", "--depth=1", "origin", head])
    merge_base = run_git(origin, "merge-base", base, head)
    subprocess.run(["git", "-C", str(workspace), "fetch", "-q", "--depth=1", "origin", merge_base])
    run_git(workspace, "remote", "set-url", "origin", str(tmp_path / "gone"))
    github.repo.merge_bases[f"{base}...{head}"] = merge_base

    code, log, _, _ = run_action(
        tmp_path, emulator, github, workspace, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert texts(emulator) == {"Book"}


# ------------------------------------------------------------------ the report's path


@pytest.mark.parametrize("kind", ["symlink", "directory"])
def test_without_runner_temp_the_report_never_follows_what_the_pr_committed(
    tmp_path, emulator, github, project, kind
):
    repo, base, _ = project
    outside = tmp_path / "outside.json"
    name = "smartling-context-report.json"
    if kind == "symlink":
        os.symlink(outside, repo.path / name)
    else:
        (repo.path / name).mkdir()
        (repo.path / name / "keep").write_text("x")
    head = repo.commit({"locales/en/app.json": '{"search": {"title": "Find your hotel"}}'})

    code, log, outputs, _ = run_action(
        tmp_path,
        emulator,
        github,
        repo.path,
        "pull_request",
        pr_event(tmp_path, base, head),
        environment={"RUNNER_TEMP": None},
    )

    assert code == 0, log
    assert not outside.exists()
    report = Path(outputs["report"])
    assert report.parent == repo.path and report.name != name
    assert not report.is_symlink() and report.stat().st_mode & 0o077 == 0
    assert json.loads(report.read_text())["summary"]["strings-created"] >= 1
    previews = Path(outputs["preview"])
    assert previews.parent == repo.path and previews.stat().st_mode & 0o077 == 0
