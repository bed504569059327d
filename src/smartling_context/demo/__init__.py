"""`smartling-context demo`: a whole pull-request sync against the emulator, on any machine.

Builds a throwaway git repository from the bundled example app (a base commit
and a pull request's head commit), starts the Smartling emulator in-process,
and runs the action itself on a `pull_request` event, as GitHub would.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from smartling_context.emulator import Emulator
from smartling_context.github import action
from smartling_context.strings.git import git

DEMO_PROJECT = "demo12345"
DEMO_MANIFEST = ".smartling/context.yml"


def build_demo_repository(folder: Path) -> tuple[str, str]:
    """A git repository with the example app: returns (base SHA, head SHA)."""
    app = resources.files("smartling_context.demo").joinpath("app")
    git(folder, "init", "--quiet", "--initial-branch=main")
    shas = []
    for stage, message in (("base", "Hotel app"), ("head", "Search results and booking screen")):
        with resources.as_file(app.joinpath(stage)) as source:
            shutil.copytree(source, folder, dirs_exist_ok=True)
        git(folder, "add", "--all")
        git(
            folder,
            "-c",
            "user.name=Demo",
            "-c",
            "user.email=demo@example.com",
            "commit",
            "--quiet",
            "-m",
            message,
        )
        shas.append(git(folder, "rev-parse", "HEAD").decode().strip())
    return shas[0], shas[1]


def pull_request_event(base: str, head: str) -> dict[str, Any]:
    repo = {"full_name": "demo/hotel-app", "name": "hotel-app"}
    return {
        "action": "opened",
        "number": 1,
        "pull_request": {
            "number": 1,
            "base": {"sha": base, "ref": "main", "repo": repo},
            "head": {"sha": head, "ref": "feature/search", "repo": repo},
        },
        "repository": repo,
    }


def run_demo() -> int:
    with tempfile.TemporaryDirectory(prefix="smartling-demo-") as temp, Emulator() as emulator:
        root = Path(temp)
        repo = root / "hotel-app"
        repo.mkdir()
        base, head = build_demo_repository(repo)
        event = root / "event.json"
        event.write_text(json.dumps(pull_request_event(base, head)))
        print(f"Demo repository: base {base[:12]}, head {head[:12]}")
        print(f"Smartling emulator: {emulator.url}\n")
        print("=== The pull request comment the action would post ===\n")
        status = action.run(
            {
                "GITHUB_EVENT_NAME": "pull_request",
                "GITHUB_EVENT_PATH": str(event),
                "GITHUB_WORKSPACE": str(repo),
                "GITHUB_REPOSITORY": "demo/hotel-app",
                "RUNNER_TEMP": str(root),
                "INPUT_PROJECT-ID": DEMO_PROJECT,
                "INPUT_USER-IDENTIFIER": "demo-user",
                "INPUT_USER-SECRET": "demo-secret",
                "INPUT_API-URL": emulator.url,
                "INPUT_COMMENT": "false",
            }
        )
        print("\n=== What the emulator now holds ===\n")
        _print_state(emulator)
        previews = write_demo_previews(repo, Path(tempfile.mkdtemp(prefix="smartling-demo-")))
        print(f"\nPreviews (each screenshot with its boxes and keys drawn): {previews}")
        for path in sorted(previews.iterdir()):
            print(f"  {path.name}")
        print(f"\nExit status: {status}")
        return status


def write_demo_previews(repo: Path, folder: Path) -> Path:
    """The head commit's previews, as `smartling-context preview` draws them."""
    from smartling_context.manifest.validation import validate
    from smartling_context.preview.manifest import write_manifest_previews
    from smartling_context.strings.trees import WorkTree

    tree, target = WorkTree(repo), folder / "previews"
    target.mkdir(parents=True, exist_ok=True)
    manifest = validate(tree, DEMO_MANIFEST).manifest
    if manifest is not None:
        write_manifest_previews(manifest, tree, target)
    return target


def _print_state(emulator: Emulator) -> None:
    state = emulator.state
    names = {}
    print(f"Strings ({len(state.strings)}):")
    for string in state.strings.values():
        print(f"  {string['hashcode'][:8]}  {string['variant']:<22} {string['stringText']!r}")
    print(f"Contexts ({len(state.contexts)}):")
    for context in state.contexts.values():
        names[context["contextUid"]] = context["name"]
        print(f"  {context['name']} ({len(context['content'])} bytes, {context['mime']})")
    print(f"Bindings ({len(state.bindings)}):")
    for binding in state.bindings.values():
        text = state.strings[binding["stringHashcode"]]["stringText"]
        box = binding["coordinates"]
        print(
            f"  {text!r} on {names[binding['contextUid']]} at "
            f"top {box['top']}, left {box['left']}, {box['width']}x{box['height']}"
        )
