"""The `smartling-context` command as a person (or a workflow step) runs it: `sync`,
`validate`, `strings` and `demo`, in a subprocess, on real repositories and files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from actionrun import MANIFEST, texts
from smartling_context.emulator import Emulator

INJECTION = "x\n::set-output name=pwn::v"


def cli(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout=60,
    prefix: list[str] | None = None,
):
    result = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "smartling_context.cli", *args],
        env={"PATH": os.environ["PATH"], **_pythonpath(), **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _pythonpath() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k == "PYTHONPATH"}


def live_commands(text: str) -> list[str]:
    """The lines the runner would act on as workflow commands (outside stop-commands)."""
    live, stopped_by = [], None
    for line in text.splitlines():
        if stopped_by is not None:
            if line == f"::{stopped_by}::":
                stopped_by = None
            continue
        if line.startswith("::stop-commands::"):
            stopped_by = line.removeprefix("::stop-commands::")
        elif line.startswith("::"):
            live.append(line)
    return live


def credentials(emulator: Emulator, project: str = "abcd12345") -> dict[str, str]:
    return {
        "SMARTLING_USER_IDENTIFIER": "user-identifier-7f3a",
        "SMARTLING_USER_SECRET": "s3cr3t-value-never-printed",
        "SMARTLING_PROJECT_ID": project,
    }


# ------------------------------------------------------------------ sync


def test_sync_creates_the_changed_strings_and_writes_the_report(tmp_path, emulator, project):
    repo, base, head = project
    report = tmp_path / "report.json"

    result = cli(
        "sync",
        "--repo",
        str(repo.path),
        "--base",
        base,
        "--head",
        head,
        "--api-url",
        emulator.url,
        "--report",
        str(report),
        env=credentials(emulator),
    )

    assert result.returncode == 0, result.stderr
    assert texts(emulator) == {"Find your hotel", "Go", "Cancel booking"}
    assert "| Strings created | 3 |" in result.stdout
    assert json.loads(report.read_text())["summary"]["strings-created"] == 3
    assert "s3cr3t-value-never-printed" not in result.stdout + result.stderr


def test_sync_dry_run_needs_no_credentials_and_writes_nothing(tmp_path, emulator, project):
    repo, base, _ = project

    result = cli("sync", "--repo", str(repo.path), "--base", base, "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "| Strings to create | 3 |" in result.stdout
    assert emulator.state.requests == []


def test_sync_refuses_a_malformed_project_id_before_any_request(tmp_path, emulator, project):
    repo, base, _ = project

    result = cli(
        "sync",
        "--repo",
        str(repo.path),
        "--base",
        base,
        "--api-url",
        emulator.url,
        env=credentials(emulator, project="ABC"),
    )

    assert result.returncode == 2
    assert "is not a Smartling project id" in result.stderr
    assert emulator.state.requests == []


@pytest.mark.parametrize("option", ["--base", "--head"])
def test_sync_takes_a_ref_never_an_option(tmp_path, project, option):
    repo, base, _ = project
    marker = tmp_path / "pwned"
    bad = f"--upload-pack=touch {marker};"
    args = ["--base", bad] if option == "--base" else ["--base", base, "--head", bad]

    result = cli("sync", "--repo", str(repo.path), "--dry-run", *args)

    assert result.returncode == 2
    assert "is not a ref or a commit SHA" in result.stderr
    assert not marker.exists()


# ------------------------------------------------------------------ validate and strings


def test_validate_inside_actions_prints_no_live_workflow_command(tmp_path):
    (tmp_path / ".smartling").mkdir()
    (tmp_path / ".smartling" / "context.yml").write_text(
        f"version: 1\n{json.dumps(INJECTION)}: 1\nstrings:\n  - files: a.json\n"
    )
    (tmp_path / "a.json").write_text("{}")

    result = cli("validate", "--repo", str(tmp_path), env={"GITHUB_ACTIONS": "true"})

    assert result.returncode == 2
    assert "set-output" in result.stdout + result.stderr  # the key is shown...
    live = live_commands(result.stdout) + live_commands(result.stderr)
    assert live and all(line.startswith("::error ") for line in live)  # ...never as a command


def test_strings_inside_actions_prints_no_live_workflow_command(tmp_path):
    path = tmp_path / "app.json"
    path.write_text(json.dumps({INJECTION: "text"}))

    result = cli("strings", str(path), env={"GITHUB_ACTIONS": "true"})

    assert result.returncode == 0, result.stderr
    assert "set-output" in result.stdout
    assert live_commands(result.stdout) == []


def test_sync_inside_actions_prints_no_live_workflow_command(tmp_path, emulator, project):
    repo, base, _ = project
    repo.commit(
        {"locales/en/app.json": json.dumps({INJECTION: "text", "search": {"title": "Find"}})}
    )

    result = cli(
        "sync",
        "--repo",
        str(repo.path),
        "--base",
        base,
        "--dry-run",
        env={"GITHUB_ACTIONS": "true"},
    )

    assert result.returncode == 0, result.stderr
    assert "set-output" in result.stdout
    assert not [line for line in live_commands(result.stdout) if "set-output" in line]


def _unreadable(path: Path) -> Path:
    path.write_text("{}")
    path.chmod(0)
    return path


BAD_FILES = {
    "missing": lambda p: p,
    "directory": lambda p: (p.mkdir(), p)[1],
    "fifo": lambda p: (os.mkfifo(p), p)[1],
    "unreadable": _unreadable,
}


# Root reads any file through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. Run as root
# (as CI does), the command runs without them, so an unreadable file is unreadable.
# Not as another user: the interpreter may live where only root can reach it (/root).
PLAIN_READER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
)


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_strings_on_a_file_it_cannot_read_exits_2_with_a_message(tmp_path, kind):
    path = BAD_FILES[kind](tmp_path / "app.json")

    result = cli("strings", str(path), timeout=20, prefix=PLAIN_READER)

    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {path}: ")


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_validate_on_a_manifest_it_cannot_read_exits_2_with_a_message(tmp_path, kind):
    (tmp_path / ".smartling").mkdir()
    BAD_FILES[kind](tmp_path / ".smartling" / "context.yml")

    result = cli("validate", "--repo", str(tmp_path), timeout=20, prefix=PLAIN_READER)

    assert result.returncode == 2
    assert ".smartling/context.yml" in result.stderr
    assert VALIDATE_SAYS[kind] in result.stderr


VALIDATE_SAYS = {
    "missing": "no manifest here",
    "directory": "is not a regular file",
    "fifo": "is not a regular file",
    "unreadable": "the manifest cannot be read: [Errno 13] Permission denied",
}


def test_validate_of_a_good_manifest_says_valid(tmp_path, project):
    repo, _, _ = project
    assert MANIFEST in (repo.path / ".smartling" / "context.yml").read_text()

    result = cli("validate", "--repo", str(repo.path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ".smartling/context.yml: valid"


# ------------------------------------------------------------------ demo


def test_demo_runs_a_whole_pull_request_against_the_emulator(tmp_path):
    result = cli("demo", cwd=tmp_path, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Strings (" in result.stdout and "Bindings (" in result.stdout
    assert "| Strings created |" in result.stdout
    assert list(tmp_path.iterdir()) == []  # nothing left behind where it ran


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    strings = tmp_path / "app.json"
    strings.write_text(json.dumps({f"key{i}": f"Text number {i}" for i in range(20_000)}))
    read_end, write_end = os.pipe()
    reader = subprocess.Popen(["head", "-n", "1"], stdin=read_end, stdout=subprocess.PIPE)
    os.close(read_end)
    command = subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", "strings", str(strings)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    os.close(write_end)
    first = reader.communicate()[0]

    assert first.startswith(b"key0")
    assert "Traceback" not in command.stderr and "BrokenPipeError" not in command.stderr
