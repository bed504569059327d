"""`--shard I/N`: the I-th of N parts of the screen list, by a hash of each screen's name.

A screen's shard depends on its name only, so adding or removing a screen never
moves another one to a different shard (its image is uploaded again only if it
changed), and the N parts together are exactly the whole list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def parse_shard(text: str) -> tuple[int, int]:
    """`2/4` as (2, 4); raises ValueError with a sentence for anything else."""
    index, _, count = text.partition("/")
    if index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
        return int(index), int(count)
    raise ValueError(f"{text!r}: give I/N with 1 <= I <= N, e.g. 1/4")


def shard_of(name: str, count: int) -> int:
    """The shard (1..count) a screen of this name belongs to."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def in_shard(screens: Sequence[N], index: int, count: int) -> list[N]:
    """The screens of shard `index` of `count`, in their order."""
    return [screen for screen in screens if shard_of(screen.name, count) == index]
