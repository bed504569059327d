"""Which strings a page shows, and where: pure functions over the page text document.

No browser here (`page_document.py` holds what the page showed), so the rules are
tested on documents written by hand:

- **By marker** (`capture --markers`): a span between a string's markers is that
  string's, whatever text it shares with another key, whatever its placeholders
  hold, whichever plural form the app chose.
- **By whole text**, for a string with no marked place: the whole text of a block
  (across inline tags such as `<b>`) or of an inline element (a link in a sentence)
  is the string, its placeholders filled (see `texts.py`). Text inside a marked
  span belongs to that span's string and matches nothing else.
- **Partial only**: a string found only inside a longer, different text ("Add" in
  "Add/remove users") is reported with where it was seen, never boxed. Marked text
  is its own string's: a string seen only inside another key's marked span is not
  partial but not found, and when that span's whole text is the string, the keys
  that show its text are named (`Outcome.same_text_shown`).
- A place two strings both match by text is **ambiguous**: neither is boxed there.
- Of a string's visible places the first in document order is boxed, clipped to
  the screenshot; the others are counted in a note. Places hidden by CSS, of zero
  size, or outside the screenshot are reported so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from smartling_context.capture.page_document import CssBox, MarkerSpan, PageDocument, TextRun
from smartling_context.capture.texts import TextPattern

Span = tuple[int, int, int]  # (run, start, end): code-point offsets into one run's text
Where = tuple[int, int, int, int]
"""(run, start, end, end_run): where a boxed text lies in the page text document; the
arguments of page.js's `elementOf(run, start, end, end_run)`."""
SEEN_CHARS = 60  # how much of a longer text a partial-only report quotes


@dataclass(frozen=True, order=True)
class StringRef:
    """One string of the manifest's strings files."""

    file: str
    key: str


@dataclass(frozen=True)
class Boxed:
    string: StringRef
    box: CssBox
    note: str = ""
    by: Literal["marker", "text"] = "text"
    where: Where | None = None


@dataclass
class Outcome:
    """Every string of the strings files, sorted into what happened to it."""

    boxed: list[Boxed] = field(default_factory=list)
    ambiguous: dict[StringRef, tuple[StringRef, ...]] = field(default_factory=dict)
    partial: dict[StringRef, str] = field(default_factory=dict)  # -> the longer text seen
    hidden: dict[StringRef, str] = field(default_factory=dict)  # -> why
    outside: list[StringRef] = field(default_factory=list)
    not_found: list[StringRef] = field(default_factory=list)
    placeholders_only: list[StringRef] = field(default_factory=list)
    same_text_shown: dict[StringRef, tuple[StringRef, ...]] = field(default_factory=dict)
    """Marker mode: strings not found whose text the page shows as other keys' (by their
    markers); each is also in `not_found`."""


@dataclass(frozen=True)
class _Place:
    box: CssBox | None
    hidden: str | None
    where: Where


def match(
    document: PageDocument,
    patterns: Mapping[StringRef, TextPattern | None],
    markers: Mapping[str, StringRef] | None = None,
) -> Outcome:
    """Sort every string of `patterns`: boxed, ambiguous, partial, hidden, outside, not found.

    `markers` maps marker ids (tag characters, `markers.marker_table`) to strings.
    """
    by_marker = _marker_places(document, markers or {})
    marked = [m for m in document.markers if markers and m.code in markers]
    texts = {
        string: _text_spans(document.runs, pattern, marked)
        for string, pattern in patterns.items()
        if pattern is not None and string not in by_marker
    }
    claimants: dict[Span, list[StringRef]] = {}
    for string, spans in texts.items():
        for span in spans:
            claimants.setdefault(span, []).append(string)
    area = CssBox(0, 0, document.image[0], document.image[1])
    outcome = Outcome()
    for string, pattern in patterns.items():
        if string in by_marker:
            _place(outcome, string, by_marker[string], area, "marker")
        elif pattern is None:
            outcome.placeholders_only.append(string)
        elif texts[string]:
            places = [(span, _text_place(document.runs, span)) for span in texts[string]]
            _place_text(outcome, string, places, claimants, area)
        elif (seen := _partial(document.runs, pattern, marked)) is not None:
            outcome.partial[string] = seen
        else:
            outcome.not_found.append(string)
            shown = _same_text(document.runs, pattern, marked, markers or {}, string)
            if shown:
                outcome.same_text_shown[string] = shown
    return outcome


def _marker_places(
    document: PageDocument, markers: Mapping[str, StringRef]
) -> dict[StringRef, list[_Place]]:
    places: dict[StringRef, list[_Place]] = {}
    for span in document.markers:
        string = markers.get(span.code)
        if string is not None:
            where = (span.start[0], span.start[1], span.end[1], span.end[0])
            places.setdefault(string, []).append(_Place(span.box, span.hidden, where))
    return places


def _text_spans(
    runs: tuple[TextRun, ...], pattern: TextPattern, marked: list[MarkerSpan]
) -> list[Span]:
    """Every place whose whole text is the string, in document order, outside marked text."""
    found = []
    for index, run in enumerate(runs):
        wholes = [(0, len(run.text)), *((s.start, s.end) for s in run.segments)]
        inline = {(s.start, s.end) for s in run.segments}
        for start, end in wholes:
            if _matches(pattern, run.text, start, end, inline) and not _in_marked(
                marked, index, start, end
            ):
                found.append((index, start, end))
    return sorted(set(found))


def _matches(
    pattern: TextPattern, text: str, start: int, end: int, inline: set[tuple[int, int]]
) -> bool:
    """The whole of text[start:end] is the string: each placeholder one word-run, or the
    whole text of an inline element."""
    if pattern.whole.fullmatch(text, start, end):
        return True
    if pattern.wide is None or (found := pattern.wide.fullmatch(text, start, end)) is None:
        return False
    for group in range(1, (pattern.wide.groups or 0) + 1):
        fill = found.group(group)
        spaced = fill is not None and any(char.isspace() for char in fill)
        if spaced and found.span(group) not in inline:
            return False
    return True


def _in_marked(marked: list[MarkerSpan], run: int, start: int, end: int) -> bool:
    return any(m.start <= (run, start) and (run, end) <= m.end for m in marked)


def _text_place(runs: tuple[TextRun, ...], span: Span) -> _Place:
    run = runs[span[0]]
    where = (*span, span[0])
    if (span[1], span[2]) == (0, len(run.text)):
        return _Place(run.box, run.hidden, where)
    segment = next(s for s in run.segments if (s.start, s.end) == (span[1], span[2]))
    return _Place(segment.box, segment.hidden, where)


def _clip(box: CssBox, area: CssBox) -> CssBox | None:
    clipped = CssBox(
        max(box.left, area.left),
        max(box.top, area.top),
        min(box.right, area.right),
        min(box.bottom, area.bottom),
    )
    if clipped.right - clipped.left < 1 or clipped.bottom - clipped.top < 1:
        return None
    return clipped


def _place(
    outcome: Outcome,
    string: StringRef,
    places: list[_Place],
    area: CssBox,
    by: Literal["marker", "text"],
) -> None:
    visible = [(clipped, p.where) for p in places if p.box and (clipped := _clip(p.box, area))]
    if visible:
        note = f"shown {len(visible)} times; boxed the first" if len(visible) > 1 else ""
        outcome.boxed.append(Boxed(string, visible[0][0], note, by, visible[0][1]))
    elif any(p.box for p in places):
        outcome.outside.append(string)
    else:
        outcome.hidden[string] = places[0].hidden or "not measured"


def _place_text(
    outcome: Outcome,
    string: StringRef,
    places: list[tuple[Span, _Place]],
    claimants: Mapping[Span, list[StringRef]],
    area: CssBox,
) -> None:
    visible = [span for span, p in places if p.box and _clip(p.box, area)]
    alone = [(span, p) for span, p in places if span not in visible or len(claimants[span]) == 1]
    if visible and not any(span in visible for span, _ in alone):
        others = {other for span in visible for other in claimants[span] if other != string}
        outcome.ambiguous[string] = tuple(sorted(others))
        return
    _place(outcome, string, [p for _, p in alone], area, "text")


def _partial(
    runs: tuple[TextRun, ...], pattern: TextPattern, marked: list[MarkerSpan]
) -> str | None:
    """The first longer text the string is found inside, quoted in short; None if nowhere.
    Marked text is another string's: only the text outside marked spans is looked in."""
    if pattern.inside is None:
        return None
    for index, run in enumerate(runs):
        for text in _unmarked_pieces(run.text, index, marked):
            found = pattern.inside.search(text)
            if found is not None:
                if len(text) > SEEN_CHARS:
                    start = max(0, min(found.start() - 10, len(text) - SEEN_CHARS))
                    text = ("…" if start else "") + text[start : start + SEEN_CHARS] + "…"
                return text
    return None


def _unmarked_pieces(text: str, run: int, marked: list[MarkerSpan]) -> list[str]:
    """The parts of a run's text that no marked span covers."""
    covered = sorted(
        (m.start[1] if m.start[0] == run else 0, m.end[1] if m.end[0] == run else len(text))
        for m in marked
        if m.start[0] <= run <= m.end[0]
    )
    pieces, at = [], 0
    for start, end in covered:
        if start > at:
            pieces.append(text[at:start])
        at = max(at, end)
    pieces.append(text[at:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _same_text(
    runs: tuple[TextRun, ...],
    pattern: TextPattern,
    marked: list[MarkerSpan],
    markers: Mapping[str, StringRef],
    string: StringRef,
) -> tuple[StringRef, ...]:
    """The other strings whose marked text on the page is, as a whole, this string's text."""
    shown = set()
    for span in marked:
        other = markers[span.code]
        if other == string or span.start[0] != span.end[0]:
            continue
        run = runs[span.start[0]]
        inline = {(s.start, s.end) for s in run.segments}
        if _matches(pattern, run.text, span.start[1], span.end[1], inline):
            shown.add(other)
    return tuple(sorted(shown))
