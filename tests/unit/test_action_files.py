"""Every action metadata file of the repository (the container action, the composite
entry, the capture action) checked against the metadata syntax (our schema, written
from GitHub's reference), and what a user relies on: a composite's outputs all come
from its steps, every third-party action is pinned by commit SHA, and no `run:`
interpolates an expression (inputs reach scripts through `env:` only)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "data" / "action-metadata.schema.json").read_text())
ACTIONS = sorted(
    p.relative_to(ROOT).as_posix()
    for p in ROOT.glob("**/action.y*ml")
    if not {".venv", "node_modules", ".git"} & set(p.relative_to(ROOT).parts)
)


def test_the_repository_has_its_three_actions() -> None:
    assert ACTIONS == ["action.yml", "capture/action.yml", "composite/action.yml"]


@pytest.mark.parametrize("path", ACTIONS)
def test_action_file_follows_the_metadata_syntax(path: str) -> None:
    action = yaml.safe_load((ROOT / path).read_text())
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(action)
    ]
    assert errors == []


@pytest.mark.parametrize("path", ACTIONS)
def test_composite_steps_are_pinned_and_take_inputs_through_env(path: str) -> None:
    action = yaml.safe_load((ROOT / path).read_text())
    if action["runs"]["using"] != "composite":
        return
    ids = {step.get("id") for step in action["runs"]["steps"]}
    for name, output in action.get("outputs", {}).items():
        (step,) = re.findall(r"\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}", output["value"])
        assert step in ids, f"output {name} comes from no step"
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        else:
            assert "${{" not in step["run"], "an expression in run: (pass it through env:)"


def test_the_schema_refuses_what_github_refuses() -> None:
    """The schema can fail: a run step without a shell, an unknown key, a bad colour."""
    good = {
        "name": "n",
        "description": "d",
        "runs": {"using": "composite", "steps": [{"run": "true", "shell": "bash"}]},
    }
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert validator.is_valid(good)
    bad = [
        {**good, "runs": {"using": "composite", "steps": [{"run": "true"}]}},
        {**good, "inptus": {}},
        {**good, "branding": {"color": "pink"}},
        {**good, "runs": {"using": "docker", "image": "ubuntu"}},
        {**good, "outputs": {"x": {"value": "${{ steps.a.outputs.x }}"}}},
    ]
    assert [validator.is_valid(b) for b in bad] == [False] * len(bad)
