"""The sticky comment: escaped pull-request text, the size limit, the marker."""

from __future__ import annotations

from smartling_context.run.markdown import marker, render
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
    # File names and keys go in code spans, where GitHub shows HTML as text.
    assert "`locales/<b>x</b>.json`" in body and body.count("<b>") == 3
    assert "@octocat" not in body and "@\u200doctocat" in body
    assert "[link](http" not in body
    assert body.count("\n| `key.") == 3  # a `|` in the text does not add table cells


def test_a_huge_run_is_cut_under_githubs_limit_with_a_count_of_what_was_left_out():
    body = render(big_report(5_000))

    assert len(body.encode("utf-16-le")) // 2 <= 65_000
    assert "more line(s) left out" in body
    assert body.rstrip().endswith(marker(".smartling/context.yml"))
    assert "| Strings created | 5000 |" in body
