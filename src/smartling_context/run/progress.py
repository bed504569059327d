"""How a run tells a person what it is doing, without knowing where it runs.

The GitHub edge folds each step into a `::group::`; the terminal prints plainly;
tests pass `Silent`. Nothing in run/ prints on its own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO


class Progress(Protocol):
    def step(self, title: str) -> AbstractContextManager[None]:
        """A named stage of the run; what is logged inside belongs to it."""
        ...

    def log(self, text: str) -> None:
        """One line for the person watching (text may come from the pull request)."""
        ...


class Plain:
    """Progress for a terminal: a heading per step, lines as they come."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        print(f"== {title}", file=self.stream, flush=True)
        yield

    def log(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class Silent:
    """Progress that shows nothing (tests, library use)."""

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        yield

    def log(self, text: str) -> None:
        pass
