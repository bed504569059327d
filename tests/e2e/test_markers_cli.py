"""`smartling-context markers apply|restore` as a workflow step runs it, on real git repos."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gitrepo import GitRepo
from smartling_context.strings import markers
from smartling_context.strings.formats import read_strings

MANIFEST = """version: 1
strings:
  - files: "locales/en/*.json"
  - files: "config/locales/en.yml"
  - files: "res/messages.properties"
"""
APP_JSON = '{\n  "dialog": {"confirm": "OK"},\n  "toast": {"dismiss": "OK"}\n}\n'
RAILS = "en:\n  # the title\n  title: Welcome\n"
PROPERTIES = "greeting=Hello\n"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", *args],
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "HOME")},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def app(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "app")
    repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en/app.json": APP_JSON,
            "locales/en/empty.json": "{}\n",
            "config/locales/en.yml": RAILS,
            "res/messages.properties": PROPERTIES,
            "README.md": "not a strings file\n",
        }
    )
    return repo


def originals(repo: GitRepo) -> dict[str, bytes]:
    return {
        path: (repo.path / path).read_bytes()
        for path in (
            "locales/en/app.json",
            "locales/en/empty.json",
            "config/locales/en.yml",
            "res/messages.properties",
        )
    }


def test_apply_marks_every_strings_file_and_restore_puts_back_every_byte(tmp_path: Path) -> None:
    repo = app(tmp_path)
    before = originals(repo)
    applied = cli("markers", "apply", cwd=repo.path)
    assert applied.returncode == 0, applied.stderr
    assert "3 file(s) marked, 0 already marked" in applied.stdout
    assert "no strings: locales/en/empty.json" in applied.stdout

    marked = json.loads((repo.path / "locales/en/app.json").read_text())
    confirm, dismiss = marked["dialog"]["confirm"], marked["toast"]["dismiss"]
    assert confirm == markers.mark("OK", "locales/en/app.json", "dialog.confirm")
    assert dismiss == markers.mark("OK", "locales/en/app.json", "toast.dismiss")
    (title,) = read_strings((repo.path / "config/locales/en.yml").read_bytes(), "yaml")
    assert title.text == markers.mark("Welcome", "config/locales/en.yml", "title")
    assert repo.git("diff", "--name-only").split() == [
        "config/locales/en.yml",
        "locales/en/app.json",
        "res/messages.properties",
    ]

    again = cli("markers", "apply", cwd=repo.path)  # a second apply is a no-op
    assert again.returncode == 0, again.stderr
    assert "0 file(s) marked, 3 already marked" in again.stdout
    assert json.loads((repo.path / "locales/en/app.json").read_text()) == marked

    restored = cli("markers", "restore", cwd=repo.path)
    assert restored.returncode == 0, restored.stderr
    assert "3 file(s) restored" in restored.stdout
    assert originals(repo) == before
    assert repo.git("status", "--porcelain") == ""


def test_apply_refuses_uncommitted_changes_and_writes_nothing(tmp_path: Path) -> None:
    repo = app(tmp_path)
    repo.write({"locales/en/app.json": APP_JSON.replace("OK", "Okay"), "locales/en/new.json": "{}"})
    before = originals(repo)
    refused = cli("markers", "apply", cwd=repo.path)
    assert refused.returncode == 2
    assert "locales/en/app.json" in refused.stderr
    assert "locales/en/new.json (not committed)" in refused.stderr
    assert "commit or stash" in refused.stderr
    assert originals(repo) == before  # not even the clean files were marked


def test_restore_leaves_a_file_changed_after_apply_and_says_so(tmp_path: Path) -> None:
    repo = app(tmp_path)
    assert cli("markers", "apply", "--repo", str(repo.path), cwd=tmp_path).returncode == 0
    changed = (repo.path / "res/messages.properties").read_bytes() + b"added=By hand\n"
    (repo.path / "res/messages.properties").write_bytes(changed)
    restored = cli("markers", "restore", "--repo", str(repo.path), cwd=tmp_path)
    assert restored.returncode == 1
    assert "not restored: res/messages.properties: changed since `markers apply`" in (
        restored.stderr
    )
    assert (repo.path / "res/messages.properties").read_bytes() == changed
    assert (repo.path / "locales/en/app.json").read_text() == APP_JSON  # the others go on


def test_a_broken_strings_file_is_one_problem_and_the_others_are_marked(tmp_path: Path) -> None:
    repo = app(tmp_path)
    repo.commit({"locales/en/broken.json": '{"a": }'})
    applied = cli("markers", "apply", cwd=repo.path)
    assert applied.returncode == 1
    assert "not marked: locales/en/broken.json: line 1: not valid JSON" in applied.stderr
    assert markers.has_marker((repo.path / "locales/en/app.json").read_text())


def test_restore_gives_back_crlf_files_as_a_checkout_writes_them(tmp_path: Path) -> None:
    repo = app(tmp_path)
    repo.commit({".gitattributes": "*.properties text eol=crlf\n"})
    (repo.path / "res/messages.properties").unlink()
    repo.git("checkout", "--", "res/messages.properties")
    crlf = (repo.path / "res/messages.properties").read_bytes()
    assert crlf == b"greeting=Hello\r\n"
    assert cli("markers", "apply", cwd=repo.path).returncode == 0
    assert markers.has_marker(
        read_strings((repo.path / "res/messages.properties").read_bytes(), "properties")[0].text
    )
    assert cli("markers", "restore", cwd=repo.path).returncode == 0
    assert (repo.path / "res/messages.properties").read_bytes() == crlf


def test_no_manifest_or_no_git_cannot_start(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    assert cli("markers", "apply", cwd=folder).returncode == 2
    (folder / ".smartling").mkdir()
    (folder / ".smartling/context.yml").write_text(MANIFEST)
    (folder / "locales/en").mkdir(parents=True)
    (folder / "locales/en/app.json").write_text(APP_JSON)
    outside = cli("markers", "apply", cwd=folder)
    assert outside.returncode == 2
    assert "no commit" in outside.stderr


def test_a_file_committed_with_markers_is_named_by_apply_and_restore(tmp_path: Path) -> None:
    repo = app(tmp_path)
    assert cli("markers", "apply", cwd=repo.path).returncode == 0
    repo.commit(message="oops: the marked files committed")
    for action in ("apply", "restore"):
        result = cli("markers", action, cwd=repo.path)
        assert result.returncode == 1, result.stderr
        assert "locales/en/app.json: the last commit holds this file with markers" in (
            result.stderr
        )
    assert repo.git("status", "--porcelain") == ""
