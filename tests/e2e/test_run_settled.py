"""A pull request's run does not search again for a bound key its change cannot have
affected (README, "Which strings a run syncs"): a problem the change did not cause is
reported by a full sync and by `smartling-context validate`, not on every pull request;
a problem the change causes is reported on the pull request.

Each run is the `smartling-context sync --dry-run` command on a real git repository.
The untouched problem is a key bound by name that two unchanged files hold: seeing it
reported, or not, is what tells whether the run searched for the key.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from actionrun import pr_event, run_action
from gitrepo import GitRepo, screenshot
from smartling_context.cli import main

RULES = 'version: 1\nstrings:\n  - files: "l/*.json"\n'
SHOTS = """\
screenshots:
  - image: shots/home.png
    strings:
      - key: dup
  - image: shots/menu.png
    strings:
      - key: menu.open
      - key: menu.close
  - image: shots/settings.png
    strings:
      - key: settings.save
"""
FILES = {
    "l/a.json": '{"dup": "Dup A", "menu": {"open": "Open", "close": "Close"}}',
    "l/b.json": '{"dup": "Dup B", "other": "Other"}',
    "l/c.json": '{"title": "Title"}',
    "l/d.json": '{"settings": {"save": "Save", "undo": "Undo"}}',
}
SEVERAL = "'dup' is in several files (l/a.json, l/b.json); add `file:` to say which"


@pytest.fixture
def repo(tmp_path) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "repo")
    base = repo.commit(
        {
            ".smartling/context.yml": RULES + SHOTS,
            "shots/home.png": screenshot("Dup A"),
            "shots/menu.png": screenshot("Open", "Close"),
            "shots/settings.png": screenshot("Save"),
            **FILES,
        }
    )
    return repo, base


def dry_run(repo: GitRepo, base: str | None, capsys, tmp_path) -> tuple[int, str, dict]:
    """The command's exit status, what it printed as problems, and its JSON report."""
    report = tmp_path / "report.json"
    args = ["sync", "--repo", str(repo.path), "--dry-run", "--report", str(report)]
    status = main([*args, "--base", base] if base else args)
    printed = capsys.readouterr()
    return status, printed.err, json.loads(report.read_text())


def planned(report: dict) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The strings (file, key) and the bindings (screenshot, file, key) the run plans."""
    strings = sorted((s["file"], s["key"]) for s in report["strings"])
    bindings = sorted((b["image"], b["file"], b["key"]) for b in report["bindings"])
    return strings, bindings


def test_a_pull_request_that_does_not_touch_a_bound_key_does_not_search_for_it_again(
    repo, capsys, tmp_path
):
    repository, base = repo
    repository.commit(
        {
            "l/c.json": '{"title": "Title", "subtitle": "Sub"}',
            "shots/menu.png": screenshot("Open", "Close", "More"),
        }
    )

    status, problems, report = dry_run(repository, base, capsys, tmp_path)

    assert status == 0, problems
    assert SEVERAL not in problems  # the untouched duplicate: not searched, not reported
    # The plan is unchanged: the new string, and the screenshot whose image changed with
    # the keys it binds found in their file; the untouched screenshot is not synced.
    strings, bindings = planned(report)
    assert strings == [
        ("l/a.json", "menu.close"),
        ("l/a.json", "menu.open"),
        ("l/c.json", "subtitle"),
    ]
    assert bindings == [
        ("shots/menu.png", "l/a.json", "menu.close"),
        ("shots/menu.png", "l/a.json", "menu.open"),
    ]


def test_a_full_check_reports_the_untouched_problem(repo, capsys, tmp_path):
    """A full sync (no base) and `validate` check every bound key."""
    repository, _ = repo
    repository.commit({"l/c.json": '{"title": "Title", "subtitle": "Sub"}'})

    status, problems, _ = dry_run(repository, None, capsys, tmp_path)
    assert status == 2
    assert SEVERAL in problems

    assert main(["validate", "--repo", str(repository.path)]) != 0
    assert SEVERAL in capsys.readouterr().err


def test_a_pull_request_that_puts_a_settled_key_in_a_second_file_is_told(repo, capsys, tmp_path):
    repository, base = repo
    repository.commit({"l/c.json": '{"title": "Title", "menu": {"open": "Open here"}}'})

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert status == 2
    assert "'menu.open' is in several files (l/a.json, l/c.json)" in problems
    assert SEVERAL not in problems  # still untouched


def test_a_pull_request_that_deletes_a_settled_key_is_told(repo, capsys, tmp_path):
    repository, base = repo
    repository.commit({"l/a.json": '{"dup": "Dup A", "menu": {"open": "Open"}}'})

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert status == 2
    assert "'menu.close' is not in any strings file" in problems


def test_a_pull_request_that_deletes_the_file_of_a_settled_key_is_told(repo, capsys, tmp_path):
    repository, base = repo
    repository.commit({"l/b.json": None})  # `dup` is now in l/a.json only: that is fixed

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert status == 0, problems
    assert SEVERAL not in problems
    repository.commit({"l/a.json": None})

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert "'menu.open' is not in any strings file" in problems


def test_a_pull_request_that_changes_the_strings_rules_checks_every_key(repo, capsys, tmp_path):
    repository, base = repo
    rules = RULES.replace('"l/*.json"', '"l/*.json"\n    format: json')
    repository.commit({".smartling/context.yml": rules + SHOTS})

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert status == 2
    assert SEVERAL in problems


def test_a_pull_request_that_binds_the_key_anew_is_told(repo, capsys, tmp_path):
    """The base manifest did not bind (key, file) this way: the binding is checked."""
    repository, base = repo
    added = "  - image: shots/about.png\n    strings:\n      - key: dup\n        file: l/c.json\n"
    repository.commit(
        {".smartling/context.yml": RULES + SHOTS + added, "shots/about.png": screenshot("Dup")}
    )

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert status == 2
    assert "'dup' is not in l/c.json" in problems
    assert SEVERAL not in problems  # the untouched binding is still not searched


def test_an_unchanged_screenshot_showing_a_changed_string_is_synced_with_its_bindings(
    repo, capsys, tmp_path
):
    """Deciding screenshots by the run's keys first changes nothing in what is planned."""
    repository, base = repo
    repository.commit({"l/d.json": '{"settings": {"save": "Save!", "undo": "Undo"}}'})

    status, problems, report = dry_run(repository, base, capsys, tmp_path)

    assert status == 0, problems
    assert planned(report) == (
        [("l/d.json", "settings.save")],
        [("shots/settings.png", "l/d.json", "settings.save")],
    )


def test_a_pull_request_that_renames_the_file_of_a_settled_key_is_told(repo, capsys, tmp_path):
    repository, base = repo
    repository.git("mv", "l/b.json", "l/e.json")
    repository.commit()

    status, problems, _ = dry_run(repository, base, capsys, tmp_path)

    assert status == 2
    assert "'dup' is in several files (l/a.json, l/e.json)" in problems


def test_a_base_read_through_the_github_api_checks_every_key(repo, tmp_path, emulator, github):
    """Git cannot read the base (a shallow clone, origin gone): nothing is settled."""
    repository, base = repo
    head = repository.commit({"l/c.json": '{"title": "Title", "subtitle": "Sub"}'})
    clone = tmp_path / "shallow"
    url = f"file://{repository.path}"
    subprocess.run(["git", "clone", "--quiet", "--depth=1", url, str(clone)], check=True)
    gone = str(tmp_path / "gone")
    subprocess.run(["git", "-C", str(clone), "remote", "set-url", "origin", gone], check=True)
    github.repo.compare[f"{base}...{head}"] = [
        {"filename": "l/c.json", "status": "modified", "sha": "1" * 40}
    ]
    for path in (".smartling/context.yml", "l/c.json"):
        github.repo.files[(base, path)] = repository.git("show", f"{base}:{path}").encode()

    code, log, _, _ = run_action(
        tmp_path, emulator, github, clone, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 2, log
    assert SEVERAL in log
    missing = subprocess.run(["git", "-C", str(clone), "cat-file", "-e", base], check=False)
    assert missing.returncode != 0  # the run could not have read the base with git


def test_a_synced_screenshot_never_binds_an_untouched_key_that_several_files_hold(
    repo, capsys, tmp_path
):
    """The untouched duplicate is not reported on the pull request, but a screenshot
    the pull request syncs does not bind it to one of its files at a guess."""
    repository, base = repo
    repository.commit({"shots/home.png": screenshot("Dup A", "More")})

    status, problems, report = dry_run(repository, base, capsys, tmp_path)

    assert SEVERAL not in problems
    (binding,) = [b for b in report["bindings"] if b["key"] == "dup"]
    assert binding["file"] is None
    assert binding["status"] == "failed"
    assert "several" in binding["error"] and "smartling-context validate" in binding["error"]
    assert status == 1


def test_a_synced_screenshot_reports_an_untouched_key_that_no_file_holds(repo, capsys, tmp_path):
    """A key missing since the base is not searched for on the pull request, but the
    screenshot the pull request syncs fails that binding, in a dry run too."""
    repository, _ = repo
    base = repository.commit(
        {".smartling/context.yml": RULES + SHOTS + "      - key: settings.gone\n"}
    )
    repository.commit({"shots/settings.png": screenshot("Save", "More")})

    _, problems, report = dry_run(repository, base, capsys, tmp_path)

    assert "settings.gone" not in problems
    (binding,) = [b for b in report["bindings"] if b["key"] == "settings.gone"]
    assert (binding["status"], binding["error"]) == ("failed", "the key is in no strings file")
