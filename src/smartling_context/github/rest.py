"""The few GitHub REST calls the action makes, through PyGithub.

Every URL is built from `GITHUB_API_URL` (GitHub Enterprise too), never from
the event payload. PyGithub is imported only when a run talks to GitHub (it
costs a fifth of a second). Whatever goes wrong, HTTP error or no answer at
all, comes out as `GitHubError`, a `CannotStart` saying what failed.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from smartling_context.errors import CannotStart

if TYPE_CHECKING:
    from github import Github
    from github.IssueComment import IssueComment
    from github.Repository import Repository

WRITE_PERMISSIONS = {"admin", "write", "maintain"}
WORKFLOW_TOKEN_USER = "github-actions[bot]"  # GITHUB_TOKEN cannot read GET /user (403)
P = ParamSpec("P")
R = TypeVar("R")


class GitHubError(CannotStart):
    """A GitHub API call that failed: HTTP status and GitHub's message, or no answer."""

    def __init__(self, what: str, status: int | None = None) -> None:
        super().__init__(what)
        self.status = status


def _github_errors(call: Callable[P, R]) -> Callable[P, R]:
    """Turn PyGithub's and requests' exceptions into `GitHubError`."""

    @functools.wraps(call)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from github import GithubException
        from requests import RequestException

        name = call.__name__.strip("_").replace("_", " ")
        try:
            return call(*args, **kwargs)
        except GithubException as error:
            data = error.data if isinstance(error.data, dict) else {}
            message = data.get("message") or error.data
            raise GitHubError(
                f"GitHub ({name}) answered HTTP {error.status}: {message}", error.status
            ) from None
        except RequestException as error:
            raise GitHubError(f"GitHub ({name}) did not answer: {type(error).__name__}") from None

    return wrapper


@dataclass(frozen=True)
class PullRequestRefs:
    number: int
    base_sha: str
    head_sha: str
    head_ref: str
    fork: bool


class GitHubApi:
    """The repository's API; PyGithub is loaded and connected on the first call only."""

    def __init__(self, api_url: str, token: str, repository: str) -> None:
        self._api_url, self._token, self._repository = api_url.rstrip("/"), token, repository
        self._login: str | None = None

    @functools.cached_property
    def _github(self) -> Github:
        from github import Auth, Github

        return Github(
            auth=Auth.Token(self._token),
            base_url=self._api_url,
            timeout=30,
            retry=2,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )

    @functools.cached_property
    def _repo(self) -> Repository:
        return self._github.get_repo(self._repository, lazy=True)

    @_github_errors
    def pull_request(self, number: int) -> PullRequestRefs:
        pull = self._repo.get_pull(number)
        head_repo = pull.head.repo
        fork = head_repo is None or head_repo.full_name != pull.base.repo.full_name
        return PullRequestRefs(number, pull.base.sha, pull.head.sha, pull.head.ref, fork)

    @_github_errors
    def can_write(self, login: str) -> bool:
        """Whether a user has write, maintain or admin permission (404: not a collaborator)."""
        from github import GithubException

        try:
            return self._repo.get_collaborator_permission(login) in WRITE_PERMISSIONS
        except GithubException as error:
            if error.status == 404:
                return False
            raise

    @_github_errors
    def react(self, comment_id: int, pull_number: int, content: str) -> None:
        issue = self._repo.get_issue(pull_number)
        issue.get_comment(comment_id).create_reaction(content)

    @_github_errors
    def file_at(self, path: str, ref: str) -> bytes | None:
        """A file's content at a ref, or None when it does not exist there."""
        from github import GithubException

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

    @_github_errors
    def changed_files(self, base: str, head: str) -> list[tuple[str, str, str | None]]:
        """(status, path, previous path) of each file between two commits, from compare
        (three-dot: against their merge base)."""
        comparison = self._repo.compare(base, head)
        return [(f.status, f.filename, f.previous_filename) for f in comparison.files]

    @_github_errors
    def merge_base(self, base: str, head: str) -> str:
        """The merge base of two commits, as the compare API computes it."""
        return self._repo.compare(base, head).merge_base_commit.sha

    @_github_errors
    def own_login(self) -> str:
        """Who this token writes as: its user, or `github-actions[bot]` for the workflow's
        GITHUB_TOKEN, which may not read `GET /user` (403)."""
        from github import GithubException

        if self._login is None:
            try:
                self._login = self._github.get_user().login
            except GithubException as error:
                if error.status != 403:
                    raise
                self._login = WORKFLOW_TOKEN_USER
        return self._login

    @_github_errors
    def upsert_comment(self, number: int, manifest_marker: str, body: str) -> str:
        """Edit this manifest's sticky comment in place, or create it. Returns its URL.

        Only a comment this token wrote counts. Two runs of one pull request may race:
        whenever more than one is found (before editing, or after creating), the oldest
        is kept and the others deleted, so the runs converge on one comment.
        """
        mine = self._sticky_comments(number, manifest_marker)
        if mine:
            mine[0].edit(body)
        else:
            created = self._repo.get_issue(number).create_comment(body)
            mine = self._sticky_comments(number, manifest_marker) or [created]
        keep, *extra = mine
        for comment in extra:
            comment.delete()
        return keep.html_url

    def _sticky_comments(self, number: int, manifest_marker: str) -> list[IssueComment]:
        """This token's comments holding the marker, oldest first."""
        login = self.own_login()
        mine = [
            comment
            for comment in self._repo.get_issue(number).get_comments()
            if manifest_marker in (comment.body or "")
            and comment.user is not None
            and comment.user.login == login
        ]
        return sorted(mine, key=lambda comment: (comment.created_at, comment.id))
