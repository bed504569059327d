"""The demo's second part: strings that already live in Smartling (`file-uri`).

The same example app, its manifest given `defaults.file-uri`. Its strings files
are uploaded first, through Smartling's File API over HTTP, as a team's GitHub
Connector or CLI would have done; then the action runs on the pull request. It
creates no string: it finds the uploaded ones by file URI and binds the
screenshots to them. The action's own log (the comment) is kept for when it fails.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import requests

from smartling_context.demo.repository import (
    DEMO_MANIFEST,
    DEMO_PROJECT,
    HEAD_BRANCH,
    action_env,
    build_demo_repository,
)
from smartling_context.demo.state import print_bindings
from smartling_context.emulator import Emulator
from smartling_context.emulator.files import READABLE
from smartling_context.errors import CannotStart
from smartling_context.github import action

FILE_URI = "{branch}/{path}"  # as `smartling-cli files push --branch <branch>` names files
FILE_TYPES = {fmt: file_type for file_type, fmt in READABLE.items()}  # format -> fileType
REPORT = "smartling-context-report.json"


def run_file_uri_part(root: Path) -> int:
    """Part two in `root` (a fresh folder), against a fresh emulator: the action's exit status."""
    repo = root / "hotel-app"
    repo.mkdir(parents=True)
    base, head = build_demo_repository(repo, file_uri=FILE_URI)
    with Emulator() as emulator:
        print(f'Same app; its manifest sets `defaults.file-uri: "{FILE_URI}"`.')
        print(f"Uploaded first, File API (POST /files-api/v2/projects/{DEMO_PROJECT}/file):")
        for file_uri, file_type, count in upload_strings_files(emulator.url, repo):
            print(f"  {file_uri} ({file_type}): {count} strings")
        before = len(emulator.state.requests)
        log = io.StringIO()
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            status = action.run(action_env(emulator.url, repo, root, base, head))
        report = root / REPORT
        if status != 0 or not report.exists():
            print(log.getvalue())
        if report.exists():
            _print_outcome(status, json.loads(report.read_text(encoding="utf-8")))
        _print_requests(emulator, before)
        print_bindings(emulator)
    return status


def upload_strings_files(api_url: str, repo: Path) -> list[tuple[str, str, int]]:
    """Upload each strings file of the manifest under its file URI, as the File API
    documents it; returns (file URI, fileType, strings Smartling counted)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {_access_token(session, api_url)}"
    uploaded = []
    for path, file_type in strings_files(repo):
        # Named as the uploader names it, not with the action's own expansion: the
        # demo shows that the two agree.
        file_uri = FILE_URI.replace("{branch}", HEAD_BRANCH).replace("{path}", path)
        data = _call(
            session,
            f"{api_url}/files-api/v2/projects/{DEMO_PROJECT}/file",
            files={"file": (Path(path).name, (repo / path).read_bytes())},
            data={"fileUri": file_uri, "fileType": file_type},
        )
        uploaded.append((file_uri, file_type, int(data["stringCount"])))
    return uploaded


def strings_files(repo: Path) -> list[tuple[str, str]]:
    """The manifest's strings files in the checked-out app, each with its Smartling fileType."""
    from smartling_context.manifest.validation import validate
    from smartling_context.strings.catalog import StringsCatalog
    from smartling_context.strings.trees import WorkTree

    tree = WorkTree(repo)
    manifest = validate(tree, DEMO_MANIFEST).manifest
    if manifest is None:
        raise CannotStart(f"the demo's manifest {DEMO_MANIFEST} cannot be read")
    catalog = StringsCatalog(manifest.entries, tree)
    found = []
    for path in sorted(catalog.owners()):
        file_type = FILE_TYPES.get(catalog.format_of(path) or "")
        if file_type is None:
            raise CannotStart(f"the demo cannot upload {path}: the emulator does not read it")
        found.append((path, file_type))
    return found


def _access_token(session: requests.Session, api_url: str) -> str:
    body = {"userIdentifier": "demo-user", "userSecret": "demo-secret"}
    return str(_call(session, f"{api_url}/auth-api/v2/authenticate", json=body)["accessToken"])


def _call(session: requests.Session, url: str, **kwargs: Any) -> dict[str, Any]:
    """POST to the emulator; its answer's `data`, or CannotStart saying what it refused."""
    try:
        response = session.post(url, timeout=30, **kwargs)
        answer = response.json()
    except (requests.RequestException, ValueError) as error:
        raise CannotStart(f"the emulator did not answer POST {url}: {error}") from error
    if not response.ok:
        errors = answer.get("response", {}).get("errors", [])
        raise CannotStart(f"the emulator refused POST {url} ({response.status_code}): {errors}")
    data: dict[str, Any] = answer["response"]["data"]
    return data


def _print_outcome(status: int, report: dict[str, Any]) -> None:
    summary = report["summary"]
    names = ("strings-created", "strings-found", "strings-pending", "bindings-created")
    print(f"The action on the pull request, exit {status}: ", end="")
    print(", ".join(f"{name} {summary[name]}" for name in names))
    ways = sorted({(s["file_uri"], s["found_by"]) for s in report["strings"] if s["found_by"]})
    for way in ways:
        keys = [s["key"] for s in report["strings"] if (s["file_uri"], s["found_by"]) == way]
        file_uri, found_by = way
        print(f"  found by {found_by} in {file_uri}: {', '.join(keys)}")


def _print_requests(emulator: Emulator, since: int) -> None:
    """The action's own requests to Smartling (the emulator's request log), and how many
    of the emulator's strings came through the Strings API rather than a file."""
    with emulator.state.lock:
        made = [f"{method} {name}" for method, name, _ in emulator.state.requests[since:]]
        strings = list(emulator.state.strings.values())
    counts = {name: made.count(name) for name in dict.fromkeys(made)}
    print("Its requests: " + ", ".join(f"{name} x{count}" for name, count in counts.items()))
    created = sum(1 for string in strings if string["stringText"] is not None)
    print(
        f"Strings created by the action: {created} of the emulator's {len(strings)} "
        f"(create strings requests: {counts.get('POST create strings', 0)})"
    )
