"""Runs of the same pull request started together end with one context per screenshot
and one binding per (context, string), nothing lost, nothing a person made touched."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

import pytest

from conftest import make_client
from gitrepo import GitRepo, screenshot
from smartling_context.emulator import Emulator
from smartling_context.run.pipeline import Sync, SyncRequest
from smartling_context.run.progress import Silent
from smartling_context.run.report import RunInfo, RunReport
from smartling_context.smartling.models import Binding, BindingRequest, CreatedString, NewString

MANIFEST = ".smartling/context.yml"
TRIES = 10
KEYS = {"search": ["title", "hint", "go"], "nav": ["back", "next", "home"]}


def manifest() -> str:
    lines = ["version: 1", "strings:", '  - files: "locales/en.json"', "screenshots:"]
    for name, keys in KEYS.items():
        lines += [f"  - image: shots/{name}.png", f"    name: {name.title()}", "    strings:"]
        for i, key in enumerate(keys):
            lines += [
                f"      - key: {name}.{key}",
                f"        coordinates: {{top: {20 * i}, left: 5, width: 100, height: 18}}",
            ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    repo = GitRepo(tmp_path_factory.mktemp("races") / "workspace")
    base = repo.commit({"locales/en.json": "{}"})
    strings = {name: {key: f"{name} {key}" for key in keys} for name, keys in KEYS.items()}
    files: dict[str, str | bytes | None] = {
        MANIFEST: manifest(),
        "locales/en.json": json.dumps(strings),
    }
    for name, keys in KEYS.items():
        files[f"shots/{name}.png"] = screenshot(*(f"{name} {key}" for key in keys))
    head = repo.commit(files)
    return repo.path, base, head


def sync_at_once(emulator: Emulator, pull_request: tuple[Path, str, str], runs: int) -> list:
    path, base, head = pull_request
    start = threading.Barrier(runs)
    reports: list[RunReport | BaseException] = [RuntimeError("not run")] * runs

    def one(index: int) -> None:
        client = make_client(emulator)
        sync = Sync(SyncRequest(path, MANIFEST, head, base), RunInfo("race", MANIFEST), Silent())
        start.wait()
        try:
            reports[index] = sync.run(client)
        except BaseException as error:
            reports[index] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return reports


def person_made(emulator: Emulator) -> tuple[str, str]:
    """A context a person uploaded, named like a screenshot but without a fingerprint,
    and a binding on it: no run may touch either. Returns their uids."""
    client = make_client(emulator)
    client.authenticate()
    context = client.upload_context("Search", screenshot("Welcome"), "search.png", "image/png")
    created = client.create_strings([NewString("Welcome")]).outcomes
    (string,) = created.values()
    assert isinstance(string, CreatedString)
    bound = client.create_bindings([BindingRequest(context.uid, string.hashcode)])
    (binding,) = bound.values()
    assert isinstance(binding, Binding)
    return context.uid, binding.uid


@pytest.mark.parametrize("runs", [2, 3, 5])
def test_runs_started_together_converge(pull_request, runs):
    raced = 0  # tries where the runs did upload a screenshot twice (the race is real)
    for attempt in range(TRIES):
        with Emulator() as emulator:
            emulator.faults.latency = 0.01 + 0.005 * (attempt % 3)
            person_context, person_binding = person_made(emulator)
            reports = sync_at_once(emulator, pull_request, runs)
            emulator.faults.latency = 0.0
            state = emulator.state
            raced += state.request_counts()["POST upload context"] > 1 + len(KEYS)

            failures = [r for r in reports if not isinstance(r, RunReport) or r.error_count()]
            assert not failures, [
                [i for i in (*r.screenshots, *r.bindings) if i.error]
                if isinstance(r, RunReport)
                else r
                for r in failures
            ]
            names = Counter(c["name"] for c in state.contexts.values())
            screenshots = [n for n in names if n != "Search"]
            assert sorted(n.split(" #")[0] for n in screenshots) == ["Nav", "Search"]
            assert all(names[n] == 1 for n in screenshots), (runs, attempt, names)
            assert person_context in state.contexts  # what a person made stays
            assert person_binding in state.bindings
            person_kept = state.bindings.pop(person_binding)
            pairs = Counter((b["contextUid"], b["stringHashcode"]) for b in state.bindings.values())
            assert all(n == 1 for n in pairs.values()), (runs, attempt, pairs)
            texts = {
                (state.contexts[c]["name"].split(" #")[0], state.strings[h]["parsedStringText"])
                for c, h in pairs
            }
            wanted = {(n.title(), f"{n} {k}") for n, keys in KEYS.items() for k in keys}
            assert texts == wanted, (runs, attempt)  # no binding lost, none on a lost context
            state.bindings[person_binding] = person_kept
            (rerun,) = sync_at_once(emulator, pull_request, 1)  # then a rerun changes nothing
            assert isinstance(rerun, RunReport) and not rerun.error_count()
            assert rerun.outputs()["contexts-uploaded"] == "0"
            assert rerun.outputs()["bindings-created"] == "0", (runs, attempt)
            del state.bindings[person_binding]
            for binding in state.bindings.values():
                text = state.strings[binding["stringHashcode"]]["parsedStringText"]
                key = text.split(" ")[1]
                top = 20 * KEYS[text.split(" ")[0]].index(key)
                assert binding["coordinates"]["top"] == top  # each box where the manifest says
    assert raced, "no try raced: the test proves nothing"
