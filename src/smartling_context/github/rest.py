"""The few GitHub REST calls the action makes, through PyGithub.

Every URL is built from `GITHUB_API_URL` (GitHub Enterprise too), never from
the event payload.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from github import Auth, Github, GithubException

WRITE_PERMISSIONS = {"admin", "write", "maintain"}


@dataclass(frozen=True)
class PullRequestRefs:
    number: int
    base_sha: str
    head_sha: str
    fork: bool


class GitHubApi:
    def __init__(self, api_url: str, token: str, repository: str) -> None:
        self._github = Github(
            auth=Auth.Token(token),
            base_url=api_url.rstrip("/"),
            timeout=30,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )
        self._repo = self._github.get_repo(repository, lazy=True)

    def pull_request(self, number: int) -> PullRequestRefs:
        pull = self._repo.get_pull(number)
        head_repo = pull.head.repo
        fork = head_repo is None or head_repo.full_name != pull.base.repo.full_name
        return PullRequestRefs(number, pull.base.sha, pull.head.sha, fork)

    def can_write(self, login: str) -> bool:
        """Whether a user has write, maintain or admin permission (404: not a collaborator)."""
        try:
            return self._repo.get_collaborator_permission(login) in WRITE_PERMISSIONS
        except GithubException as error:
            if error.status == 404:
                return False
            raise

    def react(self, comment_id: int, pull_number: int, content: str) -> None:
        issue = self._repo.get_issue(pull_number)
        issue.get_comment(comment_id).create_reaction(content)

    def file_at(self, path: str, ref: str) -> bytes | None:
        """A file's content at a ref, or None when it does not exist there."""
        try:
            content = self._repo.get_contents(path, ref=ref)
        except GithubException as error:
            if error.status == 404:
                return None
            raise
        if isinstance(content, list):
            return None
        if content.encoding == "none" or not content.content:
            blob = self._repo.get_git_blob(content.sha)
            return base64.b64decode(blob.content)
        return content.decoded_content

    def changed_files(self, base: str, head: str) -> list[tuple[str, str, str | None]]:
        """(status, path, previous path) of each file between two commits, from compare."""
        comparison = self._repo.compare(base, head)
        return [(f.status, f.filename, f.previous_filename) for f in comparison.files]

    def upsert_comment(self, number: int, manifest_marker: str, body: str) -> str:
        """Edit this manifest's sticky comment in place, or create it. Returns its URL."""
        issue = self._repo.get_issue(number)
        mine = None
        for comment in issue.get_comments():
            text = comment.body or ""
            if manifest_marker in text:
                mine = comment
                if comment.user is not None and comment.user.type == "Bot":
                    break
        if mine is not None:
            mine.edit(body)
            return mine.html_url
        return issue.create_comment(body).html_url
