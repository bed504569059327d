"""Screenshots: which image types Smartling takes, told by their first bytes, and their size
(and the size of the HTML page beside one)."""

from __future__ import annotations

import io
import warnings

MAX_IMAGE_BYTES = 20 * 1024 * 1024
# Smartling's 20 MB for an HTML context (the page `capture --html` saves beside a
# screenshot), read as decimal megabytes: the safe reading.
MAX_PAGE_BYTES = 20_000_000
# More pixels than this is refused before anything decodes the image: a small PNG can
# declare 100,000 x 100,000 pixels (a "decompression bomb") and cost gigabytes when drawn.
MAX_IMAGE_PIXELS = 50_000_000
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


class ImageUnreadable(ValueError):
    """An image whose size cannot be told safely; the message says why."""


def image_type(head: bytes) -> str | None:
    """The image's MIME type from its first bytes, or None for anything else."""
    return next((mime for magic, mime in IMAGE_TYPES.items() if head.startswith(magic)), None)


def image_size(content: bytes) -> tuple[int, int]:
    """(width, height) in pixels from the image's header, without decoding its pixels.

    Pillow is imported here only: validating a manifest without screenshots never pays
    for it. Its decompression-bomb guard is made an error, at MAX_IMAGE_PIXELS."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content), formats=("PNG", "JPEG", "GIF")) as image:
                width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageUnreadable(_too_many_pixels()) from exc
        except Exception as exc:  # Pillow raises many types for a damaged header
            raise ImageUnreadable(f"Pillow cannot read it ({type(exc).__name__})") from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageUnreadable(_too_many_pixels(width, height))
    return width, height


def _too_many_pixels(width: int | None = None, height: int | None = None) -> str:
    size = f" ({width}x{height})" if width and height else ""
    return (
        f"it declares more than {MAX_IMAGE_PIXELS:,} pixels{size}, a decompression bomb or "
        "a far larger screenshot than needed; save it at screen size"
    )
