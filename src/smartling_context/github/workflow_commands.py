"""GitHub Actions workflow commands and file commands, escaped as the runner expects.

Text that came from a pull request is never printed where the runner would
read it as a command: annotation messages and properties are escaped, and
free text goes through `untrusted()`, which pauses command processing.

Every text this module writes (log, annotations, outputs, summary) and every
text `clean()` is given (comment, report) has each known secret replaced by
`***`: the one redaction point behind `::add-mask::`. It also makes text that
came from undecodable file names (lone surrogates) writable as UTF-8.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from smartling_context.manifest.model import Problem

ANNOTATIONS_PER_LEVEL = 10
SHORTEST_SECRET = 6  # shorter values would blank out ordinary words
_secrets: set[str] = set()
_LOCK = threading.Lock()  # guards the writes to the log and the set of secrets


def add_secret(value: str) -> None:
    """Mask a secret in the runner's log and remove it from all text shown from now on."""
    if not value:
        return
    mask(value)
    if len(value) >= SHORTEST_SECRET:
        with _LOCK:  # `clean` may be reading the set in another thread
            _secrets.add(value)


def clean(text: str) -> str:
    """Text with every known secret replaced by `***` and undecodable bytes as `\\xNN`."""
    with _LOCK:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, "***")
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no byte came from
        return text.encode("utf-8", "replace").decode("utf-8")


def _emit(text: str, stream: TextIO | None = None) -> None:
    _write(clean(text), stream)


def _write(text: str, stream: TextIO | None = None) -> None:
    """One write per text under one lock: a token masked from another thread (the
    run authenticates while it plans) never lands inside a line or a fenced block."""
    out = stream or sys.stdout
    with _LOCK:
        out.write(text + "\n")
        out.flush()


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str = "", **properties: object) -> str:
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + props if props else ''}::{_escape_data(message)}"


class Annotator:
    """Emits at most 10 annotations of each level (the runner shows no more)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def annotate(
        self,
        level: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        title: str | None = None,
    ) -> None:
        if not in_actions():
            return
        self.counts[level] = self.counts.get(level, 0) + 1
        if self.counts[level] <= ANNOTATIONS_PER_LEVEL:
            _emit(command(level, message, file=file, line=line, title=title))


def mask(value: str) -> None:
    if value and in_actions():
        for line in value.splitlines():
            if line.strip():
                _write(f"::add-mask::{line}")


@contextmanager
def group(title: str) -> Iterator[None]:
    if in_actions():
        _emit(f"::group::{_escape_data(title)}")
    try:
        yield
    finally:
        if in_actions():
            _write("::endgroup::")


def untrusted(text: str, stream: TextIO | None = None) -> None:
    """Print text from a pull request so that no line in it can act as a command.

    Text that holds neither `::` nor the older `##[` form cannot be one and is
    printed as is; anything else is fenced by `::stop-commands::`.
    """
    if not in_actions() or ("::" not in text and "##[" not in text):
        _emit(text, stream)
        return
    token = secrets.token_hex(16)
    _emit(f"::stop-commands::{token}\n{text}\n::{token}::", stream)


def log(text: str) -> None:
    """A line for the job log; it never acts as a workflow command (see `untrusted`)."""
    untrusted(text)


def write_outputs(path: str | None, outputs: dict[str, str]) -> None:
    """Append outputs to `$GITHUB_OUTPUT` with a random delimiter (no injection)."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for name, value in outputs.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            handle.write(f"{name}<<{delimiter}\n{clean(value)}\n{delimiter}\n")


def append_summary(path: str | None, markdown: str) -> None:
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(clean(markdown) + "\n")


def annotate_problems(problems: list[Problem], annotator: Annotator) -> None:
    for problem in problems:
        annotator.annotate(
            "error",
            f"{problem.node}: {problem.message}",
            file=problem.manifest,
            line=problem.line,
            title="Smartling context manifest",
        )
