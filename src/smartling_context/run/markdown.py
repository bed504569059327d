"""The run as Markdown: the sticky PR comment and the job summary.

Text from the pull request (keys, strings, file names) is escaped so it can
neither inject markup nor mention anyone, and the comment is cut to stay
under GitHub's 65,536-character limit, saying how much was left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from smartling_context.run.record import PENDING_HINT
from smartling_context.run.report import RunReport, StringItem, listed

T = TypeVar("T")
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


@dataclass
class _Section:
    """A collapsed part of the comment: its summary (plain text we wrote) and its lines,
    each marked when it is one item (a string, a screenshot, an error) that can be cut."""

    summary: str
    lines: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, line: str, item: bool = False) -> None:
        self.lines.append((line, item))


def render(report: RunReport, *, limit: int = COMMENT_LIMIT) -> str:
    """The whole comment (marker included), cut to `limit` UTF-16 units.

    One screen when collapsed: the pull request, the headline, what to do about the
    strings without context, then collapsed sections (errors first), then the range.
    A section that does not fit keeps its first lines and says how many it left out.
    """
    head, foot = _header(report), _footer(report)
    tail = f"\n\n{marker(report.manifest)}"
    sections = [s for s in _sections(report) if s.lines]
    budget = limit - _utf16_length(head + foot + tail) - 2
    budget -= sum(_utf16_length(_open(s)) + len(_CLOSE) + _CUT_ROOM for s in sections)
    parts = [head]
    for index, section in enumerate(sections):
        share = budget // (len(sections) - index)  # what one section leaves unused, the next get
        kept: list[str] = []
        left_out = 0
        for line, item in section.lines:
            cost = _utf16_length(line) + 1
            if left_out or cost > share:
                left_out += item
                continue
            share -= cost
            budget -= cost
            kept.append(line)
        text = _open(section) + "\n".join(kept)
        if left_out:
            text += (
                f"\n\n*…and {left_out} more left out to stay under GitHub's comment size "
                "limit; the JSON report has them all.*"
            )
        parts.append(text + _CLOSE)
    return "\n\n".join(parts) + foot + tail


_CLOSE = "\n\n</details>"
_CUT_ROOM = 160  # the "…and N more left out" note


def _open(section: _Section) -> str:
    return f"<details><summary>{html.escape(section.summary)}</summary>\n\n"


def _subject(report: RunReport) -> str:
    if report.pull_request is not None:
        return "this pull request adds or changes"
    if report.base is None:
        return "the manifest names"
    return f"this {'push' if report.event == 'push' else 'range'} adds or changes"


def _header(report: RunReport) -> str:
    title = "### Smartling context"
    if report.pull_request is not None:
        title += f" for #{report.pull_request}"
        if report.title:
            title += f": {escape(short(report.title, 100))}"
    lines = [title]
    if report.dry_run:
        lines.append("**Dry run**: nothing was written to Smartling.")
    lines += [f"> {escape(n)}" for n in report.notices]
    lines.append("")
    with_context, total = report.coverage
    verb = "will have" if report.dry_run else "have"
    if total:
        headline = (
            f"**{with_context} of {total}** strings {_subject(report)} {verb} visual context."
        )
    else:
        headline = _subject(report).capitalize().replace("names", "names no strings")
        headline = headline.replace("adds or changes", "adds or changes no strings") + "."
    if report.bound_by_screenshot:
        more = report.bound_by_screenshot
        headline += f" {_plural(more, 'more string')} {'was' if more == 1 else 'were'} bound"
        headline += f" because a screenshot shows {'it' if more == 1 else 'them'}."
    lines.append(headline)
    lines += _status_line(report)
    if report.require_context != "off":
        lines += _gap_summary(report)
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _status_line(report: RunReport) -> list[str]:
    parts = []
    errors = report.error_count()
    if errors:
        parts.append(f"❌ {errors} error(s), listed first below")
    pending = report.count(report.strings, "pending")
    if pending:
        parts.append(f"⏳ {pending} pending in Smartling (not counted)")
    if report.stale:
        parts.append(f"⚠️ {len(report.stale)} string(s) whose context may be stale")
    return ["", " · ".join(parts)] if parts else []


_REASONS = {  # the headline's line per reason, {screens} escaped screenshot names
    "none": "No screenshot shows {keys}",
    "ambiguous": "Ambiguous on {screens} (another key bound there has the same text): {keys}",
    "ocr": "Smartling's OCR found no match on {screens} for {keys}",
    "failed": "The binding failed on {screens} for {keys}",
}


def _gap_summary(report: RunReport) -> list[str]:
    """The strings without context, one line per reason: which, where, what to do."""
    pending = [s for s in report.strings if s.status == "pending"]
    if not report.without_context and not pending:
        return []
    lines = [""]
    for reason, template in _REASONS.items():
        gaps = [g for g in report.without_context if g.reason == reason]
        if not gaps:
            continue
        names = sorted({name for g in gaps for name in g.screenshots})
        screens = listed([escape(short(n, 40)) for n in names], 3)
        keys = listed([code(short(g.key, 40)) for g in gaps], 3)
        keys += f" ({len(gaps)})" if len(gaps) > 3 else ""
        line = template.format(keys=keys, screens=screens)
        lines.append(f"- {line}. Next: {gaps[0].fix}.")
    if pending:
        uris = sorted({s.file_uri or "" for s in pending})
        where = listed([code(u) for u in uris], 2)
        lines.append(
            f"- {_plural(len(pending), 'string')} pending in Smartling ({where}), not counted. "
            "Next: once the file is uploaded, comment `/smartling` to bind them."
        )
    return lines


def _footer(report: RunReport) -> str:
    parts = []
    if report.base and report.head:
        parts.append(f"Range `{report.base[:7]}..{report.head[:7]}`")
    elif report.head:
        parts.append(f"Full sync at `{report.head[:7]}`")
    if report.run_url:
        parts.append(f"[run log]({report.run_url})")
    return "\n\n" + " · ".join(parts) if parts else ""


def _sections(report: RunReport) -> list[_Section]:
    return [
        _errors(report),
        _gaps(report) if report.require_context != "off" else _Section(""),
        _stale(report),
        _strings_by_file(report),
        _screenshots(report),
        _pending(report),
        _removed(report),
        _counts(report),
    ]


def _errors(report: RunReport) -> _Section:
    rows = _error_rows(report)
    section = _Section(f"❌ Errors ({len(rows)})")
    if rows:
        section.add("| Item | File | Error |")
        section.add("|---|---|---|")
        for row in rows:
            section.add("| " + " | ".join(row) + " |", item=True)
    return section


def _by_file(items: list[T], file: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(file(item), []).append(item)
    return grouped


def _line(line: int) -> str:
    return f" (line {line})" if line else ""


def _gaps(report: RunReport) -> _Section:
    gaps = report.without_context
    section = _Section(f"Strings without visual context ({len(gaps)}), by file")
    for file, items in _by_file(gaps, lambda g: g.file).items():
        section.add(f"**{code(file)}**")
        section.add("")
        for gap in items:
            section.add(f"- {code(gap.key)}{_line(gap.line)}: {escape(gap.why)}", item=True)
        section.add("")
    return section


def _stale(report: RunReport) -> _Section:
    section = _Section(f"⚠️ Context may be stale ({len(report.stale)})")
    if report.stale:
        section.add("The text changed but the screenshot did not: capture the screen again.")
        section.add("")
    for stale in report.stale:
        shots = ", ".join(escape(n) for n in stale.screenshots)
        section.add(
            f"- {code(stale.key)} in {code(stale.file)}{_line(stale.line)}: {shots}", item=True
        )
    return section


def _strings_by_file(report: RunReport) -> _Section:
    own = [s for s in report.strings if s.change != "bound"]
    section = _Section(f"Strings of this run ({len(own)}), by file")
    for file, items in _by_file(own, lambda s: s.file).items():
        section.add(f"**{code(file)}** ({len(items)})")
        section.add("")
        section.add("| Key | Text | Change | Result |")
        section.add("|---|---|---|---|")
        for s in items:
            row = [code(s.key), escape(short(s.text)), s.change, _string_result(s)]
            section.add("| " + " | ".join(row) + " |", item=True)
        section.add("")
    return section


def _screenshots(report: RunReport) -> _Section:
    section = _Section(f"Screenshots ({len(report.screenshots)}) and the keys each binds")
    bindings = _by_file(report.bindings, lambda b: b.image)
    for shot in report.screenshots:
        why = shot.reason + (") (read from the workspace" if shot.from_workspace else "")
        keys = [b for b in bindings.get(shot.image, []) if b.status != "failed"]
        named = ", ".join(code(b.key) for b in keys if b.file is not None)
        how = "by anchor" if shot.image.endswith(".html") else f"{shot.boxes} with a box"
        section.add(
            f"- **{escape(shot.name)}** {code(shot.image)}: {shot.status} ({why}); "
            f"{len(keys)} binding(s), {how}" + (f": {named}" if named else ""),
            item=True,
        )
    return section


def _pending(report: RunReport) -> _Section:
    pending = [s for s in report.strings if s.status == "pending"]
    section = _Section(f"⏳ Pending: not in Smartling yet ({len(pending)})")
    if not pending:
        return section
    unknown = set(report.unknown_file_uris)
    for uri in report.unknown_file_uris:
        count = sum(1 for s in pending if s.file_uri == uri)
        section.add(
            f"- Smartling knows no file {code(uri)} yet ({count} string(s)): {PENDING_HINT}",
            item=True,
        )
    for s in pending:
        if s.file_uri not in unknown:
            section.add(
                f"- {code(s.key)} ({code(s.file)}) is not in {code(s.file_uri)} yet: "
                f"{PENDING_HINT}",
                item=True,
            )
    return section


def _removed(report: RunReport) -> _Section:
    section = _Section(f"Keys removed ({len(report.removed)}; not deleted in Smartling)")
    for file, items in _by_file(report.removed, lambda r: r["file"]).items():
        keys = ", ".join(code(r["key"]) for r in items)
        section.add(f"- {code(file)}: {keys}", item=True)
    return section


def _counts(report: RunReport) -> _Section:
    outputs = report.outputs()
    verb = "to create" if report.dry_run else "created"
    planned = report.count(report.strings, "planned")
    section = _Section("Counts")
    rows = [
        ("What", "Count"),
        ("---", "---"),
        (f"Strings {verb}", str(planned) if report.dry_run else outputs["strings-created"]),
        ("Strings overwritten", outputs["strings-overwritten"]),
        ("Words", str(report.words)),
        (
            "Contexts uploaded / reused",
            f"{outputs['contexts-uploaded']} / {outputs['contexts-reused']}"
            + (
                f" ({report.count(report.screenshots, 'planned')} planned)"
                if report.dry_run
                else ""
            ),
        ),
        (
            "Bindings explicit / OCR",
            f"{report.count(report.bindings, 'created', 'explicit')} / "
            f"{report.count(report.bindings, 'created', 'ocr')}",
        ),
        *_lookup_rows(report),
        ("Strings with live context (HTML page)", str(report.live_context)),
        ("Context coverage", outputs["context-coverage"]),
        ("Strings without context", outputs["strings-without-context"]),
        ("Keys removed (kept in Smartling)", str(len(report.removed))),
        ("Errors", outputs["errors"]),
    ]
    for name, value in rows:
        section.add(f"| {name} | {value} |")
    return section


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
    if report.require_context == "fail":
        errors += [
            [
                f"string {code(g.key)}",
                code(f"{g.file}:{g.line}" if g.line else g.file),
                f"no visual context ({escape(g.why)}; `require-context: fail`)",
            ]
            for g in report.without_context
        ]
    return errors


def _lookup_rows(report: RunReport) -> list[tuple[str, str]]:
    """Counts of strings found by file URI, when the run looks any up."""
    if not any(s.file_uri for s in report.strings):
        return []
    if report.dry_run:
        return [
            ("Strings to look up by file URI", str(sum(1 for s in report.strings if s.file_uri)))
        ]
    outputs = report.outputs()
    return [
        ("Strings found in Smartling (file URI)", outputs["strings-found"]),
        ("Strings pending (not in Smartling yet)", outputs["strings-pending"]),
    ]


def _string_result(item: StringItem) -> str:
    if item.status == "found":
        return f"found by {item.found_by} in {code(item.file_uri)}"
    if item.status == "planned" and item.file_uri:
        return f"look up in {code(item.file_uri)}"
    if item.status == "pending":
        return f"pending in {code(item.file_uri)}"
    return item.status


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
