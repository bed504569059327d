"""Context coverage through the real entry point: the headline, each string without
context with its reason, the `require-context` gate (warn, fail, off) with annotations
on each string's own line, and context that may be stale.

A pull request adds five strings: three the form's boxes file binds, one whose text is
the same as a bound key's (ambiguous on the form), one no screenshot shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_run_action import Outcome, run_action

from gitrepo import GitRepo, screenshot

MANIFEST = """\
version: 1
strings:
  - files: "locales/en.json"
screenshots:
  - image: shots/form.png
    name: Signup form
    boxes: shots/form.boxes.json
"""
BASE_STRINGS = '{\n  "form": {\n    "cancel": "Cancel"\n  }\n}\n'
# Line numbers matter: the annotations must land on each key's own line.
HEAD_STRINGS = """\
{
  "form": {
    "cancel": "Cancel",
    "title": "Create your account",
    "email": "Email address",
    "save": "Save"
  },
  "dialog": {
    "save": "Save"
  },
  "help": {
    "faq": "Questions? Read the FAQ"
  }
}
"""
LINES = {"form.title": 4, "form.email": 5, "form.save": 6, "dialog.save": 9, "help.faq": 12}


def boxes(*keys: str) -> str:
    return json.dumps(
        {
            "version": 1,
            "boxes": [
                {"key": key, "top": 20 * i, "left": 5, "width": 100, "height": 18}
                for i, key in enumerate(keys)
            ],
        }
    )


def five_strings(tmp: Path) -> tuple[GitRepo, str, str]:
    repo = GitRepo(tmp / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "locales/en.json": BASE_STRINGS,
            "shots/form.png": screenshot("Cancel"),
            "shots/form.boxes.json": boxes("form.cancel"),
        }
    )
    head = repo.commit(
        {
            "locales/en.json": HEAD_STRINGS,
            "shots/form.png": screenshot(
                "Cancel", "Create your account", "Email address", "Save", shade=2
            ),
            "shots/form.boxes.json": boxes("form.cancel", "form.title", "form.email", "form.save"),
        }
    )
    return repo, base, head


def annotations(log: str, level: str) -> dict[str, tuple[str, str]]:
    """The annotations of one level: by key, (file, line)."""
    found = {}
    for match in re.finditer(
        rf"^::{level} file=([^,]*),line=(\d+),title=[^:]*::`([^`]+)`", log, re.M
    ):
        found[match[3]] = (match[1], match[2])
    return found


def test_the_comment_answers_how_many_strings_have_context_and_why_the_others_do_not(
    tmp_path, emulator, github
):
    repo, base, head = five_strings(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    assert run.comment.startswith(
        "### Smartling context for #1: Search results and booking screen\n"
    )
    assert "**3 of 5** strings this pull request adds or changes have visual context." in (
        run.comment
    )
    # form.cancel was in the base: bound because the screenshot shows it, counted apart.
    assert "1 more string was bound because a screenshot shows it." in run.comment
    assert (
        "- `dialog.save` (line 9): ambiguous on Signup form: another key bound there has the "
        "same text"
    ) in run.comment
    assert "- `help.faq` (line 12): no screenshot shows it" in run.comment
    assert "- No screenshot shows `help.faq`. Next: capture a screen that shows it" in run.comment
    assert (
        "- Ambiguous on Signup form (another key bound there has the same text): `dialog.save`. "
        "Next: bind it by key on that screenshot, or capture with markers"
    ) in run.comment
    assert run.outputs["context-coverage"] == "3/5"
    assert run.outputs["strings-without-context"] == "2"
    assert run.outputs["errors"] == "0"
    reasons = {g["key"]: g["reason"] for g in run.report["without_context"]}
    assert reasons == {"dialog.save": "ambiguous", "help.faq": "none"}
    assert annotations(run.log, "warning") == {
        "dialog.save": ("locales/en.json", "9"),
        "help.faq": ("locales/en.json", "12"),
    }
    assert not annotations(run.log, "error")
    summary = (tmp_path / "summary.md").read_text()
    assert run.comment.split("\n\n<!--")[0] in summary  # the same Markdown in the job summary


def test_require_context_fail_makes_each_string_without_context_an_error(
    tmp_path, emulator, github
):
    repo, base, head = five_strings(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head, require_context="fail")

    assert run.code == 1, run.log
    assert annotations(run.log, "error") == {
        "dialog.save": ("locales/en.json", "9"),
        "help.faq": ("locales/en.json", "12"),
    }
    assert run.outputs["errors"] == "2" and run.outputs["context-coverage"] == "3/5"
    assert "<summary>❌ Errors (2)</summary>" in run.comment
    assert run.comment.index("Errors (2)") < run.comment.index("Strings of this run")


def test_require_context_fail_with_fail_on_error_false_exits_0(tmp_path, emulator, github):
    repo, base, head = five_strings(tmp_path)

    run = run_action(
        tmp_path, emulator, github, repo, base, head, require_context="fail", fail_on_error="false"
    )

    assert run.code == 0, run.log
    assert run.outputs["errors"] == "2"


def test_require_context_off_annotates_and_lists_nothing_but_writes_the_outputs(
    tmp_path, emulator, github
):
    repo, base, head = five_strings(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head, require_context="off")

    assert run.code == 0, run.log
    assert not annotations(run.log, "warning") and not annotations(run.log, "error")
    assert "help.faq" not in run.comment.split("<details>")[0]
    assert "Strings without visual context" not in run.comment
    assert run.outputs["context-coverage"] == "3/5"
    assert run.outputs["strings-without-context"] == "2"


def test_a_wrong_require_context_stops_the_run_with_the_values_it_takes(tmp_path, emulator, github):
    repo, base, head = five_strings(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head, require_context="strict")

    assert run.code == 2
    assert "input `require-context` is 'strict'" in run.log
    assert "use off, warn (the default) or fail" in run.log


def test_changed_text_on_an_unchanged_screenshot_is_flagged_stale_never_failed(
    tmp_path, emulator, github
):
    repo, _, head = five_strings(tmp_path)
    changed = repo.commit({"locales/en.json": HEAD_STRINGS.replace("Email address", "Work email")})

    run = run_action(tmp_path, emulator, github, repo, head, changed, require_context="fail")

    assert run.code == 0, run.log
    assert "**1 of 1** strings this pull request adds or changes have visual context." in (
        run.comment
    )
    assert "- `form.email` in `locales/en.json` (line 5): Signup form" in run.comment
    assert "⚠️ Context may be stale (1)" in run.comment
    warning = re.search(
        r"^::warning file=locales/en.json,line=5,title=Context may be stale::(.*)$", run.log, re.M
    )
    assert warning, run.log
    assert "`form.email` changed but Signup form did not" in warning[1]
    assert run.report["stale"] == [
        {"file": "locales/en.json", "key": "form.email", "line": 5, "screenshots": ["Signup form"]}
    ]


def test_a_changed_text_whose_screenshot_changed_too_is_not_stale(tmp_path, emulator, github):
    repo, _, head = five_strings(tmp_path)
    changed = repo.commit(
        {
            "locales/en.json": HEAD_STRINGS.replace("Email address", "Work email"),
            "shots/form.png": screenshot("Cancel", "Create your account", "Work email", "Save"),
        }
    )

    run: Outcome = run_action(tmp_path, emulator, github, repo, head, changed)

    assert run.code == 0, run.log
    assert run.report["stale"] == []
    assert "stale" not in run.comment


def test_a_dry_run_counts_the_bindings_it_would_make(tmp_path, emulator, github):
    repo, base, head = five_strings(tmp_path)

    run = run_action(tmp_path, emulator, github, repo, base, head, dry_run="true")

    assert run.code == 0, run.log
    assert "**3 of 5** strings this pull request adds or changes will have visual context." in (
        run.comment
    )
    assert annotations(run.log, "warning").keys() == {"dialog.save", "help.faq"}
    assert not emulator.state.bindings


FORMATS = {
    "android": (
        "res/values/strings.xml",
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        '  <string name="app_name">Hotel</string>\n\n'
        '  <!-- Checkout -->\n  <string name="checkout_title">Checkout</string>\n</resources>\n',
        "checkout_title",
        6,
    ),
    "gettext": (
        "locale/en/messages.po",
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: checkout.py:3\nmsgctxt "checkout"\nmsgid "Pay now"\nmsgstr ""\n',
        None,
        7,
    ),
    "properties": (
        "src/main/resources/messages.properties",
        "# Checkout\napp.name=Hotel\n\ncheckout.pay = Pay now\n",
        "checkout.pay",
        4,
    ),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_warning_lands_on_the_key_s_own_line_in_each_format(name, tmp_path, emulator, github):
    path, content, key, line = FORMATS[name]
    repo = GitRepo(tmp_path / "workspace")
    manifest = f'version: 1\nstrings:\n  - files: "{path}"\n'
    base = repo.commit({".smartling/context.yml": manifest, "README.md": "app"})
    head = repo.commit({path: content})

    run = run_action(tmp_path, emulator, github, repo, base, head)

    assert run.code == 0, run.log
    found = re.findall(
        rf"^::warning file={re.escape(path)},line=(\d+),title=String without visual context::",
        run.log,
        re.M,
    )
    if key is not None:
        assert f"`{key}` has no visual context" in run.log
    assert str(line) in found, run.log
