"""The emulator's OCR: the text boxes a PNG declares in a `tEXt` chunk.

A PNG may carry a text chunk with the keyword `smartling-emulator:ocr` whose
value is a JSON list of `{"text", "top", "left", "width", "height"}`; OCR
"sees" exactly those texts at those boxes. Any other image shows no text.
"""

from __future__ import annotations

import io
import json
from typing import Any

from PIL import Image, PngImagePlugin, UnidentifiedImageError

OCR_KEYWORD = "smartling-emulator:ocr"
BOX_FIELDS = ("top", "left", "width", "height")


def read_boxes(content: bytes) -> dict[str, dict[str, int]]:
    """Text -> its box in image pixels; empty for any image without a readable OCR chunk."""
    try:
        with Image.open(io.BytesIO(content), formats=["PNG"]) as image:
            # Chunks before the image data are in `info` without decoding; `text` also
            # finds those after it, at the cost of decoding the image.
            chunk = image.info.get(OCR_KEYWORD)
            if chunk is None and isinstance(image, PngImagePlugin.PngImageFile):
                chunk = image.text.get(OCR_KEYWORD)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return {}
    if chunk is None:
        return {}
    try:
        return {str(box["text"]): {k: int(box[k]) for k in BOX_FIELDS} for box in json.loads(chunk)}
    except (ValueError, KeyError, TypeError):
        return {}


def png_with_text(width: int, height: int, boxes: list[dict[str, Any]], shade: int = 0) -> bytes:
    """A plain grey PNG that the emulator's OCR reads `boxes` from (for demos and tests)."""
    info = PngImagePlugin.PngInfo()
    info.add_text(OCR_KEYWORD, json.dumps(boxes))
    out = io.BytesIO()
    Image.new("L", (width, height), (240 + shade) % 256).save(out, "PNG", pnginfo=info)
    return out.getvalue()
