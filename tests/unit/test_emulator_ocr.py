"""The emulator's OCR convention: a PNG text chunk lists the texts it shows and their boxes."""

from __future__ import annotations

import io
import json
import zlib

from PIL import Image

from smartling_context.emulator import png_with_text
from smartling_context.emulator.ocr import read_boxes

BOX = {"text": "Book now", "top": 120, "left": 48, "width": 160, "height": 32}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _png_with_text_after_the_pixels(text: str) -> bytes:
    header = (2).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00\xf0\xf0" * 2))
        + _chunk(b"tEXt", b"smartling-emulator:ocr\x00" + text.encode("latin-1"))
        + _chunk(b"IEND", b"")
    )


def test_the_boxes_a_png_declares_are_what_ocr_sees():
    image = png_with_text(300, 200, [BOX], shade=3)

    assert read_boxes(image) == {"Book now": {"top": 120, "left": 48, "width": 160, "height": 32}}
    with Image.open(io.BytesIO(image)) as opened:
        assert opened.size == (300, 200) and opened.getpixel((0, 0)) == 243


def test_a_text_chunk_after_the_image_data_is_read_too():
    assert read_boxes(_png_with_text_after_the_pixels(json.dumps([BOX]))) == {
        "Book now": {"top": 120, "left": 48, "width": 160, "height": 32}
    }


def test_images_without_a_readable_chunk_show_no_text():
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 4)).save(jpeg, "JPEG")

    assert read_boxes(jpeg.getvalue()) == {}
    assert read_boxes(b"not an image") == {}
    assert read_boxes(png_with_text(4, 4, [])[:30]) == {}
    assert read_boxes(_png_with_text_after_the_pixels("[{not json")) == {}
    assert read_boxes(_png_with_text_after_the_pixels('[{"text": "x"}]')) == {}
