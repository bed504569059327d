"""The project's own webhook payloads, built with the fields GitHub documents for each event
(https://docs.github.com/en/webhooks/webhook-events-and-payloads): the action's tests
need nothing from outside the repository. Objects carry the fields GitHub sends, cut
to the ones a reader of the payload could plausibly touch.
"""

from __future__ import annotations

from typing import Any

API = "https://api.github.com"
WEB = "https://github.com"


def user(login: str, type_: str = "User", id_: int = 583231) -> dict[str, Any]:
    return {
        "login": login,
        "id": id_,
        "node_id": "MDQ6VXNlcjU4MzIzMQ==",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{id_}?v=4",
        "gravatar_id": "",
        "url": f"{API}/users/{login}",
        "html_url": f"{WEB}/{login}",
        "type": type_,
        "site_admin": False,
    }


def repository(full_name: str, id_: int = 1296269) -> dict[str, Any]:
    owner, name = full_name.split("/")
    return {
        "id": id_,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": name,
        "full_name": full_name,
        "private": False,
        "owner": user(owner, "Organization", 9919),
        "html_url": f"{WEB}/{full_name}",
        "description": "A hotel booking app",
        "fork": full_name != "octo/hotel",
        "url": f"{API}/repos/{full_name}",
        "default_branch": "main",
        "visibility": "public",
    }


def _branch(full_name: str, ref: str, sha: str) -> dict[str, Any]:
    return {
        "label": f"{full_name.split('/')[0]}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user(full_name.split("/")[0]),
        "repo": repository(full_name),
    }


def pull_request(
    repo: str, number: int, base: str, head: str, *, head_repo: str | None = None
) -> dict[str, Any]:
    """`pull_request` with action `opened`."""
    pull_url = f"{API}/repos/{repo}/pulls/{number}"
    pull = {
        "url": pull_url,
        "id": 279147437,
        "node_id": "MDExOlB1bGxSZXF1ZXN0Mjc5MTQ3NDM3",
        "html_url": f"{WEB}/{repo}/pull/{number}",
        "issue_url": f"{API}/repos/{repo}/issues/{number}",
        "number": number,
        "state": "open",
        "locked": False,
        "title": "Search results and booking screen",
        "user": user("octocat"),
        "body": "Adds the booking screen.",
        "created_at": "2026-11-20T09:00:00Z",
        "updated_at": "2026-11-20T09:00:00Z",
        "closed_at": None,
        "merged_at": None,
        "merge_commit_sha": None,
        "draft": False,
        "head": _branch(head_repo or repo, "feature/booking", head),
        "base": _branch(repo, "main", base),
        "author_association": "CONTRIBUTOR",
        "merged": False,
        "commits": 2,
        "changed_files": 3,
    }
    return {
        "action": "opened",
        "number": number,
        "pull_request": pull,
        "repository": repository(repo),
        "sender": user("octocat"),
    }


def push(repo: str, before: str, after: str, ref: str = "refs/heads/main") -> dict[str, Any]:
    commit = {
        "id": after,
        "tree_id": "f9d2a07e9488b91af2641b26b9407fe22a451433",
        "distinct": True,
        "message": "Booking screen",
        "timestamp": "2026-11-20T09:00:00Z",
        "url": f"{WEB}/{repo}/commit/{after}",
        "author": {"name": "Octo Cat", "email": "octocat@example.com", "username": "octocat"},
        "committer": {"name": "Octo Cat", "email": "octocat@example.com", "username": "octocat"},
        "added": [],
        "removed": [],
        "modified": ["locales/en/app.json"],
    }
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "created": before == "0" * 40,
        "deleted": after == "0" * 40,
        "forced": False,
        "base_ref": None,
        "compare": f"{WEB}/{repo}/compare/{before[:12]}...{after[:12]}",
        "commits": [commit],
        "head_commit": commit,
        "repository": repository(repo),
        "pusher": {"name": "octocat", "email": "octocat@example.com"},
        "sender": user("octocat"),
    }


def workflow_dispatch(repo: str, ref: str = "refs/heads/main") -> dict[str, Any]:
    return {
        "inputs": {},
        "ref": ref,
        "repository": repository(repo),
        "sender": user("octocat"),
        "workflow": ".github/workflows/smartling.yml",
    }


def issue_comment(
    repo: str, number: int, body: str, login: str, *, on_pull_request: bool = True
) -> dict[str, Any]:
    """`issue_comment` with action `created`; on a pull request `issue.pull_request` is set."""
    issue_url = f"{API}/repos/{repo}/issues/{number}"
    issue: dict[str, Any] = {
        "url": issue_url,
        "repository_url": f"{API}/repos/{repo}",
        "comments_url": f"{issue_url}/comments",
        "html_url": f"{WEB}/{repo}/issues/{number}",
        "id": 1001,
        "node_id": "MDU6SXNzdWUx",
        "number": number,
        "title": "Search results and booking screen",
        "user": user("octocat"),
        "labels": [],
        "state": "open",
        "locked": False,
        "comments": 1,
        "created_at": "2026-11-20T09:00:00Z",
        "updated_at": "2026-11-20T09:05:00Z",
        "closed_at": None,
        "author_association": "CONTRIBUTOR",
        "body": "Adds the booking screen.",
    }
    if on_pull_request:
        issue["pull_request"] = {
            "url": f"{API}/repos/{repo}/pulls/{number}",
            "html_url": f"{WEB}/{repo}/pull/{number}",
            "diff_url": f"{WEB}/{repo}/pull/{number}.diff",
            "patch_url": f"{WEB}/{repo}/pull/{number}.patch",
            "merged_at": None,
        }
    comment = {
        "url": f"{API}/repos/{repo}/issues/comments/1476",
        "html_url": f"{WEB}/{repo}/pull/{number}#issuecomment-1476",
        "issue_url": issue_url,
        "id": 1476,
        "node_id": "MDEyOklzc3VlQ29tbWVudDE0NzY=",
        "user": user(login),
        "created_at": "2026-11-20T09:05:00Z",
        "updated_at": "2026-11-20T09:05:00Z",
        "author_association": "MEMBER",
        "body": body,
    }
    return {
        "action": "created",
        "issue": issue,
        "comment": comment,
        "repository": repository(repo),
        "sender": user(login),
    }
