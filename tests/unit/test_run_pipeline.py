"""The run in-process: file-URI templates, no thread outlives a run, and a report
after a run that stopped midway."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from conftest import make_client
from gitrepo import GitRepo, screenshot
from smartling_context.emulator import Emulator
from smartling_context.errors import CannotStart
from smartling_context.run.lookup import expand_file_uri
from smartling_context.run.pipeline import ManifestProblems, Sync, SyncRequest
from smartling_context.run.progress import Silent
from smartling_context.run.report import RunInfo

MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
screenshots:
  - image: shots/a.png
    strings:
      - key: a
"""


def test_file_uri_templates_fill_path_name_and_branch():
    assert expand_file_uri("{branch}/{path}", "res/values/strings.xml", "feature/x") == (
        "feature/x/res/values/strings.xml"
    )
    assert expand_file_uri("/files/{name}", "locales/en/app.json", None) == "/files/app.json"


def test_a_path_or_branch_holding_a_placeholder_is_taken_as_it_is():
    assert expand_file_uri("{branch}/{path}", "odd/{name}.json", "fix/{path}") == (
        "fix/{path}/odd/{name}.json"
    )


@pytest.fixture
def repo(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    base = repo.commit({".smartling/context.yml": MANIFEST, "locales/en.json": '{"a": "A"}'})
    repo.write({"shots/a.png": screenshot("A")})
    head = repo.commit({"locales/en.json": '{"a": "A!", "b": "B"}'})
    return repo, base, head


def sync(repo, base, head) -> Sync:
    request = SyncRequest(repo.path, ".smartling/context.yml", head, base)
    return Sync(request, RunInfo("test", ".smartling/context.yml", base, head), Silent())


def test_a_run_leaves_no_thread_behind_and_reports_every_item(repo, emulator):
    before = set(threading.enumerate())

    report = sync(*repo).run(make_client(emulator))

    left = set(threading.enumerate()) - before
    # The emulator's own threads serve keep-alive connections; none of the run's remain.
    assert [t.name for t in left if "process_request_thread" not in t.name] == []
    assert {s.key: s.status for s in report.strings} == {"a": "created", "b": "created"}
    assert [b.status for b in report.bindings] == ["created"]


def test_after_smartling_refuses_the_project_the_report_still_holds_the_run(repo):
    with Emulator(projects={"other1234"}) as emulator:
        run = sync(*repo)
        with pytest.raises(CannotStart, match="project-id"):
            run.run(make_client(emulator))

    report = run.report()
    assert [e.kind for e in report.errors] == ["run"]
    assert {s.key for s in report.strings} == {"a", "b"}
    assert all(s.status in ("failed", "not done") for s in report.strings)


def test_manifest_problems_carry_every_problem_and_the_report_lists_them(repo, emulator):
    repository, base, _ = repo
    head = repository.commit({".smartling/context.yml": MANIFEST + "  - image: nope.png\n"})
    run = sync(repository, base, head)

    with pytest.raises(ManifestProblems) as raised:
        run.run(make_client(emulator))

    assert [p.node for p in raised.value.problems] == ["screenshots[1].image"]
    assert emulator.state.requests == []
    assert [e.kind for e in run.report().errors] == ["manifest"]


class TokenDuringPlan(Silent):
    """Progress that notes, at the end of the diff and plan, whether Smartling has
    issued the run's token yet (waiting up to 10 s for it)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.seen: bool | None = None

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        yield
        if title == "Find the changed strings":
            deadline = time.monotonic() + 10
            while not self.emulator.state.tokens and time.monotonic() < deadline:
                time.sleep(0.01)
            self.seen = bool(self.emulator.state.tokens)


def test_authentication_overlaps_the_diff_and_the_plan(repo, emulator):
    """The token is fetched while the run diffs and plans (after the manifest proved
    valid), not after: its round trip is off the run's critical path."""
    repository, base, head = repo
    progress = TokenDuringPlan(emulator)
    request = SyncRequest(repository.path, ".smartling/context.yml", head, base)
    Sync(request, RunInfo("test", ".smartling/context.yml", base, head), progress).run(
        make_client(emulator)
    )

    assert progress.seen is True
    assert emulator.state.request_counts()["POST authenticate"] == 1


def test_a_pair_another_run_bound_after_this_run_uploaded_is_not_bound_twice(repo, emulator):
    """Two runs of one pull request at once: the other run found this run's fresh
    context and bound the string first; the re-check right before binding sees it."""
    box = {"top": 0, "left": 0, "width": 0, "height": 0}
    emulator.faults.latency = 0.3  # wide windows between this run's calls
    run = threading.Thread(target=sync(*repo).run, args=(make_client(emulator),))
    run.start()
    state = emulator.state
    while run.is_alive() and not state.contexts:
        time.sleep(0.005)
    with state.lock:  # the other run binds "A!" on the context just uploaded
        (context,) = state.contexts
        code = next(h for h, s in state.strings.items() if s["parsedStringText"] == "A!")
        state.add_binding(context, code, box)
    run.join()

    pairs = [(b["contextUid"], b["stringHashcode"]) for b in state.bindings.values()]
    assert pairs == [(context, code)]
