"""The context manifest v1: schema validation, the checks beyond it, and its model.

Every problem is reported at once, each with the manifest's path, the line,
the node's path (`screenshots[2].strings[0].key`) and a sentence a person can
act on.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from smartling_context.manifest_loader import (
    LoadedDocument,
    ManifestUnreadable,
    NodePath,
    load_document,
    node_name,
)
from smartling_context.repo_tree import Tree, escapes_root, glob_match
from smartling_context.strings_formats import (
    SourceString,
    StringsFileError,
    infer_format,
    read_strings,
)

DEFAULT_MANIFEST = ".smartling/context.yml"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the manifest, pointing at its line and node."""

    manifest: str
    line: int | None
    node: str
    message: str

    def __str__(self) -> str:
        where = f"{self.manifest}:{self.line}" if self.line else self.manifest
        return f"{where}: {self.node}: {self.message}"


class ManifestInvalid(Exception):
    """Every problem found; `salvaged` is the well-formed part, for the checks beyond
    the schema to run on too (so one pass reports everything it can)."""

    def __init__(
        self,
        problems: list[Problem],
        salvaged: Manifest | None = None,
        document: LoadedDocument | None = None,
    ) -> None:
        super().__init__(f"{len(problems)} problem(s) in the manifest")
        self.problems = problems
        self.salvaged = salvaged
        self.document = document


@dataclass(frozen=True)
class StringSettings:
    placeholder_format: str | None
    placeholder_custom: str | None
    html: str | None
    variant: str
    namespace: str | None
    instruction: str


@dataclass(frozen=True)
class StringsEntry:
    index: int
    files: str
    format: str | None
    settings: StringSettings


@dataclass(frozen=True)
class BoundString:
    index: int
    key: str
    file: str | None
    coordinates: dict[str, int] | None


@dataclass(frozen=True)
class Screenshot:
    index: int
    image: str
    name: str
    bindings: tuple[BoundString, ...]
    match: str
    definition: str  # the entry as canonical JSON: a changed entry means a new upload


@dataclass(frozen=True)
class Manifest:
    path: str
    entries: tuple[StringsEntry, ...]
    screenshots: tuple[Screenshot, ...]


@cache
def schema() -> dict[str, Any]:
    text = resources.files("smartling_context").joinpath("data/context-manifest.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def load_manifest(content: bytes, path: str) -> tuple[Manifest, LoadedDocument]:
    """Read and schema-check a manifest; raise ManifestInvalid with every problem."""
    try:
        document = load_document(content)
    except ManifestUnreadable as exc:
        raise ManifestInvalid([Problem(path, exc.line, "(top level)", exc.message)]) from exc
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else f"{type(document.data).__name__}"
        raise ManifestInvalid(
            [
                Problem(
                    path,
                    1,
                    "(top level)",
                    f"the manifest is {kind}; it must be a mapping with `version: 1` and "
                    "`strings:`",
                )
            ]
        )
    problems = schema_problems(document, path)
    problems += _regex_problems(document, path)
    if problems:
        raise ManifestInvalid(
            sorted(problems, key=lambda p: (p.line or 0, p.node)),
            _model(_salvage(document.data), path),
            document,
        )
    return _model(document.data, path), document


def _salvage(data: dict[str, Any]) -> dict[str, Any]:
    """A copy without the nodes the schema rejects, list positions kept (None)."""
    data = copy.deepcopy(data)
    for error in Draft202012Validator(schema()).iter_errors(data):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties":
            node = _at(data, path)
            for extra in set(node) - set(error.schema.get("properties", {})):
                node.pop(extra, None)
        elif path:
            parent = _at(data, path[:-1])
            if isinstance(parent, list):
                parent[path[-1]] = None
            elif isinstance(parent, dict):
                parent.pop(path[-1], None)
    return data


def _at(data: Any, path: list[Any]) -> Any:
    for part in path:
        if data is None:
            return None
        data = data[part]
    return data


def schema_problems(document: LoadedDocument, path: str) -> list[Problem]:
    validator = Draft202012Validator(schema())
    problems = []
    for error in validator.iter_errors(document.data):
        problems += _explain(error, document, path)
    return problems


def _explain(error: ValidationError, document: LoadedDocument, path: str) -> list[Problem]:
    node: NodePath = tuple(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        problems = []
        for extra in sorted(set(value) - set(allowed)):
            hint = difflib.get_close_matches(extra, allowed, n=1)
            message = f"unknown property {extra!r}"
            if hint:
                message += f"; did you mean {hint[0]!r}?"
            message += f" Allowed here: {', '.join(allowed)}."
            problems.append(
                Problem(path, document.key_line((*node, extra)), node_name((*node, extra)), message)
            )
        return problems
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        return [
            Problem(
                path,
                document.line(node),
                node_name((*node, name)),
                f"required property {name!r} is missing" + _example(name),
            )
            for name in missing
        ]
    if kind == "enum":
        options = [str(v) for v in error.validator_value]
        hint = difflib.get_close_matches(str(value), options, n=1)
        message = f"{value!r} is not allowed; use one of: {', '.join(options)}"
        if hint:
            message += f" (did you mean {hint[0]!r}?)"
        return [Problem(path, document.line(node), node_name(node), message)]
    messages = {
        "const": f"must be {error.validator_value!r} (this action reads manifest version 1)",
        "type": f"must be {_article(error.validator_value)}, not {_type_name(value)}",
        "minItems": f"needs at least {error.validator_value} item(s)",
        "minLength": "must not be empty",
        "minimum": f"must be {error.validator_value} or more (got {value!r})",
    }
    message = messages.get(str(kind), error.message)
    return [Problem(path, document.line(node), node_name(node), message)]


def _example(name: str) -> str:
    examples = {
        "version": " (add `version: 1`)",
        "strings": ' (add `strings:` with at least one `- files: "locales/en/*.json"`)',
        "files": " (a path or glob such as locales/en/**/*.json)",
        "image": " (the path of a PNG, JPEG or GIF in the repository)",
        "key": " (a string key as `smartling-context strings FILE` lists it)",
    }
    return examples.get(name, "")


def _article(type_name: Any) -> str:
    names = {
        "string": "text",
        "integer": "a whole number",
        "object": "a mapping",
        "array": "a list",
        "boolean": "true or false",
        "number": "a number",
    }
    if isinstance(type_name, list):
        return " or ".join(names.get(t, t) for t in type_name)
    return names.get(type_name, str(type_name))


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }
    return names.get(type(value), type(value).__name__)


def _regex_problems(document: LoadedDocument, path: str) -> list[Problem]:
    data = document.data
    places: list[tuple[NodePath, Any]] = [
        (("defaults", "placeholders", "custom"), _dig(data, "defaults", "placeholders", "custom"))
    ]
    for index, entry in enumerate(data.get("strings") or [] if isinstance(data, dict) else []):
        places.append(
            (("strings", index, "placeholders", "custom"), _dig(entry, "placeholders", "custom"))
        )
    problems = []
    for node, pattern in places:
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(
                    Problem(
                        path,
                        document.line(node),
                        node_name(node),
                        f"the placeholder regex does not compile: {exc}",
                    )
                )
    return problems


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _model(data: dict[str, Any], path: str) -> Manifest:
    """The manifest's model. Items without their required field are skipped, their
    index kept, so a salvaged manifest still names the right nodes."""
    defaults = data.get("defaults") or {}
    entries = []
    for index, entry in enumerate(_items(data.get("strings"), "files")):
        if entry is None:
            continue
        placeholders = {**(defaults.get("placeholders") or {}), **(entry.get("placeholders") or {})}
        entries.append(
            StringsEntry(
                index,
                entry["files"],
                entry.get("format"),
                StringSettings(
                    placeholder_format=placeholders.get("format"),
                    placeholder_custom=placeholders.get("custom"),
                    html=entry.get("html", defaults.get("html")),
                    variant=entry.get("variant", defaults.get("variant", "{key}")),
                    namespace=defaults.get("namespace"),
                    instruction=entry.get("instruction", defaults.get("instruction", "")),
                ),
            )
        )
    screenshots = [
        Screenshot(
            index,
            shot["image"],
            shot.get("name", shot["image"]),
            tuple(
                BoundString(number, b["key"], b.get("file"), b.get("coordinates"))
                for number, b in enumerate(_items(shot.get("strings"), "key"))
                if b is not None
            ),
            shot.get("match", "none"),
            json.dumps(shot, sort_keys=True),
        )
        for index, shot in enumerate(_items(data.get("screenshots"), "image"))
        if shot is not None
    ]
    return Manifest(path, tuple(entries), tuple(screenshots))


def _items(items: Any, required: str) -> list[dict[str, Any] | None]:
    """List items that are mappings with their required field; None in place of others."""
    if not isinstance(items, list):
        return []
    return [i if isinstance(i, dict) and required in i else None for i in items]


def image_type(head: bytes) -> str | None:
    """The image's MIME type from its first bytes, or None for anything else."""
    return next((mime for magic, mime in IMAGE_TYPES.items() if head.startswith(magic)), None)


class StringsCatalog:
    """The manifest's strings files in one tree, read on demand and kept."""

    def __init__(self, manifest: Manifest, tree: Tree) -> None:
        self.manifest = manifest
        self.tree = tree
        self._owner: dict[str, StringsEntry] | None = None
        self._parsed: dict[str, Any] = {}
        self._by_key: dict[str, dict[str, SourceString]] = {}

    def owners(self) -> dict[str, StringsEntry]:
        """Each strings file and the manifest entry that names it (the first that does)."""
        if self._owner is None:
            files = self.tree.files()
            self._owner = {}
            for entry in self.manifest.entries:
                for path in glob_match(entry.files, files):
                    self._owner.setdefault(path, entry)
        return self._owner

    def format_of(self, path: str) -> str | None:
        entry = self.owners().get(path)
        return (entry.format if entry else None) or infer_format(path)

    def strings(self, path: str):
        """The strings of one file; raises StringsFileError (kept, not retried)."""
        if path not in self._parsed:
            try:
                fmt = self.format_of(path)
                if fmt is None:
                    raise StringsFileError("cannot tell the format from the name; set `format:`")
                if _outside(self.tree, path):
                    raise StringsFileError("a link that leads outside the repository; not read")
                self._parsed[path] = read_strings(self.tree.read(path), fmt)
            except StringsFileError as exc:
                self._parsed[path] = exc
        result = self._parsed[path]
        if isinstance(result, StringsFileError):
            raise result
        return result

    def by_key(self, path: str) -> dict[str, SourceString]:
        """One file's strings by key (the last wins, as in the diff); raises StringsFileError."""
        if path not in self._by_key:
            self._by_key[path] = {s.key: s for s in self.strings(path)}
        return self._by_key[path]

    def holders(self, key: str, files: list[str]) -> tuple[list[str], list[str]]:
        """Of `files`, those that hold `key`, and those that could not be read."""
        holding, unreadable = [], []
        for path in files:
            try:
                if key in self.by_key(path):
                    holding.append(path)
            except StringsFileError:
                unreadable.append(path)
        return holding, unreadable


def repository_problems(
    manifest: Manifest, document: LoadedDocument, catalog: StringsCatalog
) -> list[Problem]:
    """The rules beyond the schema: paths, images, bound keys, unique names."""
    tree = catalog.tree
    path = manifest.path
    problems: list[Problem] = []

    def add(node: NodePath, message: str) -> None:
        problems.append(Problem(path, document.line(node), node_name(node), message))

    files = tree.files()
    for entry in manifest.entries:
        node = ("strings", entry.index, "files")
        if escapes_root(entry.files):
            add(
                node,
                f"{entry.files!r} leads outside the repository; use a path relative to "
                "the repository root",
            )
            continue
        matched = glob_match(entry.files, files)
        if not matched:
            add(
                node,
                f"{entry.files!r} matches no file in the repository; check the path and "
                "that `**` is used to cross folders",
            )
        for file in matched:
            if catalog.owners().get(file) is entry and catalog.format_of(file) is None:
                add(node, f"cannot tell the format of {file!r} from its name; add `format:`")
            elif _outside(tree, file):
                add(node, f"{file!r} is a link that leads outside the repository")

    names: dict[str, int] = {}
    for shot in manifest.screenshots:
        base: NodePath = ("screenshots", shot.index)
        problems += _image_problems(tree, shot, document, path)
        if shot.name in names:
            node = (*base, "name") if (*base, "name") in document.value_lines else (*base, "image")
            add(
                node,
                f"the name {shot.name!r} is already used by screenshots[{names[shot.name]}]; "
                "give each screenshot a unique `name`",
            )
        names.setdefault(shot.name, shot.index)
        for bound in shot.bindings:
            found = _binding_problem(bound, catalog)
            if found:
                field, message = found
                add((*base, "strings", bound.index, field), message)
    return sorted(problems, key=lambda p: (p.line or 0, p.node))


def _outside(tree: Tree, file: str) -> bool:
    target = tree.link_target(file)
    return target is not None and escapes_root(target)


def _image_problems(
    tree: Tree, shot: Screenshot, document: LoadedDocument, path: str
) -> list[Problem]:
    node: NodePath = ("screenshots", shot.index, "image")

    def problem(message: str) -> list[Problem]:
        return [Problem(path, document.line(node), node_name(node), message)]

    if escapes_root(shot.image):
        return problem(
            f"{shot.image!r} leads outside the repository; use a path relative to the "
            "repository root"
        )
    if not tree.exists(shot.image):
        return problem(f"{shot.image!r} does not exist in the repository")
    if _outside(tree, shot.image):
        return problem(f"{shot.image!r} is a link that leads outside the repository")
    size = tree.size(shot.image)
    if size > MAX_IMAGE_BYTES:
        return problem(
            f"{shot.image!r} is {size / 1024 / 1024:.1f} MB; Smartling accepts images up to 20 MB"
        )
    if image_type(tree.read(shot.image)[:8]) is None:
        return problem(f"{shot.image!r} is not a PNG, JPEG or GIF (by its first bytes)")
    return []


def _binding_problem(bound: BoundString, catalog: StringsCatalog) -> tuple[str, str] | None:
    """The field at fault and what is wrong, or None when the binding is sound."""
    owners = catalog.owners()
    if not owners:
        return None  # no strings file at all: reported on `strings` already
    if bound.file is not None:
        if bound.file not in owners:
            return "file", (
                f"{bound.file!r} is not one of the manifest's strings files; name a "
                "file that a `strings:` entry matches"
            )
        candidates = [bound.file]
    else:
        candidates = list(owners)
    holders, unreadable = catalog.holders(bound.key, candidates)
    if len(holders) == 1:
        return None
    if len(holders) > 1:
        return "key", (
            f"{bound.key!r} is in several files ({', '.join(holders)}); add `file:` to say which"
        )
    if unreadable:
        return None  # the unreadable file is reported on its own; it may hold the key
    where = f"in {bound.file}" if bound.file else "in any strings file"
    suggestion = _nearest_key(bound.key, candidates, catalog)
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return "key", f"{bound.key!r} is not {where}{hint}"


def _nearest_key(key: str, files: list[str], catalog: StringsCatalog) -> str | None:
    keys = [s.key for f in files for s in catalog.strings(f)]
    hits = difflib.get_close_matches(key, keys, n=1)
    return hits[0] if hits else None
