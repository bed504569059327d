"""Previews: each screenshot with its binding boxes and keys drawn on it (PNG)."""

from smartling_context.preview.draw import BoxKind, PreviewBox, draw
from smartling_context.preview.folder import (
    PreviewsWritten,
    ScreenshotPreview,
    safe_name,
    write_previews,
)

__all__ = [
    "BoxKind",
    "PreviewBox",
    "PreviewsWritten",
    "ScreenshotPreview",
    "draw",
    "safe_name",
    "write_previews",
]
