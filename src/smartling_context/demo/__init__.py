"""`smartling-context demo`: whole pull-request syncs against the emulator, on any machine.

Part one builds a throwaway git repository from the bundled example app (a base
commit and a pull request's head commit), starts the Smartling emulator
in-process, and runs the action itself on a `pull_request` event, as GitHub
would: it creates the pull request's strings and binds the screenshots to them.
Part two (`demo.file_uri`) does the same for a team whose strings files already
reach Smartling as files: they are uploaded first, and the action creates nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from smartling_context.demo.file_uri import run_file_uri_part
from smartling_context.demo.repository import (
    DEMO_MANIFEST,
    DEMO_PROJECT,
    action_env,
    build_demo_repository,
    pull_request_event,
)
from smartling_context.demo.state import print_state
from smartling_context.emulator import Emulator
from smartling_context.github import action

__all__ = ["DEMO_PROJECT", "build_demo_repository", "pull_request_event", "run_demo"]


def run_demo() -> int:
    """Both parts; 0 when the action succeeded in both."""
    with tempfile.TemporaryDirectory(prefix="smartling-demo-") as temp:
        root = Path(temp)
        print("##### Part 1: the action creates the pull request's strings #####\n")
        first = _create_strings_part(root / "part1")
        print("\n##### Part 2: strings that already live in Smartling (file-uri) #####\n")
        second = run_file_uri_part(root / "part2")
        previews = write_demo_previews(
            root / "part1/hotel-app", Path(tempfile.mkdtemp(prefix="smartling-demo-"))
        )
    print(f"\nPreviews (each screenshot with its boxes and keys drawn): {previews}")
    for path in sorted(previews.iterdir()):
        print(f"  {path.name}")
    status = max(first, second)
    print(f"\nExit status: {status}")
    return status


def _create_strings_part(root: Path) -> int:
    repo = root / "hotel-app"
    repo.mkdir(parents=True)
    base, head = build_demo_repository(repo)
    with Emulator() as emulator:
        print(f"Demo repository: base {base[:12]}, head {head[:12]}")
        print(f"Smartling emulator: {emulator.url}\n")
        print("=== The pull request comment the action would post ===\n")
        status = action.run(action_env(emulator.url, repo, root, base, head))
        print("\n=== What the emulator now holds ===\n")
        print_state(emulator)
    return status


def write_demo_previews(repo: Path, folder: Path) -> Path:
    """The head commit's image previews, as `smartling-context preview` draws them (the
    HTML page's, which needs a browser, is left to `preview`)."""
    from smartling_context.manifest.validation import validate
    from smartling_context.preview.manifest import write_manifest_previews
    from smartling_context.strings.trees import WorkTree

    tree, target = WorkTree(repo), folder / "previews"
    target.mkdir(parents=True, exist_ok=True)
    manifest = validate(tree, DEMO_MANIFEST).manifest
    if manifest is not None:
        write_manifest_previews(manifest, tree, target)
    return target
