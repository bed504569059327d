"""Manifest globs: what they match, and that no pattern costs more than linear-ish time."""

from __future__ import annotations

import pytest

from smartling_context.strings.globs import glob_match, glob_problem


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("locales/en/**/*.json", "locales/en/app.json", True),
        ("locales/en/**/*.json", "locales/en/a/b/app.json", True),
        ("locales/en/**/*.json", "locales/fr/app.json", False),
        ("**/*.json", "app.json", True),
        ("*.json", "a/app.json", False),
        ("./res/values/strings.xml", "res/values/strings.xml", True),
        ("a/**", "a/b/c.json", True),
        ("a/**/**/**/b.json", "a/b.json", True),
        ("**/x/**/y.json", "p/x/q/r/y.json", True),
        ("**/x/**/y.json", "p/q/r/y.json", False),
        ("a/[bc]?.txt", "a/cx.txt", True),
        ("a/[!bc]?.txt", "a/cx.txt", False),
        ("a/[a-c].txt", "a/b.txt", True),
        ("a/*b*c*d", "a/xbycd", True),
        ("a/*b*c*d", "a/xbydc", False),
        ("a/**.json", "a/b/c.json", False),  # `**` inside a name is a plain `*`
        ("a[", "a[", True),  # an unclosed bracket is itself
    ],
)
def test_what_a_glob_matches(pattern, path, matches):
    assert (glob_match(pattern, [path]) == [path]) is matches


def test_backtracking_patterns_answer_at_once():
    """Exponential in a backtracking matcher; linear-ish here (the suite would hang)."""
    deep = "/".join(["d"] * 500) + "/x.json"
    assert glob_match("/".join(["**"] * 40) + "/*.jsonx", [deep]) == []
    assert glob_match("*a" * 30 + "b", ["a" * 5000]) == []
    assert glob_match("**/a/" * 20 + "b", ["/".join(["a"] * 2000)]) == []


def test_a_backwards_range_is_a_problem_not_an_exception():
    assert glob_problem("[z-a].json") == "the range [z-a] is backwards; write [a-z]"
    assert glob_match("[z-a].json", ["z.json"]) == []
    assert glob_problem("locales/**/*.json") is None
