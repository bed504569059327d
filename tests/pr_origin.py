"""A pull request as github.com serves it, for the end-to-end tests that run the action
as the runner does (the container, the composite action): the repository with the pull
request's base, head and merge commit, served over git's smart HTTP on 127.0.0.1, what
actions/checkout makes of it, and the event payload.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from gitrepo import GitRepo, run_git, screenshot

REPO = "octo/hotel"
MANIFEST = """\
version: 1
strings:
  - files: "locales/**/*.json"
    placeholders: {format: none}
screenshots:
  - image: shots/search.png
    name: Search
    strings:
      - key: search.title
        coordinates: {top: 1, left: 2, width: 150, height: 18}
  - image: shots/booking.png
    name: Booking
    match: ocr
"""


class GitHttp:
    """Bare repositories under `root`, served over git's smart HTTP on 127.0.0.1
    (`git http-backend`), as github.com serves a clone; `fetches` counts pack requests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fetches = 0
        handler = type("Handler", (_GitHandler,), {"server_of": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> GitHttp:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _GitHandler(BaseHTTPRequestHandler):
    server_of: GitHttp

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._backend()

    def do_POST(self) -> None:
        self._backend()

    def _backend(self) -> None:
        path, _, query = self.path.partition("?")
        if path.endswith("/git-upload-pack"):
            self.server_of.fetches += 1
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.server_of.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "REMOTE_ADDR": "127.0.0.1",
        }
        result = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
        )
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        headers = [line.split(":", 1) for line in head.decode().split("\r\n") if ":" in line]
        status = next((int(v.split()[0]) for k, v in headers if k.lower() == "status"), 200)
        self.send_response(status)
        for name, value in headers:
            if name.lower() != "status":
                self.send_header(name, value.strip())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def serve_origin(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[GitHttp, str, str, str]]:
    """github.com's side: the repository with a pull request's base, head and the
    merge commit GitHub makes for it (refs/pull/1/merge), served over HTTP."""
    tmp_path = tmp_path_factory.mktemp("github")
    repo = GitRepo(tmp_path / "origin-work")
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en/app.json": '{"search": {"title": "Find a hotel"}}',
            "shots/search.png": screenshot("Find a hotel"),
            "shots/booking.png": screenshot("Book now"),
        }
    )
    head = repo.commit(
        {
            "locales/en/app.json": '{"search": {"title": "Find your hotel", "go": "Go"}}',
            "shots/booking.png": screenshot("Book now", "Go", shade=3),
        }
    )
    merge = repo.git("commit-tree", f"{head}^{{tree}}", "-p", base, "-p", head, "-m", "Merge")
    repo.git("update-ref", "refs/pull/1/merge", merge)
    repo.git("update-ref", "refs/pull/1/head", head)
    repo.git("reset", "--quiet", "--hard", base)  # the base branch is still at base
    served = tmp_path / "served"
    run_git(tmp_path, "clone", "--quiet", "--mirror", str(repo.path), str(served / "hotel.git"))
    run_git(served / "hotel.git", "config", "uploadpack.allowAnySHA1InWant", "true")
    with GitHttp(served) as http:
        yield http, base, head, merge


def checkout(workspace: Path, url: str, merge: str) -> None:
    """What actions/checkout does for a pull_request event: the merge commit, depth 1."""
    workspace.mkdir(parents=True)
    run_git(workspace, "init", "--quiet")
    run_git(workspace, "remote", "add", "origin", url)
    run_git(
        workspace,
        "fetch",
        "--quiet",
        "--no-tags",
        "--depth=1",
        "origin",
        f"+{merge}:refs/remotes/pull/1/merge",
    )
    run_git(workspace, "checkout", "--quiet", "--force", "refs/remotes/pull/1/merge")
