"""Drawing binding boxes and their keys onto a screenshot.

The outline sits just *outside* each box, so the text a translator must read
stays untouched. It is a saturated colour with a thin white rim, and each label
is white text on a filled tag of the same colour: both stay readable on light
and on dark screenshots. OCR-matched boxes get a second colour.
"""

from __future__ import annotations

import io
import warnings
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from typing import Literal

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from smartling_context.errors import ItemFailed

BoxKind = Literal["explicit", "ocr"]
COLOURS: dict[BoxKind, tuple[int, int, int]] = {
    "explicit": (214, 0, 111),  # magenta: coordinates from the manifest or a boxes file
    "ocr": (0, 105, 194),  # blue: Smartling's OCR found the string there
}
RIM = (255, 255, 255)
LABEL_TEXT = (255, 255, 255)
Colour = tuple[int, int, int]


@dataclass(frozen=True)
class PreviewBox:
    """One binding's box, in the image's own pixels."""

    key: str
    top: int
    left: int
    width: int
    height: int
    kind: BoxKind = "explicit"


def stroke_width(size: tuple[int, int]) -> int:
    """The outline's width: 2 px on a small screenshot, thicker on a large one."""
    return max(2, round(max(size) / 640))


Rect = tuple[int, int, int, int]  # left, top, right, bottom: inclusive image pixels


@dataclass(frozen=True)
class LabelPlace:
    """Where a box's label went: its tag's rectangle, and whether a leader line joins it
    to its box (it sits away from the box) or it covers something (no free place found)."""

    key: str
    rect: Rect
    leader: bool = False
    covers: bool = False


def draw(image: bytes, boxes: Sequence[PreviewBox]) -> bytes:
    """The screenshot as a PNG with every box outlined and labelled with its key.

    Each label goes where it covers no text: not its own box, no other box or outline,
    no other label, and nothing drawn on the screenshot (see `place_labels`).

    Raises ItemFailed when the bytes are no image Pillow can read (or one so large
    that Pillow's decompression-bomb guard refuses it).
    """
    picture = _open(image)
    pen = ImageDraw.Draw(picture)
    width = stroke_width(picture.size)
    font = _font(picture.size)
    places = place_labels(picture, boxes)
    for box in boxes:
        _outline(pen, box, width, COLOURS[box.kind])
    for box, place in zip(boxes, places, strict=True):
        if place.leader:
            _leader(pen, box, place.rect, width, COLOURS[box.kind])
    for box, place in zip(boxes, places, strict=True):
        _label(pen, picture.size, box, place.rect, width, font)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _font(size: tuple[int, int]) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(11, min(32, round(max(size) / 90))))


def place_labels(picture: Image.Image, boxes: Sequence[PreviewBox]) -> list[LabelPlace]:
    """Where each box's label goes, before anything is drawn.

    A place is free when it stays inside the image, overlaps no box (with its outline),
    no label placed before, and covers no ink: the screenshot's pixels under it (and one
    pixel around) are flat, so no text, icon or border is hidden. The places right above
    and below the box come first, then beside it, then ever farther out (joined to the box
    by a leader line). With no free place anywhere, the label goes above the box anyway.
    """
    width = stroke_width(picture.size)
    font = _font(picture.size)
    pen = ImageDraw.Draw(picture)
    ink = _Ink(picture)
    taken: list[Rect] = [_outlined(box, width) for box in boxes]
    places = []
    for box in boxes:
        tag_w, tag_h = _tag_size(pen, picture.size, box.key, width, font)
        place = _free_place(box, (tag_w, tag_h), width, picture.size, ink, taken)
        taken.append(place.rect)
        places.append(place)
    return places


class _Ink:
    """Where the screenshot is not flat (edges of text, icons, lines), with a summed-area
    table so that asking whether a rectangle holds any of it costs four look-ups."""

    def __init__(self, picture: Image.Image) -> None:
        edges = picture.convert("L").filter(ImageFilter.FIND_EDGES)
        self.width = picture.size[0]
        self.pixels = edges.point(lambda value: 1 if value > INK_THRESHOLD else 0).tobytes()
        self.sums = [array("l", [0]) * (self.width + 1)]
        for y in range(picture.size[1]):
            row = accumulate(self.pixels[y * self.width : (y + 1) * self.width], initial=0)
            self.sums.append(array("l", map(add, self.sums[-1], row)))

    def within(self, rect: Rect) -> bool:
        """Whether any ink lies in the rectangle (inclusive, inside the image)."""
        left, top, right, bottom = rect
        sums = self.sums
        total = sums[bottom + 1][right + 1] - sums[top][right + 1]
        return total - sums[bottom + 1][left] + sums[top][left] > 0

    def at(self, x: int, y: int) -> bool:
        return bool(self.pixels[y * self.width + x])


INK_THRESHOLD = 8  # an edge this faint is noise (JPEG, gradients), not a glyph
GAP = 2  # pixels between a box's outline and its label
MIN_REACH = 160  # pixels a label may move away from its box, at least (a fifth of the image)
RING_PLACES = 160  # places tried on one ring around a box
LEADER_RINGS = 6  # how much farther to look for a place whose leader crosses no ink


def _outlined(box: PreviewBox, width: int) -> Rect:
    """The box with its outline and white rim around it."""
    grow = width + 1
    return (
        box.left - grow,
        box.top - grow,
        box.left + box.width - 1 + grow,
        box.top + box.height - 1 + grow,
    )


def _free_place(
    box: PreviewBox,
    tag: tuple[int, int],
    width: int,
    size: tuple[int, int],
    ink: _Ink,
    taken: list[Rect],
) -> LabelPlace:
    tag_w, tag_h = tag
    left, top, right, bottom = _outlined(box, width)
    near = [
        (left, top - GAP - tag_h),  # above, left-aligned (the usual place)
        (left, bottom + GAP),  # below
        (right - tag_w + 1, top - GAP - tag_h),  # above, right-aligned
        (right - tag_w + 1, bottom + GAP),  # below, right-aligned
        (right + GAP, top),  # to the right
        (left - GAP - tag_w, top),  # to the left
    ]
    for x, y in near:
        rect = (x, y, x + tag_w - 1, y + tag_h - 1)
        if _free(rect, size, ink, taken):
            return LabelPlace(box.key, rect)
    step = max(4, tag_h // 2)
    centre_x, centre_y = (left + right) // 2, (top + bottom) // 2
    outlined = (left, top, right, bottom)
    found: list[tuple[int, int, Rect]] = []  # (ink the leader crosses, distance, place)
    rings = max(MIN_REACH, max(size) // 5) // step  # a label farther away is hard to follow
    rings_left = rings
    for ring in range(1, rings + 1):
        for x, y in _ring(left, top, right, bottom, tag, ring * step, step):
            rect = (x, y, x + tag_w - 1, y + tag_h - 1)
            if _free(rect, size, ink, taken):
                distance = abs(x + tag_w // 2 - centre_x) + abs(y + tag_h // 2 - centre_y)
                crossed = _crossed(_leader_ends(outlined, rect), ink, taken)
                found.append((crossed, distance, rect))
        if found and min(found)[0] == 0:
            break
        if found and rings_left > LEADER_RINGS:
            rings_left = LEADER_RINGS
        rings_left -= 1
        if rings_left <= 0:
            break
    if found:
        return LabelPlace(box.key, min(found)[2], leader=True)
    x = max(0, min(left, size[0] - tag_w))
    y = top - GAP - tag_h if top - GAP - tag_h >= 0 else min(bottom + GAP, size[1] - tag_h)
    return LabelPlace(box.key, (x, max(0, y), x + tag_w - 1, max(0, y) + tag_h - 1), covers=True)


def _ring(
    left: int, top: int, right: int, bottom: int, tag: tuple[int, int], distance: int, step: int
) -> list[tuple[int, int]]:
    """Top-left corners of a tag placed `distance` away from the outlined box, all round:
    at most about `RING_PLACES` of them, however far the ring."""
    tag_w, tag_h = tag
    x0, x1 = left - distance - tag_w, right + distance
    y0, y1 = top - distance - tag_h, bottom + distance
    step = max(step, 2 * (x1 - x0 + y1 - y0) // RING_PLACES)
    corners = [(x, y0) for x in range(x0, x1 + 1, step)]
    corners += [(x, y1) for x in range(x0, x1 + 1, step)]
    corners += [(x0, y) for y in range(y0, y1 + 1, step)]
    corners += [(x1, y) for y in range(y0, y1 + 1, step)]
    return corners


def _free(rect: Rect, size: tuple[int, int], ink: _Ink, taken: list[Rect]) -> bool:
    left, top, right, bottom = rect
    if left < 0 or top < 0 or right >= size[0] or bottom >= size[1]:
        return False
    margin = (max(0, left - 1), max(0, top - 1), min(size[0] - 1, right + 1))
    if ink.within((*margin, min(size[1] - 1, bottom + 1))):  # the cheap test first
        return False
    return not any(_overlap(rect, other) for other in taken)


def _leader_ends(outlined: Rect, tag: Rect) -> tuple[int, int, int, int]:
    """The leader line: from the tag's point nearest the box's centre to the outline."""
    left, top, right, bottom = outlined
    tag_x = min(max((left + right) // 2, tag[0]), tag[2])
    tag_y = min(max((top + bottom) // 2, tag[1]), tag[3])
    return tag_x, tag_y, min(max(tag_x, left), right), min(max(tag_y, top), bottom)


def _crossed(ends: tuple[int, int, int, int], ink: _Ink, taken: list[Rect]) -> int:
    """How many pixels of ink, other boxes or labels a leader line crosses on its way."""
    x0, y0, x1, y1 = ends
    steps = max(abs(x1 - x0), abs(y1 - y0), 1)
    crossed = 0
    for i in range(1, steps):
        x, y = round(x0 + (x1 - x0) * i / steps), round(y0 + (y1 - y0) * i / steps)
        if ink.at(x, y) or any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in taken):
            crossed += 1
    return crossed


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _open(image: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(image))
            picture.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ItemFailed(
            f"the image is too large to draw ({error})",
            fix="use a screenshot under 89 megapixels",
        ) from error
    except (OSError, ValueError, SyntaxError) as error:
        raise ItemFailed(
            f"not an image that can be drawn on ({error})", fix="use a PNG, JPEG or GIF file"
        ) from error
    return picture.convert("RGB")


def _outline(pen: ImageDraw.ImageDraw, box: PreviewBox, width: int, colour: Colour) -> None:
    """A coloured band of `width` pixels around the box, and a 1-px white rim around that."""
    left, top = box.left - width, box.top - width
    right, bottom = box.left + box.width - 1 + width, box.top + box.height - 1 + width
    pen.rectangle((left - 1, top - 1, right + 1, bottom + 1), outline=RIM, width=1)
    pen.rectangle((left, top, right, bottom), outline=colour, width=width)


def _tag_size(
    pen: ImageDraw.ImageDraw,
    size: tuple[int, int],
    key: str,
    width: int,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> tuple[int, int]:
    pad = max(2, width)
    text = _fit(pen, key, font, size[0] - 2 * pad)
    _, text_top, text_right, text_bottom = pen.textbbox((0, 0), text, font=font)
    return int(text_right) + 2 * pad, int(text_bottom - text_top) + 2 * pad


def _leader(
    pen: ImageDraw.ImageDraw, box: PreviewBox, tag: Rect, width: int, colour: Colour
) -> None:
    """A thin line from the label to the box's outline."""
    ends = _leader_ends(_outlined(box, width), tag)
    pen.line(ends, fill=colour, width=max(1, width // 2))


def _label(
    pen: ImageDraw.ImageDraw,
    size: tuple[int, int],
    box: PreviewBox,
    rect: Rect,
    width: int,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    """The key on a filled tag at its place."""
    pad = max(2, width)
    text = _fit(pen, box.key, font, size[0] - 2 * pad)
    _, text_top, _, _ = pen.textbbox((0, 0), text, font=font)
    left, top, right, bottom = rect
    pen.rectangle((left, top, right, bottom), fill=COLOURS[box.kind])
    pen.text((left + pad, top + pad - text_top), text, font=font, fill=LABEL_TEXT)


def _fit(
    pen: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    room: float,
) -> str:
    """The key, shortened with an ellipsis when wider than the image."""
    if pen.textlength(text, font=font) <= room:
        return text
    while len(text) > 1 and pen.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text + "…"
