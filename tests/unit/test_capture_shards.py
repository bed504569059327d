"""`--shard I/N`: parts by a hash of the screen's name, stable when screens are added."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from smartling_context.capture.shards import in_shard, parse_shard


@dataclass(frozen=True)
class Named:
    name: str


def test_parts_cover_the_list_once_and_stay_put_when_screens_are_added():
    screens = [Named(f"Screen {n}") for n in range(40)]
    parts = [in_shard(screens, index, 3) for index in (1, 2, 3)]
    assert sorted(s.name for part in parts for s in part) == sorted(s.name for s in screens)
    assert all(parts)  # forty names do not all hash into one part
    grown = [Named("A new screen"), *screens, Named("Another one")]
    for index, part in enumerate(parts, 1):
        assert [s for s in in_shard(grown, index, 3) if s in screens] == part


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "a/b", "1", "-1/2"])
def test_a_bad_shard_is_refused_with_the_form_to_use(text):
    with pytest.raises(ValueError, match="give I/N with 1 <= I <= N"):
        parse_shard(text)


def test_one_part_is_everything():
    screens = [Named(f"s{n}") for n in range(5)]
    assert in_shard(screens, 1, 1) == screens
