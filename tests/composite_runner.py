"""A composite action's steps run the way GitHub's runner runs them, for the tests.

What it does as the runner does (actions/runner, CompositeActionHandler and
ScriptHandler; ../shared/research/github-actions.md §1.4-1.6): the action's
`inputs` get the workflow's `with:` values or else their defaults; `${{ ... }}`
in a step's `env:`, `with:`, `working-directory:` and the action's `outputs` is
evaluated (the subset the project's actions use: `inputs.*`, `steps.*.outputs.*`,
`github.*`, `runner.*`); each `run:` step is written to a file and run with
`bash --noprofile --norc -eo pipefail FILE` in the workspace, with the job's
environment, the step's `env:`, `GITHUB_ACTION_PATH`, and fresh `GITHUB_OUTPUT`
and `GITHUB_STEP_SUMMARY` files whose entries become `steps.<id>.outputs` and
the job's summary; no `INPUT_*` variable is set (the runner sets them only for
JavaScript and Docker actions). A failing step stops the action.

A `uses:` step cannot run here: the caller passes a stand-in for each action
by name, which returns the outputs the real one would give (and may change the
environment as the real one does). Anything else, an `if:` or an expression
outside the subset, fails the test instead of being guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from file_commands import parse_file_command

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+")

# name@ref -> (the step's evaluated `with:`, the job's environment) -> outputs
StandIn = Callable[[dict[str, str], dict[str, str]], dict[str, str]]


@dataclass
class CompositeRun:
    """What a run of a composite action gave: exit status, log, outputs, summary."""

    returncode: int
    log: str
    outputs: dict[str, str]
    summary: str
    steps: dict[str, dict[str, str]] = field(default_factory=dict)


def run_composite(
    action_dir: Path,
    given: Mapping[str, str],
    job_env: Mapping[str, str],
    workspace: Path,
    github: Mapping[str, str],
    stand_ins: Mapping[str, StandIn],
    timeout: float = 900,
) -> CompositeRun:
    """Run `action_dir/action.yml` as a step `uses: ...` with `with: given` would run."""
    action = yaml.safe_load((action_dir / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    declared = action.get("inputs", {})
    unknown = set(given) - set(declared)
    assert not unknown, f"not inputs of the action: {unknown}"
    env = dict(job_env)
    context: dict[str, Any] = {
        "github": {**github, "action_path": str(action_dir)},
        "runner": {"temp": env["RUNNER_TEMP"], "os": env.get("RUNNER_OS", "Linux")},
        "steps": {},
        "inputs": {},
    }
    for name, spec in declared.items():
        default = evaluate(scalar(spec.get("default", "")), context)
        context["inputs"][name] = given.get(name, default)

    log: list[str] = []
    summary: list[str] = []
    for index, step in enumerate(action["runs"]["steps"]):
        assert "if" not in step, "the runner would evaluate `if:`; this stand-in does not"
        step_id = step.get("id", f"__step{index}")
        step_env = {k: evaluate(scalar(v), context) for k, v in step.get("env", {}).items()}
        if "uses" in step:
            name = step["uses"]
            assert name in stand_ins, f"no stand-in for {name}"
            with_ = {k: evaluate(scalar(v), context) for k, v in step.get("with", {}).items()}
            outputs = stand_ins[name](with_, env)
            context["steps"][step_id] = {"outputs": outputs}
            continue
        assert step.get("shell") == "bash", "every run step of the action says `shell: bash`"
        files = Path(env["RUNNER_TEMP"]) / "_runner_file_commands"
        files.mkdir(parents=True, exist_ok=True)
        output = files / f"set_output_{uuid.uuid4()}"
        step_summary = files / f"step_summary_{uuid.uuid4()}"
        script = files / f"{uuid.uuid4()}.sh"
        output.write_text("")
        step_summary.write_text("")
        assert "${{" not in step["run"], "expressions in `run:` (use env:)"
        script.write_text(step["run"])
        cwd = workspace
        if "working-directory" in step:
            cwd = workspace / evaluate(str(step["working-directory"]), context)
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env={
                **env,
                **step_env,
                "GITHUB_ACTION_PATH": str(action_dir),
                "GITHUB_OUTPUT": str(output),
                "GITHUB_STEP_SUMMARY": str(step_summary),
            },
            capture_output=True,
            text=True,
            errors="backslashreplace",
            timeout=timeout,
            check=False,
        )
        log.append(result.stdout + result.stderr)
        summary.append(step_summary.read_text())
        context["steps"][step_id] = {"outputs": parse_file_command(output.read_text())}
        if result.returncode != 0:
            return CompositeRun(result.returncode, "".join(log), {}, "".join(summary))
    outputs = {
        name: evaluate(str(spec["value"]), context)
        for name, spec in action.get("outputs", {}).items()
    }
    steps = {k: v["outputs"] for k, v in context["steps"].items()}
    return CompositeRun(0, "".join(log), outputs, "".join(summary), steps)


def scalar(value: object) -> str:
    """A YAML scalar as the runner reads it: `true`/`false` for booleans, else its text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def evaluate(text: str, context: Mapping[str, Any]) -> str:
    """`${{ a.b.c }}` replaced by that property of the context; a missing step output
    or property is '' (as GitHub gives); anything but a property path fails."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert PATH.fullmatch(expression), f"expression outside the subset: {expression}"
        node: Any = context
        for part in expression.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return ""
            node = node[part]
        assert isinstance(node, str), f"{expression} is not a string"
        return node

    return EXPRESSION.sub(value, text)


def default_environment() -> dict[str, str]:
    """What a runner's machine has in its environment that an install needs: PATH, the
    proxy/CA settings and pip's cache of this machine (actions/cache's stand-in)."""
    keep = (
        "PATH",
        "LANG",
        "PIP_CERT",
        "SSL_CERT_FILE",
        "REQUESTS_CA_BUNDLE",
        "PIP_DEFAULT_TIMEOUT",
    )
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env
