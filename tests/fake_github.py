"""A small fake of GitHub's REST API on 127.0.0.1: the calls the action makes, with state.

Every URL it returns is built from its own base URL (PyGithub refuses others).

Tokens are modelled as GitHub has them: the workflow's GITHUB_TOKEN (any token
not in `users`) writes as `github-actions[bot]` and gets 403 from `GET /user`;
a token in `users` (a personal or app user token) writes as that user and
reads `GET /user`. A comment can be edited or deleted only by its author.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeRepo:
    full_name: str
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> comment
    reactions: list[tuple[int, str]] = field(default_factory=list)
    permissions: dict[str, str] = field(default_factory=dict)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (ref, path) -> bytes
    read_only: bool = False  # a fork's token: writes answer 403
    compare: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "b...h" -> files
    merge_bases: dict[str, str] = field(default_factory=dict)  # "b...h" -> merge base SHA


class FakeGitHub:
    def __init__(self, repo: FakeRepo, bot_login: str = "github-actions[bot]") -> None:
        self.repo = repo
        self.bot_login = bot_login
        self.users: dict[str, str] = {}  # token -> login of a user token
        self.requests: list[tuple[str, str]] = []
        self._next_id = 1000
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeGitHub:
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_pull(self, number: int, base: str, head: str, fork: bool = False) -> None:
        head_repo = {"full_name": "someone/fork" if fork else self.repo.full_name}
        self.repo.pulls[number] = {"base": base, "head": head, "head_repo": head_repo}

    def add_comment(self, number: int, body: str, login: str, type_: str = "User") -> int:
        self._next_id += 1
        self.repo.comments[self._next_id] = {
            "id": self._next_id,
            "issue": number,
            "body": body,
            "user": {"login": login, "type": type_},
            "created_at": f"2026-11-22T10:{self._next_id % 60:02d}:00Z",
        }
        return self._next_id

    def identity(self, authorization: str) -> tuple[str, str]:
        """(login, type) a request's token acts as."""
        token = authorization.split(" ", 1)[-1]
        if token in self.users:
            return self.users[token], "User"
        return self.bot_login, "Bot"

    def comments_on(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.repo.comments.values() if c["issue"] == number]

    # ------------------------------------------------------------- json

    def user(self, login: str, type_: str = "User") -> dict[str, Any]:
        return {
            "login": login,
            "id": abs(hash(login)) % 10**6,
            "type": type_,
            "url": f"{self.url}/users/{login}",
        }

    def repo_json(self, full_name: str | None = None) -> dict[str, Any]:
        full_name = full_name or self.repo.full_name
        return {
            "id": 1,
            "full_name": full_name,
            "name": full_name.split("/")[1],
            "url": f"{self.url}/repos/{full_name}",
        }

    def comment_json(self, comment: dict[str, Any]) -> dict[str, Any]:
        base = f"{self.url}/repos/{self.repo.full_name}"
        return {
            "id": comment["id"],
            "body": comment["body"],
            "user": self.user(comment["user"]["login"], comment["user"]["type"]),
            "url": f"{base}/issues/comments/{comment['id']}",
            "html_url": f"https://github.example/{self.repo.full_name}/pull/"
            f"{comment['issue']}#issuecomment-{comment['id']}",
            "issue_url": f"{base}/issues/{comment['issue']}",
            "created_at": comment["created_at"],
            "updated_at": comment["created_at"],
        }

    def issue_json(self, number: int) -> dict[str, Any]:
        base = f"{self.url}/repos/{self.repo.full_name}"
        return {
            "number": number,
            "id": number,
            "url": f"{base}/issues/{number}",
            "comments_url": f"{base}/issues/{number}/comments",
            "title": "PR",
            "state": "open",
            "pull_request": {"url": f"{base}/pulls/{number}"},
            "repository_url": base,
        }

    def pull_json(self, number: int) -> dict[str, Any]:
        pull = self.repo.pulls[number]
        base = f"{self.url}/repos/{self.repo.full_name}"
        return {
            "number": number,
            "id": number,
            "url": f"{base}/pulls/{number}",
            "issue_url": f"{base}/issues/{number}",
            "state": "open",
            "base": {"sha": pull["base"], "ref": "main", "repo": self.repo_json()},
            "head": {
                "sha": pull["head"],
                "ref": "feature",
                "repo": self.repo_json(pull["head_repo"]["full_name"]),
            },
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.fake
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null") if length else None
        fake.requests.append((method, url.path))
        if self.headers.get("Authorization", "") in ("", "token ", "Bearer "):
            return self._send(401, {"message": "Requires authentication"})
        self._as = fake.identity(self.headers["Authorization"])
        if method == "GET" and url.path == "/user":
            if self._as[1] == "Bot":
                return self._send(403, {"message": "Resource not accessible by integration"})
            return self._send(200, fake.user(self._as[0]))
        prefix = f"/repos/{fake.repo.full_name}"
        path = url.path[len(prefix) :] if url.path.startswith(prefix) else None
        if path is None:
            return self._send(404, {"message": "Not Found"})
        if method != "GET" and fake.repo.read_only:
            return self._send(403, {"message": "Resource not accessible by integration"})
        routes = [
            ("GET", r"/pulls/(\d+)", lambda n: (200, fake.pull_json(int(n)))),
            ("GET", r"/issues/(\d+)", lambda n: (200, fake.issue_json(int(n)))),
            ("GET", r"/issues/(\d+)/comments", lambda n: self._list_comments(int(n), url.query)),
            ("POST", r"/issues/(\d+)/comments", lambda n: self._create(int(n), body)),
            (
                "GET",
                r"/issues/comments/(\d+)",
                lambda c: (200, fake.comment_json(fake.repo.comments[int(c)])),
            ),
            ("PATCH", r"/issues/comments/(\d+)", lambda c: self._edit(int(c), body)),
            ("DELETE", r"/issues/comments/(\d+)", lambda c: self._delete(int(c))),
            ("POST", r"/issues/comments/(\d+)/reactions", lambda c: self._react(int(c), body)),
            ("GET", r"/collaborators/([^/]+)/permission", self._permission),
            ("GET", r"/contents/(.+)", lambda p: self._contents(p, url.query)),
            ("GET", r"/compare/(.+)", self._compare),
        ]
        for verb, pattern, answer in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                try:
                    status, payload = answer(*match.groups())
                except KeyError:
                    status, payload = 404, {"message": "Not Found"}
                return self._send(status, payload)
        return self._send(404, {"message": "Not Found"})

    def _list_comments(self, number: int, query: str) -> tuple[int, Any]:
        params = parse_qs(query)
        per_page = int((params.get("per_page") or ["30"])[0])
        page = int((params.get("page") or ["1"])[0])
        comments = self.fake.comments_on(number)
        chunk = comments[(page - 1) * per_page : page * per_page]
        if page * per_page < len(comments):
            self._link = (
                f"<{self.fake.url}/repos/{self.fake.repo.full_name}/issues/{number}/comments?"
                f'per_page={per_page}&page={page + 1}>; rel="next"'
            )
        return 200, [self.fake.comment_json(c) for c in chunk]

    def _create(self, number: int, body: dict[str, Any]) -> tuple[int, Any]:
        comment_id = self.fake.add_comment(number, body["body"], *self._as)
        return 201, self.fake.comment_json(self.fake.repo.comments[comment_id])

    def _edit(self, comment_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        comment = self.fake.repo.comments[comment_id]
        if comment["user"]["login"] != self._as[0]:
            return 403, {"message": "You cannot edit another user's comment"}
        comment["body"] = body["body"]
        return 200, self.fake.comment_json(comment)

    def _delete(self, comment_id: int) -> tuple[int, Any]:
        comment = self.fake.repo.comments[comment_id]
        if comment["user"]["login"] != self._as[0]:
            return 403, {"message": "You cannot delete another user's comment"}
        del self.fake.repo.comments[comment_id]
        return 204, None

    def _react(self, comment_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        self.fake.repo.reactions.append((comment_id, body["content"]))
        return 201, {
            "id": len(self.fake.repo.reactions),
            "content": body["content"],
            "user": self.fake.user(self.fake.bot_login, "Bot"),
        }

    def _permission(self, login: str) -> tuple[int, Any]:
        permission = self.fake.repo.permissions.get(login)
        if permission is None:
            return 404, {"message": f"{login} is not a user"}
        return 200, {
            "permission": permission,
            "role_name": permission,
            "user": self.fake.user(login),
        }

    def _contents(self, path: str, query: str) -> tuple[int, Any]:
        import base64

        ref = (parse_qs(query).get("ref") or ["main"])[0]
        content = self.fake.repo.files[(ref, path)]
        return 200, {
            "type": "file",
            "encoding": "base64",
            "path": path,
            "name": path,
            "content": base64.b64encode(content).decode(),
            "sha": "0" * 40,
            "size": len(content),
            "url": f"{self.fake.url}/repos/{self.fake.repo.full_name}/contents/{path}",
        }

    def _compare(self, basehead: str) -> tuple[int, Any]:
        repo = self.fake.repo
        if basehead not in repo.compare and basehead not in repo.merge_bases:
            raise KeyError(basehead)
        files = repo.compare.get(basehead, [])
        base = f"{self.fake.url}/repos/{self.fake.repo.full_name}"
        merge_base = repo.merge_bases.get(basehead)
        return 200, {
            "merge_base_commit": {"sha": merge_base, "url": f"{base}/commits/{merge_base}"}
            if merge_base
            else None,
            "url": f"{base}/compare/{basehead}",
            "status": "ahead",
            "ahead_by": 1,
            "behind_by": 0,
            "total_commits": 1,
            "commits": [],
            "files": files,
        }

    _link: str | None = None
    _as: tuple[str, str] = ("", "")

    def _send(self, status: int, payload: Any) -> None:
        data = b"" if status == 204 else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self._link:
            self.send_header("Link", self._link)
            self._link = None
        self.end_headers()
        self.wfile.write(data)
