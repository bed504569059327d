"""Reading a manifest against its JSON Schema, with a sentence a person can act on per problem.

Every problem is reported at once, each with the manifest's path, the line,
the node's path (`screenshots[2].strings[0].key`) and a sentence a person can
act on.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from smartling_context.manifest.loader import (
    LoadedDocument,
    ManifestUnreadable,
    NodePath,
    duplicate_problems,
    load_document,
    node_name,
)
from smartling_context.manifest.model import Manifest, Problem, manifest_from_data

if TYPE_CHECKING:  # jsonschema is imported only when a document is checked (start-up time)
    from jsonschema.exceptions import ValidationError


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


MANIFEST_SCHEMA = "context-manifest"
BOXES_SCHEMA = "context-boxes"


@cache
def schema(name: str = MANIFEST_SCHEMA) -> dict[str, Any]:
    text = resources.files("smartling_context").joinpath(f"data/{name}.schema.json")
    result: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return result


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
    problems += [Problem(path, *found) for found in duplicate_problems(document)]
    if problems:
        raise ManifestInvalid(
            sorted(problems, key=lambda p: (p.line or 0, p.node)),
            manifest_from_data(_salvage(document.data), path),
            document,
        )
    return manifest_from_data(document.data, path), document


def _salvage(data: dict[str, Any]) -> dict[str, Any]:
    """A copy without the nodes the schema rejects, list positions kept (None)."""
    from jsonschema import Draft202012Validator

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


def schema_problems(
    document: LoadedDocument, path: str, name: str = MANIFEST_SCHEMA
) -> list[Problem]:
    """Every way the document breaks the named schema, each a problem with its line."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema(name))
    problems: list[Problem] = []
    for error in validator.iter_errors(document.data):
        problems += _explain(error, document, path)
    # jsonschema reports `required` once per missing name, each with the whole list.
    return list(dict.fromkeys(problems))


def _explain(error: ValidationError, document: LoadedDocument, path: str) -> list[Problem]:
    node: NodePath = tuple(error.absolute_path)
    value: Any = error.instance
    kind = error.validator
    expected: Any = error.validator_value  # the JSON edge: the schema keyword's value
    schema_node: Any = error.schema
    if kind == "additionalProperties":
        allowed = sorted(schema_node.get("properties", {}))
        problems = []
        for extra in sorted(set(value) - set(allowed)):
            hint = difflib.get_close_matches(extra, allowed, n=1)
            message = f"unknown property {extra!r}"
            message += f"; did you mean {hint[0]!r}?" if hint else "."
            message += f" Allowed here: {', '.join(allowed)}."
            problems.append(
                Problem(path, document.key_line((*node, extra)), node_name((*node, extra)), message)
            )
        return problems
    if kind == "required":
        missing = [name for name in expected if name not in value]
        return [
            Problem(
                path,
                document.line(node),
                node_name((*node, name)),
                f"required property {name!r} is missing" + _example(name),
            )
            for name in missing
        ]
    if kind == "anyOf" and all(list(option) == ["required"] for option in expected):
        names = " or ".join(f"`{option['required'][0]}`" for option in expected)
        return [
            Problem(
                path,
                document.line(node),
                node_name(node),
                f"needs {names}: the path of an image, or a folder of images with boxes files",
            )
        ]
    if kind in ("minProperties", "maxProperties") and "click" in schema_node.get("properties", {}):
        actions = ", ".join(schema_node["properties"])
        given = ", ".join(value) if isinstance(value, dict) and value else "none"
        return [
            Problem(
                path,
                document.line(node),
                node_name(node),
                f"a step is exactly one of {actions} (given: {given}); "
                "write each action as its own `- ` item",
            )
        ]
    if kind == "enum":
        options = [str(v) for v in expected]
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
        "exclusiveMinimum": f"must be more than {error.validator_value} (got {value!r})",
        "maximum": f"must be {error.validator_value} or less (got {value!r})",
        "pattern": (
            f"{value!r} may use only the placeholders {{path}}, {{name}} and {{branch}}"
            if node and node[-1] == "file-uri"
            else f"{value!r} does not have the expected form"
        ),
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
        return " or ".join(names.get(str(t), str(t)) for t in type_name)
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
    entries = data.get("strings") if isinstance(data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
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
