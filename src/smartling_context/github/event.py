"""What a GitHub event asks the action to sync: a range of commits, a full sync, a
comment command still to be checked, or nothing. Reading the event makes no request.

Every field is checked for its type as GitHub documents it; a payload that does
not match is an `EventError` (exit 2), never a crash. Commit SHAs must be hex,
so nothing in a payload can reach git as an option.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from smartling_context.errors import CannotStart
from smartling_context.github.inputs import Runner, Settings

ZERO_SHA = "0" * 40
PR_ACTIONS = {"opened", "synchronize", "reopened", None}
SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class EventError(CannotStart):
    """An event payload the action cannot read."""


@dataclass(frozen=True)
class Target:
    head: str
    base: str | None  # None: full sync of every string the manifest names
    pull_request: int | None = None
    fork: bool = False
    comment_id: int | None = None
    notice: str | None = None
    branch: str | None = None  # for `{branch}` in a file URI
    title: str | None = None  # the pull request's title, for the comment's heading


@dataclass(frozen=True)
class CommentCommand:
    """A `/smartling` comment on a pull request: who wrote it must still be checked,
    and the pull request's commits looked up (`github.resolve`)."""

    login: str
    comment_id: int
    pull_request: int
    title: str | None = None


@dataclass(frozen=True)
class Skip:
    reason: str


def read_payload(path: str) -> dict[str, Any]:
    if not path:
        raise EventError(
            "GITHUB_EVENT_PATH is not set", fix="run this inside GitHub Actions, or set it"
        )
    try:
        payload = json.loads(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise EventError(f"cannot read the event payload {path}: {exc}") from exc
    if not isinstance(payload, dict):
        raise EventError(f"the event payload {path} is not a JSON object")
    return payload


def target_for(
    runner: Runner, settings: Settings, payload: dict[str, Any]
) -> Target | CommentCommand | Skip:
    event = runner.event_name
    target: Target | CommentCommand | Skip
    if event in ("pull_request", "pull_request_target"):
        target = _pull_request(payload)
    elif event == "push":
        target = _push(payload)
    elif event == "workflow_dispatch":
        target = Target(_sha(runner.sha or "HEAD", "GITHUB_SHA"), None, branch=runner.ref_name)
    elif event == "issue_comment":
        target = _comment(settings, payload)
    else:
        return Skip(f"the {event or 'unknown'} event is not one this action handles")
    if isinstance(target, Target) and settings.base:
        target = replace(target, base=settings.base)
    return target


def _field(data: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise EventError(
            f"the event payload's `{where}{name}` is {type(value).__name__}, not {kind.__name__}",
            fix="is this a real GitHub event?",
        )
    return value


def _sha(value: object, where: str) -> str:
    if value == "HEAD" or (isinstance(value, str) and SHA.fullmatch(value)):
        return str(value)
    raise EventError(f"`{where}` is not a commit SHA: {str(value)[:80]!r}")


def _pull_request(payload: dict[str, Any]) -> Target | Skip:
    action = payload.get("action")
    if action not in PR_ACTIONS:
        return Skip(f"pull request {str(action)[:40]}: nothing to sync")
    pull = _field(payload, "pull_request", dict, "")
    head = _field(pull, "head", dict, "pull_request.")
    base = _field(pull, "base", dict, "pull_request.")
    base_repo = _field(base, "repo", dict, "pull_request.base.")
    head_repo = head.get("repo") if isinstance(head.get("repo"), dict) else {}
    fork = head_repo.get("full_name") != base_repo.get("full_name")
    return Target(
        _sha(head.get("sha"), "pull_request.head.sha"),
        _sha(base.get("sha"), "pull_request.base.sha"),
        _field(pull, "number", int, "pull_request."),
        fork,
        branch=_field(head, "ref", str, "pull_request.head."),
        title=_text(pull.get("title")),
    )


def _push(payload: dict[str, Any]) -> Target | Skip:
    after = _sha(payload.get("after"), "after")
    before = _sha(payload.get("before") or ZERO_SHA, "before")
    ref = payload.get("ref")
    ref = ref if isinstance(ref, str) else ""
    branch = ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None
    if after == ZERO_SHA:
        return Skip("a branch was deleted: nothing to sync")
    if before == ZERO_SHA:
        return Target(
            after,
            None,
            notice="a new branch: every string the manifest names is synced",
            branch=branch,
        )
    return Target(after, before, branch=branch)


def is_command(body: str, command: str) -> bool:
    """Whether a comment starts with the command as a whole word (`/smartlingfoo` is not)."""
    first = body.split(maxsplit=1)[0] if body.split() else ""
    return first == command


def _comment(settings: Settings, payload: dict[str, Any]) -> CommentCommand | Skip:
    if payload.get("action") != "created":
        return Skip("only new comments run a sync")
    issue = _field(payload, "issue", dict, "")
    comment = _field(payload, "comment", dict, "")
    body = comment.get("body") if isinstance(comment.get("body"), str) else ""
    if not issue.get("pull_request"):
        return Skip("the comment is on an issue, not a pull request")
    if not is_command(body, settings.command):
        return Skip(f"the comment does not start with the word {settings.command}")
    user = _field(comment, "user", dict, "comment.")
    if user.get("type") == "Bot":
        return Skip("comments by bots are ignored")
    return CommentCommand(
        _field(user, "login", str, "comment.user."),
        _field(comment, "id", int, "comment."),
        _field(issue, "number", int, "issue."),
        _text(issue.get("title")),
    )


def _text(value: object) -> str | None:
    """An optional text field (a title): a string, else nothing."""
    return value if isinstance(value, str) else None
