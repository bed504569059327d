"""The context manifest: schema, checks beyond it, precise problems, and `validate`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import screenshot
from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import WorkTree

VALID = """\
version: 1
defaults:
  placeholders:
    format: java
    custom: '\\[.+?\\]'
  html: auto
  variant: "{file}#{key}"
  namespace: my-app
  instruction: "Hotel app"
strings:
  - files: "locales/en/**/*.json"
    format: json
    placeholders: {format: python}
    html: plain_text
    variant: "{key}"
    instruction: "UI text"
  - files: res/values/strings.xml
screenshots:
  - image: docs/search.png
    name: Hotel search
    strings:
      - key: search.results
        file: locales/en/app.json
        coordinates: {top: 10, left: 5, width: 100, height: 18}
      - key: app_name
    match: none
  - image: docs/book.png
    match: ocr
"""


def image_bytes(width: int, height: int, kind: str = "PNG") -> bytes:
    """A real image of that size, as the checks read its size from the header."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, kind)
    return out.getvalue()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = {
        "locales/en/app.json": '{"search": {"results": "Results"}, "nav": {"back": "Back"}}',
        "locales/en/more/extra.json": '{"nav": {"back": "Back"}}',
        "res/values/strings.xml": '<resources><string name="app_name">Hotel</string></resources>',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/search.png").write_bytes(screenshot("Results"))
    (tmp_path / "docs/book.png").write_bytes(image_bytes(40, 30, "GIF"))
    return tmp_path


def problems_for(repo: Path, text: str | bytes) -> list[tuple[int | None, str, str]]:
    manifest = repo / ".smartling/context.yml"
    manifest.parent.mkdir(exist_ok=True)
    manifest.write_bytes(text if isinstance(text, bytes) else text.encode())
    result = validate(WorkTree(repo), ".smartling/context.yml")
    return [(p.line, p.node, p.message) for p in result.problems]


def test_a_manifest_using_every_feature_is_valid(repo):
    assert problems_for(repo, VALID) == []
    result = validate(WorkTree(repo), ".smartling/context.yml")
    entry = result.manifest.entries[0]
    assert entry.settings.placeholder_format == "python"
    assert entry.settings.placeholder_custom == r"\[.+?\]"
    assert entry.settings.namespace == "my-app"
    assert result.manifest.entries[1].settings.variant == "{file}#{key}"
    assert result.manifest.screenshots[1].name == "docs/book.png"


def test_json_manifest_is_accepted(repo):
    text = '{"version": 1, "strings": [{"files": "locales/en/app.json"}]}'
    assert problems_for(repo, text) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "node", "says"),
    [
        ("version: 1", "version: 2", 1, "version", "must be 1"),
        (
            "    format: json\n",
            "    fromat: json\n",
            12,
            "strings[0].fromat",
            "did you mean 'format'?",
        ),
        (
            "    format: java",
            "    format: jav",
            4,
            "defaults.placeholders.format",
            "did you mean 'java'?",
        ),
        ("  html: auto", "  html: markdown", 6, "defaults.html", "use one of: html, plain_text"),
        ("    match: none", "    match: fuzzy", 26, "screenshots[0].match", "none, ocr"),
        (
            "top: 10",
            "top: -3",
            24,
            "screenshots[0].strings[0].coordinates.top",
            "must be 0 or more",
        ),
        (
            "top: 10",
            "top: high",
            24,
            "screenshots[0].strings[0].coordinates.top",
            "must be a whole number",
        ),
        (
            "      - key: app_name",
            "      - kee: app_name",
            25,
            "screenshots[0].strings[1].kee",
            "did you mean 'key'?",
        ),
        (
            "custom: '\\[.+?\\]'",
            "custom: '[unclosed'",
            5,
            "defaults.placeholders.custom",
            "does not compile",
        ),
        ('"locales/en/**/*.json"', '"locale/**/*.json"', 11, "strings[0].files", "matches no file"),
        (
            '"locales/en/**/*.json"',
            '"../secrets/*.json"',
            11,
            "strings[0].files",
            "leads outside the repository",
        ),
        ("docs/search.png", "/etc/passwd", 19, "screenshots[0].image", "leads outside"),
        (
            "image: docs/book.png",
            "image: docs/missing.png",
            27,
            "screenshots[1].image",
            "does not exist",
        ),
        (
            "image: docs/book.png",
            "image: locales/en/app.json",
            27,
            "screenshots[1].image",
            "not a PNG, JPEG or GIF",
        ),
        (
            "key: search.results",
            "key: search.result",
            22,
            "screenshots[0].strings[0].key",
            "did you mean 'search.results'?",
        ),
        (
            "      - key: app_name",
            "      - key: nav.back",
            25,
            "screenshots[0].strings[1].key",
            "in several files",
        ),
        (
            "        file: locales/en/app.json",
            "        file: locales/fr/app.json",
            23,
            "screenshots[0].strings[0].file",
            "not one of the manifest's strings files",
        ),
        (
            "    match: ocr",
            "    name: Hotel search",
            28,
            "screenshots[1].name",
            "already used by screenshots[0]",
        ),
    ],
)
def test_each_problem_names_its_line_and_node(repo, old, new, line, node, says):
    assert old in VALID
    found = problems_for(repo, VALID.replace(old, new, 1))
    assert (line, node) == found[0][:2], found
    assert says in found[0][2]
    # Only consequences of the same mistake may follow it.
    assert all(n.startswith("screenshots[0].strings[") for _, n, _ in found[1:]), found


def test_all_problems_are_reported_at_once_schema_and_beyond(repo):
    text = (
        VALID.replace("version: 1", "version: 3")
        .replace("html: auto", "html: x")
        .replace("key: search.results", "key: search.result")
        .replace("image: docs/book.png", "image: docs/none.png")
        .replace("top: 10", "top: -1")
        .replace("      - key: app_name", "      - kee: app_name")
    )
    assert [(line, node) for line, node, _ in problems_for(repo, text)] == [
        (1, "version"),
        (6, "defaults.html"),
        (22, "screenshots[0].strings[0].key"),
        (24, "screenshots[0].strings[0].coordinates.top"),
        (25, "screenshots[0].strings[1].kee"),
        (25, "screenshots[0].strings[1].key"),
        (27, "screenshots[1].image"),
    ]


def test_symlink_leading_outside_is_refused(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "shot.png"
    outside.write_bytes(screenshot("x"))
    os.symlink(outside, repo / "docs/link.png")
    found = problems_for(repo, VALID.replace("image: docs/book.png", "image: docs/link.png"))
    assert found == [
        (27, "screenshots[1].image", "'docs/link.png' is a link that leads outside the repository")
    ]


def test_image_over_20_mb_is_refused(repo):
    (repo / "docs/book.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024 + 1))
    ((line, node, message),) = problems_for(repo, VALID)
    assert (line, node) == (27, "screenshots[1].image") and "up to 20 MB" in message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("version: [1\nstrings: ", "not valid YAML"),
        ("", "the manifest is empty"),
        ("# only a comment\n", "the manifest is empty"),
        ("- version: 1\n", "the manifest is a list"),
        ("just text", "the manifest is str"),
        (b"version: 1\nname: caf\xe9\n", "not UTF-8"),
        (b"x" * (50 * 1024 * 1024), "must be under 1024 KiB"),
        (
            "\n".join(
                ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
            ),
            "expands to more than",
        ),
        ("version: !!python/object/apply:os.system ['echo hi']\n", "unsupported value"),
    ],
)
def test_unreadable_manifests_get_one_clear_error(repo, text, says):
    found = problems_for(repo, text)
    assert len(found) == 1, found
    assert says in found[0][2]


def run_validate(repo: Path, env_extra: dict[str, str] | None = None):
    env = {**os.environ, **(env_extra or {})}
    env.pop("GITHUB_ACTIONS", None) if not env_extra else None
    return subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", "validate", "--repo", str(repo)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_validate_command_exit_codes_and_annotations(repo):
    problems_for(repo, VALID)
    ok = run_validate(repo)
    assert ok.returncode == 0 and "valid" in ok.stdout

    problems_for(repo, VALID.replace("version: 1", "version: 2"))
    bad = run_validate(repo, {"GITHUB_ACTIONS": "true"})
    assert bad.returncode == 2
    assert ".smartling/context.yml:1: version: must be 1" in bad.stderr
    assert "::error file=.smartling/context.yml,line=1,title=Smartling context manifest::" in (
        bad.stdout
    )
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nstrings: 3\n",
        "version: 1\nstrings: [3, {files: 7}]\n",
        "version: 1\nstrings: {files: a}\n",
        'version: 1\ndefaults: [1]\nstrings:\n  - files: "locales/en/app.json"\n',
        'version: 1\nstrings:\n  - files: "locales/en/app.json"\n    placeholders: 5\n',
        'version: 1\nstrings:\n  - files: "locales/en/app.json"\nscreenshots: "x"\n',
        'version: 1\nstrings:\n  - files: "locales/en/app.json"\nscreenshots:\n  - image: 3\n'
        "    strings: {key: 1}\n",
    ],
)
def test_a_node_of_the_wrong_type_is_a_problem_not_a_traceback(repo, text):
    (repo / ".smartling").mkdir(exist_ok=True)
    (repo / ".smartling/context.yml").write_text(text)

    result = run_validate(repo)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "problem(s)" in result.stderr


def test_each_missing_required_property_is_reported_once(repo):
    found = problems_for(repo, "{}\n")

    assert sorted(node for _, node, _ in found) == ["strings", "version"]
