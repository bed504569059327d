"""Real git repositories in temp folders, for tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from smartling_context.emulator import png_with_text


def run_git(path: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(path), "-c", "user.name=Test", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        run_git(path, "init", "--quiet", "--initial-branch=main")

    def write(self, files: dict[str, str | bytes | None]) -> None:
        """Write (or, for None, delete) files."""
        for name, content in files.items():
            target = self.path / name
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(
        self, files: dict[str, str | bytes | None] | None = None, message: str = "change"
    ) -> str:
        if files:
            self.write(files)
        run_git(self.path, "add", "--all")
        run_git(self.path, "commit", "--quiet", "--allow-empty", "-m", message)
        return run_git(self.path, "rev-parse", "HEAD")

    def git(self, *args: str) -> str:
        return run_git(self.path, *args)


def screenshot(*texts: str, shade: int = 0) -> bytes:
    """A PNG whose text the emulator's OCR 'reads'."""
    boxes = [
        {"text": t, "top": 20 * i, "left": 5, "width": 100, "height": 18}
        for i, t in enumerate(texts)
    ]
    return png_with_text(200, 20 * len(texts) + 20, boxes, shade)
