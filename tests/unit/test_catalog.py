"""The catalog finds the file holding a bound key without parsing every strings file,
and never misses a true holder, however its format spells the key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from gitrepo import run_git
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.formats import StringsFileError
from smartling_context.strings.trees import GitTree, WorkTree


@dataclass(frozen=True)
class Rule:
    files: str
    format: str | None = None


class CountingTree(WorkTree):
    """A real folder that counts how often each file's bytes are read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reads: dict[str, int] = {}

    def read(self, path: str) -> bytes:
        self.reads[path] = self.reads.get(path, 0) + 1
        return super().read(path)


def write(root: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        (root / name).write_bytes(data)


def big_json(prefix: str, count: int = 2000) -> str:
    return json.dumps(
        {f"{prefix}{s}": {f"k{i}": f"Text {i}" for i in range(count // 20)} for s in range(20)}
    )


def test_only_the_file_that_may_hold_the_key_is_parsed(tmp_path):
    files = {f"l/f{n}.json": big_json(f"sec{n}_") for n in range(8)}
    files["l/f3.json"] = files["l/f3.json"][:-1] + ', "checkout": {"pay": "Pay now"}}'
    write(tmp_path, files)
    tree = CountingTree(tmp_path)
    catalog = StringsCatalog([Rule("l/*.json")], tree)
    assert catalog.holders("checkout.pay", list(catalog.owners())) == (["l/f3.json"], [])
    # Every file's bytes are searched once; only the holder is read again, to be parsed.
    assert tree.reads == {path: 2 if path == "l/f3.json" else 1 for path in files}
    # Asked again (the plan's `locate` after the manifest check): nothing is read again.
    assert catalog.holders("checkout.pay", list(catalog.owners())) == (["l/f3.json"], [])
    assert sum(tree.reads.values()) == 9


# Each sample spells keys in a way a byte search could miss; the key must still be found.
TRICKY = {
    "a.json": b'{"s\\u0065arch": {"t\\u0069tle": "Find"}, "list": ["One", "Two"]}',
    "b.yml": b'yes: Agree\non: Enabled\n0x10: Sixteen\n"k\\x65y": Key\n? |\n  multi\n: Value\n',
    "c.properties": b"k\\ey = Value\nlong\\\n   key = Wrapped\nplain.key = Plain\n",
    "d.xml": (
        b'<resources><string name="&#97;pp_name">Hotel</string><plurals name="rooms">'
        b'<item quantity="one">Room</item><item quantity="other">Rooms</item></plurals>'
        b'<string-array name="days"><item>Mon</item></string-array></resources>'
    ),
    "e.strings": '"greeting" = "Hello";\n"\\U0066arewell" = "Bye";\n'.encode("utf-16"),
    "f.po": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "Hello "\n"wor"\n"ld"\nmsgstr ""\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr ""\n'
    ),
    "g.arb": b'{"t\\u0069tle": "Title", "@title": {"description": "A title"}}',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_a_holder_is_never_missed_however_the_key_is_spelled(tmp_path, name):
    decoys = {f"decoy{n}.json": json.dumps({"other": {f"k{n}": "x"}}) for n in range(3)}
    write(tmp_path, {name: TRICKY[name], **decoys})
    catalog = StringsCatalog([Rule("*.*")], WorkTree(tmp_path))
    keys = [s.key for s in catalog.strings(name)]
    assert keys
    fresh = StringsCatalog([Rule("*.*")], WorkTree(tmp_path))  # nothing parsed yet
    fresh.expect(keys)
    for key in keys:
        assert fresh.holders(key, list(fresh.owners())) == ([name], []), key


def test_a_blob_is_measured_before_it_is_read(tmp_path):
    class HugeTree(WorkTree):
        def size(self, path: str) -> int:
            return 60 * 1024 * 1024

        def read(self, path: str) -> bytes:
            raise AssertionError(f"{path} was read before its size was checked")

    write(tmp_path, {"a.json": "{}"})
    catalog = StringsCatalog([Rule("*.json")], HugeTree(tmp_path))
    with pytest.raises(StringsFileError, match="are not read"):
        catalog.strings("a.json")


def test_many_keys_at_once_are_all_found_by_parsing(tmp_path):
    write(
        tmp_path,
        {f"f{n}.json": json.dumps({f"g{n}": {f"k{i}": "x" for i in range(30)}}) for n in range(4)},
    )
    catalog = StringsCatalog([Rule("*.json")], WorkTree(tmp_path))
    keys = [f"g{n}.k{i}" for n in range(4) for i in range(30)]
    catalog.expect(keys)  # 120 keys: more than a byte search is worth
    for key in keys:
        assert catalog.holders(key, list(catalog.owners())) == ([f"f{key[1]}.json"], [])


def test_keys_that_share_pieces_are_each_found_in_their_own_file(tmp_path):
    # `settings` is in every file; `title` and `save` each in one: a piece found in one
    # file must not count as found in the next, nor for another key.
    write(
        tmp_path,
        {
            "a.json": json.dumps({"settings": {"title": "Settings"}}),
            "b.json": json.dumps({"settings": {"save": "Save"}}),
            "c.json": json.dumps({"settings": {"other": "title save"}}),  # pieces, not keys
            "d.json": json.dumps({"profile": {"title": "Profile"}}),
            "e.json": json.dumps({"settings": {"help": "Help"}}),
        },
    )
    tree = CountingTree(tmp_path)
    catalog = StringsCatalog([Rule("*.json")], tree)
    keys = ["settings.title", "settings.save", "profile.title", "settings.gone"]
    catalog.expect(keys)
    found = {key: catalog.holders(key, list(catalog.owners())) for key in keys}
    assert found == {
        "settings.title": (["a.json"], []),
        "settings.save": (["b.json"], []),
        "profile.title": (["d.json"], []),
        "settings.gone": ([], []),
    }
    # Read once each to search; parsed (read again) only where all of a key's pieces are.
    assert tree.reads == {"a.json": 2, "b.json": 2, "c.json": 2, "d.json": 2, "e.json": 1}


def commit_all(root: Path) -> str:
    run_git(root, "init", "-q")
    run_git(root, "add", "-A")
    run_git(root, "commit", "-qm", "strings")
    return run_git(root, "rev-parse", "HEAD")


class CountingGitTree(GitTree):
    """A commit's files, counting how often each file's bytes are read."""

    def __init__(self, root: Path, commit: str) -> None:
        super().__init__(root, commit)
        self.reads: dict[str, int] = {}

    def read(self, path: str) -> bytes:
        self.reads[path] = self.reads.get(path, 0) + 1
        return super().read(path)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_on_a_commit_git_grep_never_misses_a_holder(tmp_path, name):
    decoys = {f"decoy{n}.json": json.dumps({"other": {f"k{n}": "x"}}) for n in range(3)}
    write(tmp_path, {name: TRICKY[name], **decoys})
    tree = CountingGitTree(tmp_path, commit_all(tmp_path))
    keys = [s.key for s in StringsCatalog([Rule("*.*")], tree).strings(name)]
    assert keys
    for key in keys:  # each alone: another key's pieces must not make the file a candidate
        fresh = StringsCatalog([Rule("*.*")], CountingGitTree(tmp_path, tree.commit))
        assert fresh.holders(key, list(fresh.owners())) == ([name], []), key


def test_on_a_commit_only_the_files_git_grep_lists_are_read(tmp_path):
    files = {f"l/f{n}.json": big_json(f"sec{n}_") for n in range(8)}
    files["l/f3.json"] = files["l/f3.json"][:-1] + ', "checkout": {"pay": "Pay now"}}'
    files["l/f5.json"] = files["l/f5.json"][:-1] + ', "n\\u0061me": "Escaped"}'
    write(tmp_path, files)
    tree = CountingGitTree(tmp_path, commit_all(tmp_path))
    catalog = StringsCatalog([Rule("l/*.json")], tree)
    assert catalog.holders("checkout.pay", list(catalog.owners())) == (["l/f3.json"], [])
    # git grep rules out the six files with neither "checkout" nor an escape; the
    # escaped file may spell the key otherwise, so it is parsed like the holder.
    assert tree.reads == {"l/f3.json": 2, "l/f5.json": 2}
