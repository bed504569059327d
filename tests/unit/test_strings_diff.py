"""The diff of a pull request down to the string, in real git repositories."""

from __future__ import annotations

import json
import subprocess

import pytest

from gitrepo import GitRepo
from smartling_context.manifest.schema_check import load_manifest
from smartling_context.strings.catalog import StringsCatalog
from smartling_context.strings.diff import diff_strings
from smartling_context.strings.git import changed_files, ensure_commit
from smartling_context.strings.trees import GitTree

MANIFEST = "version: 1\nstrings:\n  - files: 'strings/**'\n"


def diff(repo: GitRepo, base: str, head: str):
    tree = GitTree(repo.path, head)
    manifest, _ = load_manifest(tree.read(".smartling/context.yml"), ".smartling/context.yml")
    base_tree = GitTree(repo.path, base)
    base_manifest = None
    if base_tree.exists(".smartling/context.yml"):
        base_manifest, _ = load_manifest(base_tree.read(".smartling/context.yml"), "m")
    return diff_strings(
        StringsCatalog(manifest.entries, tree),
        changed_files(repo.path, base, head),
        lambda p: base_tree.read(p) if base_tree.exists(p) else None,
        base_manifest.entries if base_manifest else None,
        base_commit=base,
    )


def keys(result) -> tuple[list[tuple[str, str]], list[str]]:
    return ([(s.key, s.change) for s in result.strings], [r.key for r in result.removed])


# For each format: a base file, and a head file that adds one key, changes one text and
# removes one key.
EDITS = {
    "json": (
        "a.json",
        '{"keep": "Keep", "edit": "Old", "gone": "Gone"}',
        '{"keep": "Keep", "edit": "New", "added": "Added"}',
    ),
    "yaml": (
        "a.yml",
        "keep: Keep\nedit: Old\ngone: Gone\n",
        "keep: Keep\nedit: New\nadded: Added\n",
    ),
    "properties": (
        "a.properties",
        "keep=Keep\nedit=Old\ngone=Gone\n",
        "keep=Keep\nedit=New\nadded=Added\n",
    ),
    "android": (
        "values/strings.xml",
        '<resources><string name="keep">Keep</string><string name="edit">Old</string>'
        '<string name="gone">Gone</string></resources>',
        '<resources><string name="keep">Keep</string><string name="edit">New</string>'
        '<string name="added">Added</string></resources>',
    ),
    "ios-strings": (
        "a.strings",
        '"keep" = "Keep";\n"edit" = "Old";\n"gone" = "Gone";\n',
        '"keep" = "Keep";\n"edit" = "New";\n"added" = "Added";\n',
    ),
    "po": (
        "a.po",
        'msgid "keep"\nmsgstr ""\n\nmsgctxt "edit"\nmsgid "Old"\nmsgstr ""\n\n'
        'msgid "gone"\nmsgstr ""\n',
        'msgid "keep"\nmsgstr ""\n\nmsgctxt "edit"\nmsgid "New"\nmsgstr ""\n\n'
        'msgid "added"\nmsgstr ""\n',
    ),
    "xliff": (
        "a.xlf",
        *[
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
            'source-language="en" datatype="plaintext"><body>' + body + "</body></file></xliff>"
            for body in (
                '<trans-unit id="keep"><source>Keep</source></trans-unit><trans-unit id="edit">'
                '<source>Old</source></trans-unit><trans-unit id="gone"><source>Gone</source>'
                "</trans-unit>",
                '<trans-unit id="keep"><source>Keep</source></trans-unit><trans-unit id="edit">'
                '<source>New</source></trans-unit><trans-unit id="added"><source>Added</source>'
                "</trans-unit>",
            )
        ],
    ),
    "arb": (
        "a.arb",
        '{"keep": "Keep", "edit": "Old", "gone": "Gone"}',
        '{"keep": "Keep", "edit": "New", "added": "Added"}',
    ),
}


@pytest.mark.parametrize("fmt", EDITS)
def test_added_changed_and_removed_keys_for_every_format(tmp_path, fmt):
    name, before, after = EDITS[fmt]
    repo = GitRepo(tmp_path)
    base = repo.commit({".smartling/context.yml": MANIFEST, f"strings/{name}": before})
    head = repo.commit({f"strings/{name}": after})

    added, removed = keys(diff(repo, base, head))

    edit_key = "edit|New" if fmt == "po" else "edit"
    gone = ["edit|Old", "gone"] if fmt == "po" else ["gone"]
    expected = [(edit_key, "added" if fmt == "po" else "changed"), ("added", "added")]
    assert sorted(added) == sorted(expected)
    assert sorted(removed) == gone


def test_rename_diffs_against_the_old_path(tmp_path):
    repo = GitRepo(tmp_path)
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "strings/old.json": json.dumps({f"k{i}": f"Text {i}" for i in range(20)}, indent=2),
        }
    )
    repo.git("mv", "strings/old.json", "strings/new.json")
    content = json.loads((tmp_path / "strings/new.json").read_text())
    content["k3"] = "Text three"
    head = repo.commit({"strings/new.json": json.dumps(content, indent=2)})

    result = diff(repo, base, head)

    assert [(f.status, f.path, f.old_path) for f in result.files] == [
        ("renamed", "strings/new.json", "strings/old.json")
    ]
    assert keys(result) == ([("k3", "changed")], [])


def test_deleted_file_lists_its_keys_as_removed(tmp_path):
    repo = GitRepo(tmp_path)
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "strings/a.json": '{"x": "X"}',
            "strings/b.json": '{"y": "Y"}',
        }
    )
    head = repo.commit({"strings/b.json": None})

    assert keys(diff(repo, base, head)) == ([], ["y"])


def test_a_file_newly_named_by_the_manifest_counts_as_added(tmp_path):
    repo = GitRepo(tmp_path)
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "strings/a.json": '{"x": "X"}',
            "other/b.json": '{"y": "Y", "z": "Z"}',
        }
    )
    head = repo.commit({".smartling/context.yml": MANIFEST + "  - files: other/b.json\n"})

    assert keys(diff(repo, base, head)) == ([("y", "added"), ("z", "added")], [])


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("a.json", '{"a": "A", "b": "B"}', '{\n    "a": "A",\n\n    "b": "B"\n}\n'),
        ("a.properties", "# old note\na=A\n", "# a brand new note\na = A\n"),
        (
            "values/strings.xml",
            '<resources><string name="a">A</string></resources>',
            '<resources>\n  <!-- note -->\n  <string name="a">A</string>\n</resources>\n',
        ),
    ],
)
def test_comment_or_whitespace_change_changes_no_string(tmp_path, name, before, after):
    repo = GitRepo(tmp_path)
    base = repo.commit({".smartling/context.yml": MANIFEST, f"strings/{name}": before})
    head = repo.commit({f"strings/{name}": after})

    result = diff(repo, base, head)

    assert [f.path for f in result.files] == [f"strings/{name}"]
    assert keys(result) == ([], [])


def test_unparseable_file_is_an_error_and_the_others_go_on(tmp_path):
    repo = GitRepo(tmp_path)
    base = repo.commit(
        {".smartling/context.yml": MANIFEST, "strings/a.json": "{}", "strings/b.json": "{}"}
    )
    head = repo.commit({"strings/a.json": '{"x": ', "strings/b.json": '{"y": "Y"}'})

    result = diff(repo, base, head)

    assert [(e.file, e.line) for e in result.errors] == [("strings/a.json", 1)]
    assert keys(result) == ([("y", "added")], [])


def test_shallow_clone_fetches_just_the_base_commit_from_origin(tmp_path):
    origin = GitRepo(tmp_path / "origin")
    base = origin.commit({".smartling/context.yml": MANIFEST, "strings/a.json": '{"x": "X"}'})
    head = origin.commit({"strings/a.json": '{"x": "X", "y": "Y"}'})
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", f"file://{origin.path}", str(clone)], check=True
    )
    shallow = GitRepo.__new__(GitRepo)
    shallow.path = clone

    assert ensure_commit(clone, base)
    assert keys(diff(shallow, base, head)) == ([("y", "added")], [])
    assert not ensure_commit(clone, "0" * 40)


def test_50000_key_file_with_100_new_keys(tmp_path):
    repo = GitRepo(tmp_path)
    nested = {
        f"section{s}": {f"key{s}_{i}": f"Text {s} {i}" for i in range(100)} for s in range(500)
    }
    flat = {f"k{i}": f"Text number {i}" for i in range(50_000)}
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "strings/big.json": json.dumps(flat),
            "strings/nested.json": json.dumps(nested),
        }
    )
    flat.update({f"new{i}": f"New text {i}" for i in range(100)})
    head = repo.commit({"strings/big.json": json.dumps(flat)})

    result = diff(repo, base, head)

    assert sorted(s.key for s in result.strings) == sorted(f"new{i}" for i in range(100))
    assert [f.path for f in result.files] == ["strings/big.json"]


def test_a_base_version_that_does_not_parse_is_an_error_naming_the_file_and_commit(tmp_path):
    repo = GitRepo(tmp_path)
    base = repo.commit({".smartling/context.yml": MANIFEST, "strings/a.json": '{"a": "A",\n'})
    head = repo.commit({"strings/a.json": '{"a": "A", "b": "B"}'})

    result = diff(repo, base, head)

    assert [e.file for e in result.errors] == ["strings/a.json"]
    message = result.errors[0].message
    assert f"base version at {base[:12]} does not parse" in message
    assert "line 2" in message and "treated as added" in message


def test_a_base_with_a_duplicate_key_diffs_as_rails_loads_it(tmp_path):
    repo = GitRepo(tmp_path)
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "strings/en.yml": "en:\n  create: New\n  save: Save\n  gone: Gone\n  create: Create\n",
        }
    )
    head = repo.commit({"strings/en.yml": "en:\n  create: Create\n  save: Save it\n"})

    result = diff(repo, base, head)

    assert keys(result) == ([("save", "changed")], ["gone"])
    assert result.errors == []


def test_an_xliff_placeholder_hint_change_alone_changes_no_string(tmp_path):
    unit = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
        'source-language="en" datatype="html"><body><trans-unit id="t"><source>Hi '
        '<x id="PH" equiv-text="{hint}"/>{text}</source></trans-unit></body></file></xliff>'
    )
    repo = GitRepo(tmp_path)
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST,
            "strings/a.xlf": unit.format(hint="user.name", text=""),
        }
    )
    repo.commit({"strings/a.xlf": unit.format(hint="name", text="")})
    head = repo.commit({"strings/a.xlf": unit.format(hint="name", text="!")})

    assert keys(diff(repo, base, f"{head}~1")) == ([], [])
    changed = diff(repo, base, head).strings
    assert [(s.key, s.text) for s in changed] == [("t", 'Hi <x id="PH" equiv-text="name"/>!')]
