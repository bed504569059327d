"""The action end to end: entrypoint.py as GitHub runs it, against the emulator and a fake GitHub."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image

import events
from actionrun import (
    MANIFEST,
    REPO,
    USER,
    comment_body,
    pr_event,
    run_action,
    texts,
    write_event,
)
from conftest import SHARED
from gitrepo import GitRepo
from smartling_context.emulator import Emulator
from smartling_context.preview.draw import COLOURS

EVENTS = SHARED / "reference" / "github-events"


def test_pull_request_syncs_new_strings_screenshots_bindings_and_comments(
    tmp_path, emulator, github, project
):
    repo, base, head = project
    code, log, outputs, summary = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    # Added and changed strings, plus the one the changed screenshot's binding needs.
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
    # Search shows a changed string; Booking's image changed.
    assert sorted(c["name"].split(" #")[0] for c in emulator.state.contexts.values()) == [
        "Booking",
        "Search",
    ]
    bound = sorted(
        emulator.state.strings[b["stringHashcode"]]["stringText"]
        for b in emulator.state.bindings.values()
    )
    assert bound == ["Cancel booking", "Find your hotel"]  # OCR found only what this run added
    assert outputs["strings-created"] == "3"
    assert outputs["contexts-uploaded"] == "2" and outputs["bindings-created"] == "2"
    assert outputs["errors"] == "0"
    report = json.loads(Path(outputs["report"]).read_text())
    assert report["summary"]["strings-created"] == 3
    assert Path(outputs["report"]).parent.name == "runner_temp"
    previews = sorted(p.name for p in Path(outputs["preview"]).iterdir())
    assert previews == ["Booking.png", "Search.png"]  # each screenshot of the run, drawn
    # The OCR match's box (Cancel booking: left 5, top 20, 100x18) is drawn in OCR blue.
    drawn = Image.open(Path(outputs["preview"]) / "Booking.png").convert("RGB")
    above_the_box = {drawn.getpixel((x, y)) for x in range(0, 110) for y in range(12, 20)}
    assert COLOURS["ocr"] in above_the_box
    assert "#### Previews" in summary and "Booking.png" in summary
    (comment,) = github.comments_on(1)
    assert "<!-- smartling-context-action" in comment["body"]
    assert "| Strings created | 3 |" in comment["body"]
    assert "Find your hotel" in summary
    # Every access and refresh token the run was issued is masked as soon as issued.
    issued = [*emulator.state.tokens, *emulator.state.refresh_tokens]
    assert issued and all(f"::add-mask::{token}" in log for token in issued)


def test_rerun_duplicates_nothing_and_edits_the_comment(tmp_path, emulator, github, project):
    repo, base, head = project
    event = pr_event(tmp_path, base, head)
    run_action(tmp_path, emulator, github, repo.path, "pull_request", event)
    before = (
        dict(emulator.state.strings),
        dict(emulator.state.contexts),
        dict(emulator.state.bindings),
    )

    code, log, outputs, _ = run_action(tmp_path, emulator, github, repo.path, "pull_request", event)

    assert code == 0, log
    assert len(emulator.state.strings) == len(before[0])
    assert emulator.state.contexts.keys() == before[1].keys()
    assert emulator.state.bindings.keys() == before[2].keys()
    assert outputs["contexts-uploaded"] == "0" and outputs["contexts-reused"] == "2"
    assert outputs["strings-overwritten"] == "3" and outputs["strings-created"] == "0"
    assert len(github.comments_on(1)) == 1


def test_fork_without_secrets_is_a_dry_run_and_a_refused_comment_does_not_fail(
    tmp_path, emulator, github, project
):
    repo, base, head = project
    github.repo.read_only = True

    code, log, outputs, summary = run_action(
        tmp_path,
        emulator,
        github,
        repo.path,
        "pull_request",
        pr_event(tmp_path, base, head, fork=True),
        **{"user-secret": "", "user-identifier": ""},
    )

    assert code == 0, log
    assert emulator.state.strings == {} and emulator.state.requests == []
    assert "dry run" in summary and "fork" in summary
    assert "could not be posted" in summary
    assert outputs["strings-created"] == "0" and outputs["errors"] == "0"
    assert "| Strings to create | 3 |" in summary


def test_bad_manifest_exits_2_writes_nothing_and_comments_the_problems(
    tmp_path, emulator, github, project
):
    repo, base, _ = project
    head = repo.commit(
        {
            ".smartling/context.yml": MANIFEST.replace("match: ocr", "match: fuzzy").replace(
                '  - files: "res', '  - fles: "res'
            )
        }
    )

    code, log, outputs, _ = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 2
    assert emulator.state.strings == {} and emulator.state.contexts == {}
    assert "::error file=.smartling/context.yml,line=7," in log
    assert "nothing was synced" in comment_body(github)
    (comment,) = github.comments_on(1)
    assert "strings\\[1\\].fles" in comment["body"]
    assert "screenshots\\[1\\].match" in comment["body"]
    assert outputs["errors"] == "3"


def test_failing_strings_exit_1_or_0_without_fail_on_error(tmp_path, emulator, github, project):
    repo, base, _ = project
    head = repo.commit(
        {
            "locales/en/app.json": json.dumps(
                {"search": {"title": "Find a hotel"}, "long": "x" * 10_001, "ok": "Fine"}
            )
        }
    )
    event = pr_event(tmp_path, base, head)

    code, log, outputs, _ = run_action(tmp_path, emulator, github, repo.path, "pull_request", event)
    assert code == 1
    assert outputs["errors"] == "1" and "Fine" in texts(emulator)
    assert (
        "::error file=locales/en/app.json,line=1,title=String not created in Smartling::long:"
    ) in log  # on the key's own line

    code, _, _, _ = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", event, **{"fail-on-error": "false"}
    )
    assert code == 0


def test_wrong_credentials_exit_2_with_a_clear_message(tmp_path, github, project):
    repo, base, head = project
    with Emulator(credentials=(USER, "another")) as strict:
        code, log, _, summary = run_action(
            tmp_path, strict, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
        )
    assert code == 2
    assert "Invalid user identifier or secret" in log and "user-secret" in summary
    assert "Traceback" not in log


def test_push_syncs_before_to_after(tmp_path, emulator, github, project):
    repo, base, head = project
    event = write_event(tmp_path, events.push(REPO, base, head))

    code, log, outputs, _ = run_action(tmp_path, emulator, github, repo.path, "push", event)

    assert code == 0, log
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
    assert github.comments_on(1) == []
    assert outputs["strings-created"] == "3"


@pytest.mark.parametrize("with_base", [True, False])
def test_workflow_dispatch_with_base_or_full_sync(tmp_path, emulator, github, project, with_base):
    repo, base, head = project
    extra = {"base": base} if with_base else {}

    code, log, _, _ = run_action(
        tmp_path,
        emulator,
        github,
        repo.path,
        "workflow_dispatch",
        write_event(tmp_path, events.workflow_dispatch(REPO)),
        sha=head,
        **extra,
    )

    assert code == 0, log
    expected = {"Find your hotel", "Go", "Cancel booking"}
    if not with_base:
        expected |= {"Back", "Book now"}
    assert texts(emulator) == expected
    assert len(emulator.state.contexts) == 2


def comment_event(tmp_path: Path, body: str, login: str, on_pull_request: bool = True) -> Path:
    payload = events.issue_comment(REPO, 5, body, login, on_pull_request=on_pull_request)
    return write_event(tmp_path, payload, "comment.json")


def test_issue_comment_by_a_writer_syncs_the_pull_request_and_reacts(
    tmp_path, emulator, github, project
):
    repo, base, head = project
    github.add_pull(5, base, head)
    github.repo.permissions["mona"] = "write"
    event = comment_event(tmp_path, "/smartling please", "mona")
    comment_id = json.loads(event.read_text())["comment"]["id"]

    code, log, _, _ = run_action(tmp_path, emulator, github, repo.path, "issue_comment", event)

    assert code == 0, log
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
    assert github.repo.reactions == [(comment_id, "eyes"), (comment_id, "rocket")]
    assert len(github.comments_on(5)) == 1


@pytest.mark.parametrize(
    ("on_pull_request", "body", "login", "why"),
    [
        (True, "/smartling", "stranger", "no write permission"),
        (True, "looks good", "mona", "does not start with the word /smartling"),
        (True, "/smartlingfoo", "mona", "does not start with the word /smartling"),
        (False, "/smartling", "mona", "not a pull request"),
    ],
)
def test_other_comments_are_ignored_with_a_log_line(
    tmp_path, emulator, github, project, on_pull_request, body, login, why
):
    repo, _, _ = project
    github.repo.permissions["mona"] = "write"
    github.repo.permissions["stranger"] = "read"

    code, log, _, _ = run_action(
        tmp_path,
        emulator,
        github,
        repo.path,
        "issue_comment",
        comment_event(tmp_path, body, login, on_pull_request),
    )

    assert code == 0
    assert why in log
    assert emulator.state.requests == [] and github.repo.reactions == []


def test_shallow_clone_fetches_the_base_commit(tmp_path, emulator, github, project):
    origin, base, head = project
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", f"file://{origin.path}", str(clone)], check=True
    )

    code, log, _, _ = run_action(
        tmp_path, emulator, github, clone, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}


def test_base_commit_out_of_reach_is_read_through_the_github_api(
    tmp_path, emulator, github, project
):
    origin, base, head = project
    clone = tmp_path / "no-origin"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", f"file://{origin.path}", str(clone)], check=True
    )
    subprocess.run(
        ["git", "-C", str(clone), "remote", "set-url", "origin", str(tmp_path / "gone")], check=True
    )
    github.repo.compare[f"{base}...{head}"] = [
        {"filename": "locales/en/app.json", "status": "modified", "sha": "1" * 40},
        {"filename": "res/strings.xml", "status": "modified", "sha": "2" * 40},
        {"filename": "shots/booking.png", "status": "modified", "sha": "3" * 40},
    ]
    for path in (".smartling/context.yml", "locales/en/app.json", "res/strings.xml"):
        github.repo.files[(base, path)] = origin.git("show", f"{base}:{path}").encode()

    code, log, _, _ = run_action(
        tmp_path, emulator, github, clone, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 0, log
    assert "reading it through the GitHub API" in log
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}


def test_unknown_project_exits_2_and_says_so(tmp_path, github, project):
    repo, base, head = project
    with Emulator(projects={"zzzz99999"}) as strict:
        code, log, _, summary = run_action(
            tmp_path, strict, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
        )
        assert strict.state.contexts == {}
    assert code == 2
    assert "Project abcd12345 not found" in summary and "Traceback" not in log


@pytest.mark.skipif(
    not EVENTS.is_dir(), reason="../shared/reference/github-events (real payloads) is absent"
)
@pytest.mark.parametrize(
    ("fixture", "event_name"),
    [
        ("pull_request.opened.json", "pull_request"),
        ("pull_request.synchronize.json", "pull_request"),
        ("push.json", "push"),
    ],
)
def test_real_payloads_are_read_as_the_projects_own(
    tmp_path, emulator, github, project, fixture, event_name
):
    """An extra check: GitHub's real payloads, with this repository's commits put in."""
    repo, base, head = project
    payload = json.loads((EVENTS / fixture).read_text())
    if event_name == "push":
        payload["before"], payload["after"] = base, head
    else:
        pull = payload["pull_request"]
        pull["base"]["sha"], pull["head"]["sha"] = base, head
        pull["head"]["repo"]["full_name"] = pull["base"]["repo"]["full_name"]

    code, log, outputs, _ = run_action(
        tmp_path, emulator, github, repo.path, event_name, write_event(tmp_path, payload)
    )

    assert code == 0, log
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
    assert outputs["strings-created"] == "3"


BRANCH_MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
    file-uri: "{branch}/{path}"
"""


@pytest.mark.parametrize(
    ("event_name", "branch"),
    [("pull_request", "feature/booking"), ("push", "main"), ("workflow_dispatch", "release")],
)
def test_branch_in_a_file_uri_comes_from_the_event(tmp_path, emulator, github, event_name, branch):
    """`{branch}`: the pull request's head ref, the pushed branch, the dispatched ref."""
    repo = GitRepo(tmp_path / "workspace")
    base = repo.commit(
        {".smartling/context.yml": BRANCH_MANIFEST, "locales/en.json": '{"a": "Alpha"}'}
    )
    head = repo.commit({"locales/en.json": '{"a": "Alpha", "b": "Beta"}'})
    uri = f"{branch}/locales/en.json"
    emulator.upload_file(uri, "json", b'{"a": "Alpha", "b": "Beta"}')
    payload = {
        "pull_request": events.pull_request(REPO, 1, base, head),
        "push": events.push(REPO, base, head),
        "workflow_dispatch": events.workflow_dispatch(REPO, f"refs/heads/{branch}"),
    }[event_name]
    extra = {"base": base, "sha": head} if event_name == "workflow_dispatch" else {}

    code, log, outputs, _ = run_action(
        tmp_path,
        emulator,
        github,
        repo.path,
        event_name,
        write_event(tmp_path, payload),
        # The runner's GITHUB_REF_NAME is "1/merge" on a pull request: not the branch.
        environment={"GITHUB_REF_NAME": branch if extra else "1/merge"},
        **extra,
    )

    assert code == 0, log
    assert outputs["strings-found"] == "1" and outputs["strings-pending"] == "0"
    assert outputs["strings-created"] == "0"
