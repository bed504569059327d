"""The run as Markdown: the sticky PR comment and the job summary.

Text from the pull request (keys, strings, file names) is escaped so it can
neither inject markup nor mention anyone, and the comment is cut to stay
under GitHub's 65,536-character limit, saying how much was left out.
"""

from __future__ import annotations

import html
import re

from smartling_context.run.record import PENDING_HINT
from smartling_context.run.report import RunReport, StringItem

COMMENT_LIMIT = 65_000  # GitHub's limit is 65,536; keep a margin (UTF-16 units)
MARKER_PREFIX = "<!-- smartling-context-action"
_JOINER = "\u200d"  # zero width: breaks mentions and autolinks, invisible


def marker(manifest: str) -> str:
    """The hidden marker that finds this manifest's sticky comment again."""
    return f"{MARKER_PREFIX} manifest={escape(manifest)} -->"


def escape(text: str) -> str:
    """Neutralise Markdown, HTML, links and @mentions in text from a pull request.

    Punctuation that Markdown reads is backslash-escaped and `<`, `&` become
    entities; a zero-width joiner after `@`, after the `:` of `://` and after
    `www` keeps the text readable but mentions nobody and autolinks nothing.
    """
    text = html.escape(text, quote=False).replace("\n", " ").replace("\r", " ")
    text = re.sub(r"([\\`*_{}\[\]()#+!|~>])", r"\\\1", text)
    text = re.sub(r"(?i)(:)(?=//)|(www)(?=\.)", lambda m: m.group(0) + _JOINER, text)
    return text.replace("@", "@" + _JOINER)


def short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def render(report: RunReport, *, limit: int = COMMENT_LIMIT) -> str:
    """The whole comment (marker included), cut to `limit` UTF-16 units."""
    head = _header(report)
    sections = _detail_lines(report)
    tail = f"\n\n{marker(report.manifest)}"
    body = head
    budget = limit - _utf16_length(head) - _utf16_length(tail) - 200
    left_out = 0
    lines_out: list[str] = []
    for index, line in enumerate(sections):
        cost = _utf16_length(line) + 1
        if cost > budget:
            left_out = sum(
                1 for rest in sections[index:] if rest.startswith("| ") or rest.startswith("- ")
            )
            break
        budget -= cost
        lines_out.append(line)
    if lines_out:
        body += "\n\n<details><summary>Details</summary>\n\n" + "\n".join(lines_out)
        if left_out:
            body += (
                f"\n\n*…and {left_out} more line(s) left out to stay under GitHub's "
                "comment size limit; the JSON report has them all.*"
            )
        body += "\n\n</details>"
    return body + tail


def _header(report: RunReport) -> str:
    outputs = report.outputs()
    title = "### Smartling context"
    if report.dry_run:
        title += " (dry run: nothing was written to Smartling)"
    lines = [title, ""]
    lines += [f"> {escape(n)}" for n in report.notices]
    if report.notices:
        lines.append("")
    if report.base and report.head:
        lines.append(f"Range `{report.base[:12]}..{report.head[:12]}` · event `{report.event}`")
    elif report.head:
        lines.append(f"Full sync at `{report.head[:12]}` · event `{report.event}`")
    lines.append("")
    verb = "to create" if report.dry_run else "created"
    planned = report.count(report.strings, "planned")
    lines += [
        "| | |",
        "|---|---|",
        f"| Strings {verb} | {planned if report.dry_run else outputs['strings-created']} |",
        f"| Strings overwritten | {outputs['strings-overwritten']} |",
        f"| Words | {report.words} |",
        f"| Contexts uploaded / reused | {outputs['contexts-uploaded']} / "
        f"{outputs['contexts-reused']}"
        + (f" ({report.count(report.screenshots, 'planned')} planned)" if report.dry_run else "")
        + " |",
        f"| Bindings explicit / OCR | {report.count(report.bindings, 'created', 'explicit')} / "
        f"{report.count(report.bindings, 'created', 'ocr')} |",
        *_lookup_rows(report),
        f"| Strings with live context (HTML page) | {report.live_context} |",
        f"| Strings without context (no screenshot shows them) | {len(report.without_context)} |",
        f"| Keys removed (kept in Smartling) | {len(report.removed)} |",
        f"| Errors | {outputs['errors']} |",
    ]
    if report.run_url:
        lines += ["", f"[Run log]({report.run_url})"]
    return "\n".join(lines)


def _error_rows(report: RunReport) -> list[list[str]]:
    """One row per error: the run's and the manifest's, then each failed item."""
    errors = [
        [
            escape(e.node or e.kind),
            code(f"{e.file}:{e.line}" if e.file and e.line else e.file),
            escape(short(e.message, 300)),
        ]
        for e in report.errors
    ]
    errors += [
        [f"string {code(i.key)}", code(i.file), escape(short(i.error or "", 300))]
        for i in report.strings
        if i.status == "failed"
    ]
    errors += [
        [f"screenshot {escape(i.name)}", code(i.image), escape(short(i.error or "", 300))]
        for i in report.screenshots
        if i.status == "failed"
    ]
    errors += [
        [
            f"binding {code(i.key)} on {code(i.image)}",
            code(i.file),
            escape(short(i.error or "", 300)),
        ]
        for i in report.bindings
        if i.status == "failed"
    ]
    return errors


def _detail_lines(report: RunReport) -> list[str]:
    lines = _table("Errors", ["Item", "File", "Error"], _error_rows(report))
    lines += _table(
        "Strings",
        ["Key", "File", "Text", "Change", "Result"],
        [
            [code(s.key), code(s.file), escape(short(s.text)), s.change, _string_result(s)]
            for s in report.strings
        ],
    )
    lines += _table(
        "Screenshots",
        ["Name", "Image", "Why", "Boxes", "Result"],
        [
            [
                escape(s.name),
                code(s.image),
                s.reason + (" (read from the workspace)" if s.from_workspace else ""),
                str(s.boxes),
                s.status,
            ]
            for s in report.screenshots
        ],
    )
    lines += _table(
        "Bindings",
        ["Key", "Image", "Kind", "Result"],
        [[code(b.key), code(b.image), b.kind, b.status] for b in report.bindings],
    )
    lines += _pending_lines(report)
    if report.without_context:
        lines += ["#### Strings without context (no screenshot shows them)", ""]
        lines += [f"- {code(w['key'])} in {code(w['file'])}" for w in report.without_context]
        lines.append("")
    if report.removed:
        lines += ["#### Keys removed (not deleted in Smartling)", ""]
        lines += [f"- {code(r['key'])} in {code(r['file'])}" for r in report.removed]
    return lines


def _lookup_rows(report: RunReport) -> list[str]:
    """Counts of strings found by file URI, when the run looks any up."""
    if not any(s.file_uri for s in report.strings):
        return []
    if report.dry_run:
        looked_up = sum(1 for s in report.strings if s.file_uri)
        return [f"| Strings to look up by file URI | {looked_up} |"]
    outputs = report.outputs()
    return [
        f"| Strings found in Smartling (file URI) | {outputs['strings-found']} |",
        f"| Strings pending (not in Smartling yet) | {outputs['strings-pending']} |",
    ]


def _string_result(item: StringItem) -> str:
    if item.status == "found":
        return f"found by {item.found_by} in {code(item.file_uri)}"
    if item.status == "planned" and item.file_uri:
        return f"look up in {code(item.file_uri)}"
    if item.status == "pending":
        return f"pending in {code(item.file_uri)}"
    return item.status


def _pending_lines(report: RunReport) -> list[str]:
    """Strings not in Smartling yet: one line per unknown file URI, one per other key."""
    unknown = set(report.unknown_file_uris)
    pending = [s for s in report.strings if s.status == "pending"]
    if not pending:
        return []
    lines = ["#### Pending: not in Smartling yet (this does not fail the run)", ""]
    for uri in report.unknown_file_uris:
        count = sum(1 for s in pending if s.file_uri == uri)
        lines.append(
            f"- Smartling knows no file {code(uri)} yet ({count} string(s)): {PENDING_HINT}"
        )
    lines += [
        f"- {code(s.key)} ({code(s.file)}) is not in {code(s.file_uri)} yet: {PENDING_HINT}"
        for s in pending
        if s.file_uri not in unknown
    ]
    return [*lines, ""]


def _table(title: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    """A titled Markdown table, or nothing when there are no rows."""
    if not rows:
        return []
    return [
        f"#### {title}",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def code(text: str | None) -> str:
    """An inline code span no backtick in the text can break out of (CommonMark).

    The fence is one backtick longer than the longest run inside; a space pads
    the text when it starts or ends with a backtick (or with a space, which
    CommonMark would strip). A `|` would end a table cell even in code: it
    becomes a lookalike.
    """
    if not text:
        return ""
    clean = short(text.replace("\n", " ").replace("\r", " ").replace("|", "\u2223"), 120)
    longest = max((len(run) for run in re.findall(r"`+", clean)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if clean[0] in "` " or clean[-1] in "` " else ""
    return f"{fence}{pad}{clean}{pad}{fence}"


def previews_section(files: list[str]) -> str:
    """The job summary's list of preview PNGs, and how a later step keeps them."""
    names = ", ".join(code(name) for name in files)
    return (
        f"#### Previews\n\n{len(files)} PNG(s) of the run's screenshots with every binding's "
        f"box and key drawn on them: {names}. Keep them with `actions/upload-artifact` "
        "(path `${{ runner.temp }}/smartling-context-previews`; the README shows the step)."
    )
