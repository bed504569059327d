"""A manifest written by a hostile pull request: bombs, loops, FIFOs and odd globs.

Each case runs the real `smartling-context validate` command in a subprocess with a
time limit and an address-space limit, so a regression fails the test instead of
hanging the suite or eating the machine; none of them asserts a speed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import screenshot
from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import WorkTree

LIMIT_SECONDS = 60
LIMIT_BYTES = 1024 * 1024 * 1024


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def validate_command(repo: Path, manifest: str) -> subprocess.CompletedProcess[str]:
    """Write the manifest and run `smartling-context validate` on the folder, bounded."""
    (repo / ".smartling").mkdir(exist_ok=True)
    (repo / ".smartling/context.yml").write_text(manifest)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", "validate", "--repo", str(repo)],
        capture_output=True,
        text=True,
        env=env,
        timeout=LIMIT_SECONDS,
        preexec_fn=_limit_memory,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/app.json").write_text('{"search": {"title": "Find"}}')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/shot.png").write_bytes(screenshot("Find"))
    return tmp_path


def problems(repo: Path, manifest: str) -> list[tuple[int | None, str, str]]:
    (repo / ".smartling").mkdir(exist_ok=True)
    (repo / ".smartling/context.yml").write_text(manifest)
    result = validate(WorkTree(repo), ".smartling/context.yml")
    return [(p.line, p.node, p.message) for p in result.problems]


def merge_bomb(levels: int = 9, fan_out: int = 9) -> str:
    """About 600 bytes whose merge keys, nested inside one another, expand to
    2 x fan_out ** levels pairs when a YAML library flattens them."""
    node = "&a0 {x: 1, y: 2}"
    for level in range(1, levels + 1):
        again = ", ".join([f"*a{level - 1}"] * (fan_out - 1))
        node = f"&a{level} {{<<: [{node}, {again}]}}"
    return f"version: 1\nbomb: {node}\n"


def test_merge_key_bomb_is_one_clear_error_within_bounds(repo):
    bomb = merge_bomb()
    assert len(bomb) < 700
    result = validate_command(repo, bomb)
    assert result.returncode == 2, result.stderr
    assert "expands to more than 50,000 values" in result.stderr
    assert "Traceback" not in result.stderr


def test_merge_keys_still_work_and_own_keys_win(repo):
    manifest = (
        "version: 1\n"
        "x-shot: &shot {image: docs/shot.png, match: ocr}\n"
        "strings: [{files: locales/*.json}]\n"
        "screenshots:\n"
        "  - <<: *shot\n"
        "    name: Search\n"
        "  - {<<: *shot, name: Again, match: none}\n"
    )
    found = problems(repo, manifest)
    # The merged mapping is read (only the unknown top-level `x-shot` is a problem).
    assert [(line, node) for line, node, _ in found] == [(2, "x-shot")]


def test_a_mapping_merged_into_itself_is_refused(repo):
    result = validate_command(repo, "a: &a {<<: *a}\n")
    assert result.returncode == 2
    assert "merges a mapping into itself" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "manifest",
    ["[" * 50_000 + "]" * 50_000, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 400))],
    ids=["flow", "block"],
)
def test_deeply_nested_yaml_is_one_clear_error(repo, manifest):
    result = validate_command(repo, manifest)
    assert result.returncode == 2
    assert "levels" in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_keys_are_reported_with_both_lines(repo):
    manifest = (
        "version: 1\n"
        "strings:\n"
        "  - files: locales/*.json\n"
        "screenshots:\n"
        "  - image: docs/shot.png\n"
        "    name: One\n"
        "    name: Two\n"
        "version: 1\n"
    )
    assert problems(repo, manifest) == [
        (
            7,
            "screenshots[0].name",
            "'name' is written twice in the same mapping, on lines 6 and 7; keep one "
            "(otherwise the later one silently wins)",
        ),
        (
            8,
            "version",
            "'version' is written twice in the same mapping, on lines 1 and 8; keep one "
            "(otherwise the later one silently wins)",
        ),
    ]


def test_duplicate_keys_in_a_json_manifest_too(repo):
    manifest = '{"version": 1,\n "strings": [{"files": "locales/*.json"}],\n "version": 1}\n'
    ((line, node, message),) = problems(repo, manifest)
    assert (line, node) == (3, "version") and "lines 1 and 3" in message


def test_glob_bombs_finish_and_match_correctly(repo):
    deep = repo / "/".join(["d"] * 60)
    deep.mkdir(parents=True)
    (deep / "x.jsonx").write_text("{}")
    (repo / "locales" / ("a" * 40)).write_text("{}")
    stars = "/".join(["**"] * 12) + "/*.jsonx"
    manifest = (
        "version: 1\nstrings:\n"
        f"  - files: '{stars}'\n    format: json\n"
        f"  - files: 'locales/{'*a' * 10}b'\n    format: json\n"
    )
    result = validate_command(repo, manifest)
    # The first glob matches the deep file; the second matches nothing (no `b`).
    assert result.returncode == 2, result.stderr
    assert "strings[1].files" in result.stderr and "matches no file" in result.stderr
    assert "strings[0]" not in result.stderr


def test_backwards_character_range_is_a_manifest_problem(repo):
    manifest = "version: 1\nstrings:\n  - files: 'locales/[z-a].json'\n"
    assert problems(repo, manifest) == [
        (
            3,
            "strings[0].files",
            "'locales/[z-a].json' is not a usable glob: the range [z-a] is backwards; write [a-z]",
        )
    ]
    result = validate_command(repo, manifest)
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("which", ["strings", "image", "boxes"])
def test_a_fifo_never_blocks(repo, which):
    fifo = {"strings": "locales/pipe.json", "image": "docs/pipe.png", "boxes": "docs/pipe.json"}
    os.mkfifo(repo / fifo[which])
    manifest = (
        "version: 1\nstrings:\n  - files: locales/*.json\nscreenshots:\n"
        f"  - image: {fifo['image'] if which == 'image' else 'docs/shot.png'}\n"
        + (f"    boxes: {fifo['boxes']}\n" if which == "boxes" else "")
        + "    strings: [{key: search.title}]\n"
    )
    result = validate_command(repo, manifest)
    assert result.returncode == 2, result.stdout
    assert "is not a regular file; not read" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_manifest_that_is_a_fifo_is_refused(repo):
    (repo / ".smartling").mkdir()
    os.mkfifo(repo / ".smartling/context.yml")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    result = subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", "validate", "--repo", str(repo)],
        capture_output=True,
        text=True,
        env=env,
        timeout=LIMIT_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert "the manifest cannot be read" in result.stderr and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
