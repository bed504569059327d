"""The page text document: everything capture reads from a settled page, in one JSON value.

`page.js` reads it in one call (`window.__smartlingCapture.read()`); the matcher
(`matching.py`) turns it and the strings files into boxes with no browser. Helpers
that capture inside a team's own tests write it next to the screenshot
(`<name>.png` + `<name>.page.json`). Its JSON (version 1):

    {"format": "smartling-context/page-text", "version": 1,
     "url": "http://127.0.0.1:3000/search",
     "viewport": {"width": 1280, "height": 800}, "scale": 2,
     "image": {"width": 1280, "height": 800},       # the screenshot, CSS pixels
     "runs": [                                       # document order
       {"text": "Back | Home", "kind": "block",      # or "control" (a button value,
                                                     #  an empty field's placeholder)
        "box": {"left": 20, "top": 20, "right": 98.5, "bottom": 44},
        "segments": [{"start": 0, "end": 4, "box": {...}},   # inline elements' text
                     {"start": 7, "end": 11, "hidden": "zero size"}]}],
     "markers": [                                    # marker-delimited spans
       {"id": "k#2 Lq~", "start": [0, 7], "end": [0, 11], "box": {...}}]}

Offsets count Unicode code points of a run's `text` (whitespace collapsed as
rendered, marker characters removed), end exclusive; a marker span goes from
`[run, offset]` to `[run, offset]` (it may cross runs). Boxes are CSS pixels in
document coordinates, not clipped to the screenshot; what is not seen has
`hidden` (why) instead of `box`. A marker `id` is the marker's 7 tag characters
as their ASCII counterparts (U+E0020..U+E007E minus U+E0000).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from smartling_context.strings.markers import MARKER, MARKER_CHARACTERS, START

FORMAT = "smartling-context/page-text"
VERSION = 1
_TAG_OFFSET = 0xE0000


@dataclass(frozen=True)
class CssBox:
    """A box in CSS pixels of the page (floats, as the browser measures them)."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Segment:
    """The text of one inline element (a link, a `<b>`) within its run: [start, end)."""

    start: int
    end: int
    box: CssBox | None = None
    hidden: str | None = None


@dataclass(frozen=True)
class TextRun:
    """One block's text across inline tags, or the text a form control shows."""

    text: str
    box: CssBox | None = None
    hidden: str | None = None
    segments: tuple[Segment, ...] = ()
    kind: Literal["block", "control"] = "block"


@dataclass(frozen=True)
class MarkerSpan:
    """Text the app rendered between a string's markers: from (run, offset) to (run, offset)."""

    id: str  # ASCII form of the marker's id (see the module's docstring)
    start: tuple[int, int]
    end: tuple[int, int]
    box: CssBox | None = None
    hidden: str | None = None

    @property
    def code(self) -> str:
        """The id in tag characters, as `markers.marker_id` makes it."""
        return "".join(chr(_TAG_OFFSET + ord(char)) for char in self.id)


@dataclass(frozen=True)
class PageDocument:
    """What a settled page shows: its text runs, marker spans and their boxes."""

    url: str
    viewport: tuple[int, int]
    scale: float
    image: tuple[float, float]  # the screenshot's area in CSS pixels, from the top left
    runs: tuple[TextRun, ...] = ()
    markers: tuple[MarkerSpan, ...] = ()
    mutations: int = field(default=0, compare=False)  # the DOM's mutation count when read

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "url": self.url,
            "viewport": {"width": self.viewport[0], "height": self.viewport[1]},
            "scale": self.scale,
            "image": {"width": self.image[0], "height": self.image[1]},
            "runs": [
                {
                    "text": run.text,
                    "kind": run.kind,
                    **_seen(run.box, run.hidden),
                    "segments": [
                        {"start": s.start, "end": s.end, **_seen(s.box, s.hidden)}
                        for s in run.segments
                    ],
                }
                for run in self.runs
            ],
            "markers": [
                {
                    "id": m.id,
                    "start": list(m.start),
                    "end": list(m.end),
                    **_seen(m.box, m.hidden),
                }
                for m in self.markers
            ],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, data: Any) -> PageDocument:
        """The document from its JSON value; raises ValueError saying what is wrong."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f'not a page text document (no "format": "{FORMAT}")')
        if data.get("version") != VERSION:
            raise ValueError(
                f"page text document version {data.get('version')!r}; this version reads "
                f"{VERSION}: capture it again with this version"
            )
        try:
            return cls(
                url=str(data["url"]),
                viewport=(int(data["viewport"]["width"]), int(data["viewport"]["height"])),
                scale=float(data["scale"]),
                image=(float(data["image"]["width"]), float(data["image"]["height"])),
                runs=tuple(_run(run) for run in data["runs"]),
                markers=tuple(_marker(marker) for marker in data["markers"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"page text document: bad or missing field {error}") from error

    @classmethod
    def from_page(
        cls, raw: dict[str, Any], scale: float, image: tuple[float, float]
    ) -> PageDocument:
        """The document from `read()`'s answer, with the screenshot's scale and area."""
        document = cls.from_json(
            raw
            | {"format": FORMAT, "version": VERSION, "scale": scale}
            | {"image": {"width": image[0], "height": image[1]}}
        )
        return PageDocument(
            document.url,
            document.viewport,
            scale,
            image,
            document.runs,
            document.markers,
            int(raw.get("mutations", 0)),
        )


def page_script() -> str:
    """`page.js` called with the marker definitions of `strings/markers.py`."""
    source = resources.files("smartling_context.capture").joinpath("page.js").read_text("utf-8")
    config = {"marker": MARKER.pattern, "markerChars": MARKER_CHARACTERS.pattern, "start": START}
    return f"{source.rstrip().rstrip(';')}({json.dumps(config)});\n"


def _seen(box: CssBox | None, hidden: str | None) -> dict[str, Any]:
    if box is None:
        return {"hidden": hidden or "not measured"}
    return {"box": {"left": box.left, "top": box.top, "right": box.right, "bottom": box.bottom}}


def _box(data: dict[str, Any]) -> CssBox | None:
    box = data.get("box")
    if box is None:
        return None
    return CssBox(float(box["left"]), float(box["top"]), float(box["right"]), float(box["bottom"]))


def _run(data: dict[str, Any]) -> TextRun:
    kind = data.get("kind", "block")
    if kind not in ("block", "control"):
        raise ValueError(f"run kind {kind!r}")
    return TextRun(
        str(data["text"]),
        _box(data),
        data.get("hidden"),
        tuple(
            Segment(int(s["start"]), int(s["end"]), _box(s), s.get("hidden"))
            for s in data.get("segments", [])
        ),
        "control" if kind == "control" else "block",
    )


def _marker(data: dict[str, Any]) -> MarkerSpan:
    start, end = data["start"], data["end"]
    return MarkerSpan(
        str(data["id"]),
        (int(start[0]), int(start[1])),
        (int(end[0]), int(end[1])),
        _box(data),
        data.get("hidden"),
    )
