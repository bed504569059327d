"""The sticky comment of a 20-string pull request, rendered as GitHub renders it, fits on
one screen when collapsed; a 50,000-string run stays under GitHub's limit.

"As GitHub renders it": the comment's Markdown through markdown-it-py's GFM-like preset
(CommonMark, tables, autolinks, raw HTML for `<details>`), in Debian's Chromium at 940 px,
with CSS close to GitHub's comment styles (14 px system font, line height 1.5, GitHub's
margins for paragraphs, lists, tables and headings). The test measures the rendered body.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_run_action import run_action

from chromium import CHROMIUM, needs_browser
from gitrepo import GitRepo, screenshot
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.run.markdown import COMMENT_LIMIT, render
from smartling_context.run.report import ContextGap, RunReport, StringItem

playwright = pytest.importorskip("playwright.sync_api")

WIDTH, MAX_HEIGHT = 940, 900
GITHUB_CSS = """
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: 940px; padding: 16px; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial,
  sans-serif; font-size: 14px; line-height: 1.5; word-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0 !important; }
.markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body ol,
.markdown-body table, .markdown-body details { margin-top: 0; margin-bottom: 16px; }
.markdown-body h3 { margin-top: 24px; margin-bottom: 16px; font-weight: 600;
  line-height: 1.25; font-size: 1.25em; }
.markdown-body ul { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces;
  background-color: rgba(129,139,152,.12); border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto;
  border-spacing: 0; border-collapse: collapse; }
.markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body summary { display: list-item; cursor: pointer; }
.markdown-body a { color: #0969da; text-decoration: none; }
"""


def github_html(markdown: str) -> str:
    body = MarkdownIt("gfm-like").render(markdown)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{GITHUB_CSS}</style></head>"
        f"<body><div class='markdown-body'>{body}</div></body></html>"
    )


def rendered_height(markdown: str, png: Path) -> float:
    """The rendered comment's height in CSS pixels at 940 px, details collapsed."""
    args = [*LAUNCH_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": WIDTH, "height": 600})
        page.set_content(github_html(markdown))
        height: float = page.evaluate(
            "document.querySelector('.markdown-body').getBoundingClientRect().height"
        )
        assert page.evaluate("[...document.querySelectorAll('details')].every(d => !d.open)")
        page.screenshot(path=str(png), full_page=True)
        browser.close()
    return height


def twenty_string_pull_request(tmp: Path) -> tuple[GitRepo, str, str]:
    """20 new strings, 3 of them boxed on the screen; 26 existing strings boxed there too."""
    existing = {f"app.existing{i}": f"Existing label {i}" for i in range(26)}
    added = {f"checkout.field{i}": f"Checkout field number {i}" for i in range(20)}
    manifest = (
        "version: 1\nstrings:\n  - files: locales/en.json\nscreenshots:\n"
        "  - image: shots/checkout.png\n    name: Checkout\n    boxes: shots/checkout.boxes.json\n"
    )

    def boxes(keys: list[str]) -> str:
        return json.dumps(
            {
                "version": 1,
                "boxes": [
                    {"key": k, "top": 10 * i, "left": 5, "width": 100, "height": 9}
                    for i, k in enumerate(keys)
                ],
            }
        )

    repo = GitRepo(tmp / "workspace")
    base = repo.commit(
        {
            ".smartling/context.yml": manifest,
            "locales/en.json": json.dumps(existing, indent=2),
            "shots/checkout.png": screenshot(*existing.values()),
            "shots/checkout.boxes.json": boxes(list(existing)),
        }
    )
    head = repo.commit(
        {
            "locales/en.json": json.dumps({**existing, **added}, indent=2),
            "shots/checkout.png": screenshot(*existing.values(), "Checkout", shade=1),
            "shots/checkout.boxes.json": boxes([*existing, *list(added)[:3]]),
        }
    )
    return repo, base, head


@needs_browser
def test_the_comment_of_a_20_string_pull_request_is_one_screen_tall_collapsed(
    tmp_path, emulator, github
):
    repo, base, head = twenty_string_pull_request(tmp_path)
    run = run_action(tmp_path, emulator, github, repo, base, head)
    assert run.code == 0, run.log
    assert "**3 of 20** strings this pull request adds or changes have visual context." in (
        run.comment
    )
    assert "26 more strings were bound because a screenshot shows them." in run.comment

    png = tmp_path / "comment.png"
    height = rendered_height(run.comment, png)

    print(f"rendered comment: {height:.0f} px tall at {WIDTH} px (limit {MAX_HEIGHT}); {png}")
    assert height <= MAX_HEIGHT
    keep = os.environ.get("SMARTLING_CONTEXT_KEEP_RENDER")
    if keep:  # to look at it: SMARTLING_CONTEXT_KEEP_RENDER=/tmp/comment.png
        Path(keep).write_bytes(png.read_bytes())


def test_a_50000_string_run_is_cut_under_the_limit_with_counts_of_what_was_cut():
    report = RunReport("pull_request", ".smartling/context.yml", "a" * 40, "b" * 40, 7)
    report.title = "Add @everyone <b>bold</b> [x](http://evil)"
    report.strings = [
        StringItem(f"locales/f{i % 40}.json", f"key.{i}", f"Text {i}", "added", "created", line=i)
        for i in range(50_000)
    ]
    report.without_context = [
        ContextGap(s.file, s.key, s.line, "none", "no screenshot shows it", "capture it")
        for s in report.strings[:30_000]
    ]
    report.with_context = 20_000

    body = render(report)

    assert len(body.encode("utf-16-le")) // 2 <= COMMENT_LIMIT
    assert "**20000 of 50000** strings" in body
    assert body.startswith(
        "### Smartling context for #7: Add @\u200deveryone &lt;b&gt;bold&lt;/b&gt; "
        "\\[x\\]\\(http:\u200d//evil\\)\n"
    )
    cuts = [int(n) for n in re.findall(r"…and (\d+) more left out", body)]
    shown_gaps = len(re.findall(r"^- `key\.\d+`.*: no screenshot shows it$", body, re.M))
    shown_strings = body.count("\n| `key.")
    assert sum(cuts) == (30_000 - shown_gaps) + (50_000 - shown_strings)
    assert shown_gaps > 100 and shown_strings > 100  # each long section keeps a share
