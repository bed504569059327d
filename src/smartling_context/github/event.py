"""What a GitHub event asks the action to sync: a range of commits, a full sync, or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartling_context.github.inputs import Settings
from smartling_context.github.rest import GitHubApi

ZERO_SHA = "0" * 40
PR_ACTIONS = {"opened", "synchronize", "reopened", None}


class EventError(Exception):
    """An event payload the action cannot read."""


@dataclass(frozen=True)
class Target:
    head: str
    base: str | None  # None: full sync of every string the manifest names
    pull_request: int | None = None
    fork: bool = False
    comment_id: int | None = None
    notice: str | None = None


@dataclass(frozen=True)
class Skip:
    reason: str


def read_payload(path: str) -> dict[str, Any]:
    if not path:
        raise EventError("GITHUB_EVENT_PATH is not set; is this running inside GitHub Actions?")
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EventError(f"cannot read the event payload {path}: {exc}") from exc
    if not isinstance(payload, dict):
        raise EventError(f"the event payload {path} is not a JSON object")
    return payload


def target_for(
    settings: Settings, payload: dict[str, Any], github: GitHubApi | None
) -> Target | Skip:
    event = settings.event_name
    try:
        if event in ("pull_request", "pull_request_target"):
            target = _pull_request(payload)
        elif event == "push":
            target = _push(payload)
        elif event == "workflow_dispatch":
            target = Target(settings.sha or "HEAD", None)
        elif event == "issue_comment":
            target = _comment(settings, payload, github)
        else:
            return Skip(f"the {event or 'unknown'} event is not one this action handles")
    except (KeyError, TypeError) as exc:
        raise EventError(f"the {event} payload lacks {exc}; is it a real {event} event?") from exc
    if isinstance(target, Target) and settings.base:
        target = Target(
            target.head, settings.base, target.pull_request, target.fork, target.comment_id
        )
    return target


def _pull_request(payload: dict[str, Any]) -> Target | Skip:
    if payload.get("action") not in PR_ACTIONS:
        return Skip(f"pull request {payload.get('action')}: nothing to sync")
    pull = payload["pull_request"]
    head_repo = pull["head"].get("repo") or {}
    fork = head_repo.get("full_name") != pull["base"]["repo"]["full_name"]
    return Target(pull["head"]["sha"], pull["base"]["sha"], int(pull["number"]), fork)


def _push(payload: dict[str, Any]) -> Target | Skip:
    after, before = payload["after"], payload.get("before") or ZERO_SHA
    if after == ZERO_SHA:
        return Skip("a branch was deleted: nothing to sync")
    if before == ZERO_SHA:
        return Target(after, None, notice="a new branch: every string the manifest names is synced")
    return Target(after, before)


def _comment(
    settings: Settings, payload: dict[str, Any], github: GitHubApi | None
) -> Target | Skip:
    if payload.get("action") != "created":
        return Skip("only new comments run a sync")
    issue, comment = payload["issue"], payload["comment"]
    body = (comment.get("body") or "").strip()
    if not issue.get("pull_request"):
        return Skip("the comment is on an issue, not a pull request")
    if not body.startswith(settings.command):
        return Skip(f"the comment does not start with {settings.command}")
    user = comment.get("user") or {}
    if user.get("type") == "Bot":
        return Skip("comments by bots are ignored")
    if github is None:
        raise EventError("a comment command needs `github-token` to check the commenter")
    login = user.get("login", "")
    if not github.can_write(login):
        return Skip(f"{login} has no write permission on the repository; comment ignored")
    refs = github.pull_request(int(issue["number"]))
    return Target(refs.head_sha, refs.base_sha, refs.number, refs.fork, int(comment["id"]))
