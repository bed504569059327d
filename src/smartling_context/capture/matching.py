"""Which strings a page shows, where, and which of them cannot be told apart.

Pure functions over the page's text runs (see `page.js`) and the measured boxes,
so the rules are tested without a browser:

- A string matches the whole text of a block (across inline tags such as `<b>`) or
  of an inline element (a link in a sentence); only a string that matches no such
  whole text is looked for inside longer texts, at word edges.
- A place on the page that two strings both match is ambiguous: neither is boxed
  there. A string all of whose visible places are ambiguous is reported with the
  strings it shares them with.
- Of a string's visible, unambiguous places the first in document order is boxed;
  the others are counted in a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from smartling_context.capture.texts import TextPattern

Span = tuple[int, int, int]  # (run, start, end): code-point offsets into one run's text


@dataclass(frozen=True, order=True)
class StringRef:
    """One string of the manifest's strings files."""

    file: str
    key: str


@dataclass(frozen=True)
class CssBox:
    """A box in CSS pixels of the page (floats, as the browser measures them)."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Boxed:
    string: StringRef
    box: CssBox
    note: str = ""


@dataclass
class Outcome:
    """Every string of the strings files, sorted into what happened to it."""

    boxed: list[Boxed] = field(default_factory=list)
    ambiguous: dict[StringRef, tuple[StringRef, ...]] = field(default_factory=dict)
    hidden: dict[StringRef, str] = field(default_factory=dict)
    not_found: list[StringRef] = field(default_factory=list)
    placeholders_only: list[StringRef] = field(default_factory=list)


@dataclass(frozen=True)
class TextRun:
    """One block's text, and where each inline element's text (a link, a `<b>`) lies in it."""

    text: str
    segments: tuple[tuple[int, int], ...] = ()


def find_spans(
    patterns: Mapping[StringRef, TextPattern | None], runs: Sequence[TextRun]
) -> dict[StringRef, list[Span]]:
    """Every place each string matches, in document order: the whole text of a block or of
    an inline element; else, for a string found so nowhere, inside a longer text."""
    spans: dict[StringRef, list[Span]] = {}
    for string, pattern in patterns.items():
        if pattern is None:
            continue
        found = [
            (i, start, end)
            for i, run in enumerate(runs)
            for start, end in ((0, len(run.text)), *run.segments)
            if pattern.whole.fullmatch(run.text, start, end)
        ]
        if not found and pattern.inside is not None:
            inside = pattern.inside
            found = [
                (i, m.start(), m.end())
                for i, run in enumerate(runs)
                for m in inside.finditer(run.text)
            ]
        spans[string] = sorted(found)
    return spans


def resolve(
    patterns: Mapping[StringRef, TextPattern | None],
    spans: Mapping[StringRef, list[Span]],
    measured: Mapping[Span, CssBox | str],
) -> Outcome:
    """Sort every string: boxed, ambiguous, hidden (with why), not found.

    `measured` holds, for each span, its box or why it is not visible.
    """
    claimants: dict[Span, list[StringRef]] = {}
    for string, places in spans.items():
        for span in places:
            claimants.setdefault(span, []).append(string)
    outcome = Outcome()
    for string in patterns:
        found = spans.get(string)
        if found is None:
            outcome.placeholders_only.append(string)
        elif not found:
            outcome.not_found.append(string)
        else:
            _place(outcome, string, found, claimants, measured)
    return outcome


def _place(
    outcome: Outcome,
    string: StringRef,
    places: list[Span],
    claimants: Mapping[Span, list[StringRef]],
    measured: Mapping[Span, CssBox | str],
) -> None:
    visible = [(span, box) for span in places if isinstance(box := measured[span], CssBox)]
    if not visible:
        outcome.hidden[string] = str(measured[places[0]])
        return
    alone = [box for span, box in visible if len(claimants[span]) == 1]
    if not alone:
        others = {other for span, _ in visible for other in claimants[span] if other != string}
        outcome.ambiguous[string] = tuple(sorted(others))
        return
    note = f"shown {len(visible)} times; boxed the first" if len(visible) > 1 else ""
    outcome.boxed.append(Boxed(string, alone[0], note))
