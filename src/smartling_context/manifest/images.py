"""Screenshots: which image types Smartling takes, told by their first bytes."""

from __future__ import annotations

MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def image_type(head: bytes) -> str | None:
    """The image's MIME type from its first bytes, or None for anything else."""
    return next((mime for magic, mime in IMAGE_TYPES.items() if head.startswith(magic)), None)
