"""The sticky comment: escaped pull-request text, the size limit, the marker."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from smartling_context.run.markdown import code, escape, marker, render
from smartling_context.run.report import RunReport, StringItem


def big_report(count: int) -> RunReport:
    report = RunReport(
        event="pull_request",
        manifest=".smartling/context.yml",
        base="a" * 40,
        head="b" * 40,
        pull_request=3,
    )
    report.strings = [
        StringItem(
            "locales/<b>x</b>.json",
            f"key.{i}",
            f"Hi @octocat <script>alert({i})</script> [link](http://evil) | pipe " + "é" * 40,
            "added",
            "created",
            "f" * 32,
        )
        for i in range(count)
    ]
    return report


def test_text_from_the_pull_request_cannot_inject_markup_or_mention_anyone():
    body = render(big_report(3))

    assert "<script>" not in body
    # File names and keys go in code spans, where GitHub shows HTML as text; the
    # strings are grouped by file, so the path is written once.
    assert "`locales/<b>x</b>.json`" in body and body.count("<b>") == 1
    assert "@octocat" not in body and "@\u200doctocat" in body
    assert "[link](http" not in body
    assert body.count("\n| `key.") == 3  # a `|` in the text does not add table cells


def test_a_huge_run_is_cut_under_githubs_limit_with_a_count_of_what_was_left_out():
    body = render(big_report(5_000))

    assert len(body.encode("utf-16-le")) // 2 <= 65_000
    assert re.search(r"…and \d+ more left out to stay under GitHub's comment size limit", body)
    assert body.rstrip().endswith(marker(".smartling/context.yml"))
    assert "| Strings created | 5000 |" in body


HOSTILE = [
    "x``y @team/all``",
    "`start",
    "end`",
    "``` @a ````b",
    "[link](http://evil.example/x) ![img](http://evil.example/i.png)",
    "<img src=x onerror=alert(1)> <a href='http://evil.example'>a</a> &lt;b&gt;",
    "see http://evil.example www.evil.example mail@evil.example @octocat!",
    "@team/all|@octo\n@next",
]


def _tokens(markdown: str) -> list[Token]:
    """Every token a GitHub-like CommonMark renderer (tables, autolinks) produces."""
    parser = MarkdownIt("gfm-like")
    flat: list[Token] = []
    for token in parser.parse(markdown):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def _report_with_key(key: str) -> RunReport:
    report = big_report(0)
    report.strings = [StringItem("locales/en.json", key, "Hi", "added", "created", "f" * 32)]
    return report


@pytest.mark.parametrize("key", HOSTILE)
def test_a_key_renders_entirely_inside_one_code_element_of_the_comment(key):
    tokens = _tokens(render(_report_with_key(key)))

    row = [t for t in tokens if t.type == "code_inline" and "Hi" not in t.content]
    keys = [t.content for t in row if t.content != "locales/en.json"]
    shown = key.replace("\n", " ").replace("|", "\u2223")
    assert shown in keys  # the whole key, in one <code>
    outside = " ".join(t.content for t in tokens if t.type == "text")
    assert not re.search(r"(?<!\w)@\w", outside), outside
    assert not [t for t in tokens if t.type in ("link_open", "image", "html_inline")]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_no_link_image_html_or_mention(text):
    tokens = _tokens(f"| a |\n|---|\n| {escape(text)} |\n\n{escape(text)}\n")

    assert not [t for t in tokens if t.type in ("link_open", "image", "html_inline", "html_block")]
    shown = " ".join(t.content for t in tokens if t.type in ("text", "code_inline"))
    assert not re.search(r"(?<!\w)@\w", shown), shown


def test_code_spans_follow_commonmark_fences():
    assert code("plain") == "`plain`"
    assert code("a`b") == "``a`b``"
    assert code("`a") == "`` `a ``"
    assert code("x``y @team/all``") == "``` x``y @team/all`` ```"


@pytest.mark.parametrize(
    ("event", "pull_request", "subject"),
    [
        ("pull_request", 3, "this pull request adds or changes"),
        ("push", None, "this push adds or changes"),
        ("workflow_dispatch", None, "this range adds or changes"),
        ("terminal", None, "this range adds or changes"),  # `smartling-context sync`
    ],
)
def test_the_headline_names_what_the_run_synced(event, pull_request, subject):
    report = _report_with_key("a.b")
    report.event, report.pull_request = event, pull_request
    assert f"{subject} no strings" in render(report).lower()
