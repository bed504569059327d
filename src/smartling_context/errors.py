"""The two ways a run goes wrong, as values a person can act on.

`CannotStart`: the run cannot begin or go on at all (bad manifest, inputs,
credentials, unknown project, commits that cannot be read): exit 2.
`ItemFailed`: one string, screenshot or binding failed; the others go on:
exit 1 unless `fail-on-error: false`.

Each edge (git, GitHub, Smartling, files) turns what its library raises into
one of these, saying what went wrong, where (file, line, key) and what to do.
"""

from __future__ import annotations


class ActionError(Exception):
    """What went wrong, where, and what to do about it."""

    def __init__(
        self,
        what: str,
        *,
        fix: str = "",
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.what = what
        self.fix = fix
        self.file = file
        self.line = line
        self.key = key
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """`file:line: key`, as much of it as is known."""
        place = self.file or ""
        if place and self.line:
            place += f":{self.line}"
        if self.key:
            place = f"{place}: {self.key}" if place else self.key
        return place

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        return f"{text}; {self.fix}" if self.fix else text


class CannotStart(ActionError):
    """The run cannot start (or go on): exit 2, after publishing what is known."""


class ItemFailed(ActionError):
    """One item failed; the others go on."""
