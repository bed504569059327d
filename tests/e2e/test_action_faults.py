"""The action when things go wrong at its edges: git, GitHub, Smartling, the event, the
inputs. Whatever happens, no traceback, and the run's record (summary, outputs, JSON
report, comment when GitHub answers) is published.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import events
from actionrun import REPO, SECRET, pr_event, run_action, run_pull_request, texts, write_event
from gitrepo import GitRepo
from smartling_context.emulator.faults import Fault


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in held:
        connection.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def shallow_clone_without_origin(tmp_path: Path, origin: GitRepo) -> Path:
    clone = tmp_path / "no-origin"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", f"file://{origin.path}", str(clone)], check=True
    )
    subprocess.run(
        ["git", "-C", str(clone), "remote", "set-url", "origin", str(tmp_path / "gone")], check=True
    )
    return clone


def assert_published(outputs: dict[str, str], summary: str) -> dict:
    """The record a user reads after a failed run: summary, outputs, JSON report."""
    assert summary.strip(), "no job summary"
    assert outputs["errors"] != "0"
    report = json.loads(Path(outputs["report"]).read_text())
    assert report["errors"], report
    return report


def test_github_404_on_compare_while_git_cannot_fetch_the_base_exits_2_and_publishes(
    tmp_path, emulator, github, project
):
    origin, base, head = project
    clone = shallow_clone_without_origin(tmp_path, origin)  # github.repo.compare is empty: 404

    code, log, outputs, summary = run_action(
        tmp_path, emulator, github, clone, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 2, log
    assert_published(outputs, summary)
    assert "answered HTTP 404" in summary
    (comment,) = github.comments_on(1)
    assert "HTTP 404" in comment["body"]
    assert emulator.state.strings == {}


def test_a_git_error_mid_run_exits_2_and_publishes(tmp_path, emulator, github, project):
    repo, base, head = project
    blob = repo.git("rev-parse", f"{head}:locales/en/app.json")
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a broken clone

    code, log, outputs, summary = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code == 2, log
    report = assert_published(outputs, summary)
    assert "git cat-file" in report["errors"][0]["message"]
    assert len(github.comments_on(1)) == 1


def test_github_unreachable_while_commenting_still_publishes(tmp_path, emulator, github, project):
    url = f"http://127.0.0.1:{closed_port()}"  # nothing listens there

    code, log, outputs, summary = run_pull_request(
        tmp_path, emulator, github, project, environment={"GITHUB_API_URL": url}
    )

    assert code == 0, log
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
    assert "could not be posted" in summary and "did not answer" in summary
    assert outputs["strings-created"] == "3"
    assert json.loads(Path(outputs["report"]).read_text())["summary"]["strings-created"] == 3


def test_github_unreachable_on_a_comment_command_exits_2_and_publishes(
    tmp_path, emulator, github, project
):
    repo, _, _ = project
    event = write_event(tmp_path, events.issue_comment(REPO, 5, "/smartling", "mona"))

    code, log, outputs, summary = run_action(
        tmp_path,
        emulator,
        github,
        repo.path,
        "issue_comment",
        event,
        environment={"GITHUB_API_URL": f"http://127.0.0.1:{closed_port()}"},
    )

    assert code == 2, log
    assert "did not answer" in summary
    assert outputs["errors"] == "1"
    assert emulator.state.requests == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["pull_request"].update(number="1"), "pull_request.number"),
        (lambda p: p.update(pull_request=[]), "pull_request"),
        (lambda p: p["pull_request"]["head"].update(sha="--upload-pack=x"), "head.sha"),
        (lambda p: p["pull_request"]["base"].update(repo=None), "base.repo"),
    ],
)
def test_wrong_types_in_the_event_exit_2_with_the_field_named(
    tmp_path, emulator, github, project, change, field
):
    repo, base, head = project
    payload = events.pull_request(REPO, 1, base, head)
    change(payload)

    code, log, outputs, summary = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", write_event(tmp_path, payload)
    )

    assert code == 2, log
    report = assert_published(outputs, summary)
    assert field in report["errors"][0]["message"]
    assert emulator.state.requests == []


def test_a_strings_file_name_with_a_non_utf8_byte_still_publishes(
    tmp_path, emulator, github, project
):
    repo, base, _ = project
    name = b"locales/en/caf\xff.json"
    (repo.path / "locales" / "en" / "caf\udcff.json").write_bytes(b'{"menu": "Menu"}')
    head = repo.commit()

    code, log, outputs, summary = run_action(
        tmp_path, emulator, github, repo.path, "pull_request", pr_event(tmp_path, base, head)
    )

    assert code in (0, 1), log
    report = json.loads(Path(outputs["report"]).read_bytes())
    assert any(s["file"] == "locales/en/caf\\xff.json" for s in report["strings"])
    assert len(github.comments_on(1)) == 1
    assert "caf\\xff.json" in summary
    assert name  # the byte that made it undecodable


def test_malformed_project_id_exits_2_before_any_request(tmp_path, emulator, github, project):

    code, log, outputs, summary = run_pull_request(
        tmp_path, emulator, github, project, **{"project-id": "My-Project"}
    )

    assert code == 2, log
    assert "is not a Smartling project id" in summary
    assert emulator.state.requests == []
    assert_published(outputs, summary)


def test_base_input_that_is_an_option_runs_nothing(tmp_path, emulator, github, project):
    origin, _, head = project
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", f"file://{origin.path}", str(clone)], check=True
    )
    subprocess.run(  # a local path: git would run any --upload-pack it was handed
        ["git", "-C", str(clone), "remote", "set-url", "origin", str(origin.path)], check=True
    )
    marker = tmp_path / "pwned"

    code, log, _, summary = run_action(
        tmp_path,
        emulator,
        github,
        clone,
        "workflow_dispatch",
        write_event(tmp_path, events.workflow_dispatch(REPO)),
        sha=head,
        base=f"--upload-pack=touch {marker};",
    )

    assert not marker.exists()
    assert code == 2, log
    assert "is not a ref or a commit SHA" in summary
    assert emulator.state.strings == {}


def test_a_time_limit_ends_a_run_against_a_server_that_never_answers(
    tmp_path, emulator, github, project, silent_port
):

    code, log, outputs, summary = run_pull_request(
        tmp_path,
        emulator,
        github,
        project,
        environment={"INPUT_API-URL": f"http://127.0.0.1:{silent_port}"},
        timeout=90,
        **{"time-limit": "0.05"},
    )

    assert code == 2, log
    assert "time limit" in summary
    assert_published(outputs, summary)
    assert len(github.comments_on(1)) == 1


@pytest.mark.parametrize("allow", ["", "true"])
def test_plain_http_api_url_is_refused_unless_allowed(tmp_path, emulator, github, project, allow):
    """A proxy on 127.0.0.1 stands in for the network: no request may reach it when refused."""
    proxy = socket.socket()
    proxy.bind(("127.0.0.1", 0))
    proxy.listen(4)
    proxy.settimeout(0.2)
    environment = {
        "HTTP_PROXY": f"http://127.0.0.1:{proxy.getsockname()[1]}",
        "NO_PROXY": "127.0.0.1",
    }
    extra = {"allow-http": allow} if allow else {}

    code, log, _, summary = run_pull_request(
        tmp_path,
        emulator,
        github,
        project,
        environment=environment,
        timeout=60,
        **{"api-url": "http://smartling.example", "time-limit": "0.2"},
        **extra,
    )

    try:
        proxy.accept()[0].close()
        reached = True
    except TimeoutError:
        reached = False
    proxy.close()
    assert code == 2, log
    if allow:
        assert "credentials travel in clear" in log and reached
    else:
        assert "plain http" in summary and "allow-http" in summary
        assert not reached


class _EchoHandler(BaseHTTPRequestHandler):
    """Answers every request 401, quoting what it was sent (credentials and headers)."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_POST(self) -> None:
        sent = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        message = f"Invalid credentials {sent} {self.headers.get('Authorization')}"
        body = json.dumps(
            {
                "response": {
                    "code": "AUTHENTICATION_ERROR",
                    "errors": [{"key": "invalid_credentials", "message": message}],
                }
            }
        ).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_secrets_echoed_by_the_server_are_removed_from_everything(
    tmp_path, emulator, github, project
):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    echo = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        code, log, outputs, summary = run_pull_request(
            tmp_path, emulator, github, project, environment={"INPUT_API-URL": echo}
        )
    finally:
        server.shutdown()
        server.server_close()

    assert code == 2, log
    assert "Invalid credentials" in summary
    (comment,) = github.comments_on(1)
    assert SECRET not in comment["body"] and "Invalid credentials" in comment["body"]
    assert SECRET not in Path(outputs["report"]).read_text()
    # run_action itself checks the log, outputs and summary.


def test_persistent_500s_on_the_bindings_endpoints_still_publish(
    tmp_path, emulator, github, project
):
    """Strings were written before the bindings failed: the record must say so."""
    emulator.faults.once.append(Fault(path_contains="/bindings", times=10**6, status=500))

    code, log, outputs, summary = run_pull_request(tmp_path, emulator, github, project)

    assert code == 1, log
    assert outputs["strings-created"] == "3" and outputs["errors"] != "0"
    report = json.loads(Path(outputs["report"]).read_text())
    assert report["summary"]["strings-created"] == 3
    assert "failed" in {b["status"] for b in report["bindings"]}
    assert "| Strings created | 3 |" in summary
    assert len(github.comments_on(1)) == 1
