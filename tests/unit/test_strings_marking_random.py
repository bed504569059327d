"""Marking random files of every format: the reader reads each marked copy back to its keys
and marked texts (a seeded generator, so a failure is reproducible; no hypothesis here)."""

from __future__ import annotations

import json
import random

import javaproperties
import pytest
import yaml
from lxml import etree

from smartling_context.strings import markers
from smartling_context.strings.formats import read_strings
from smartling_context.strings.marking import mark_file

PIECES = [
    "Hello", " ", "  ", "{name}", "{{count}}", "%1$s", "%d", '"', "'", "\\", "\n", "\t", "#",
    "!", "=", ":", "é", "Ü", "日本", "👍", "\u00a0", "&", "<b>", "</b>", "|", "- ", "yes",
    "null", "0x10", "1.5", "@", "?", "[", "]", "{", "}", ",", "*", "~",
]  # fmt: skip


def text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))


def key(rng: random.Random, index: int) -> str:
    return f"k{index}_{rng.choice(['a', 'b', 'title', 'one', 'other'])}"


def tree(rng: random.Random, depth: int = 0) -> dict[str, object]:
    node: dict[str, object] = {}
    for index in range(rng.randint(1, 5)):
        if depth < 2 and rng.random() < 0.3:
            node[key(rng, index)] = tree(rng, depth + 1)
        elif rng.random() < 0.1:
            node[key(rng, index)] = [text(rng), rng.randint(0, 9)]
        else:
            node[key(rng, index)] = text(rng)
    return node


def check(original: bytes, fmt: str, path: str) -> None:
    before = read_strings(original, fmt)
    result = mark_file(original, fmt, path)
    after = read_strings(result, fmt)
    assert [s.key for s in after] == [s.key for s in before]
    for old, new in zip(before, after, strict=True):
        assert new.text == markers.mark(old.text, path, old.key), (old.key, original)
    assert mark_file(result, fmt, path) == result


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_json_and_yaml(seed: int) -> None:
    rng = random.Random(seed)
    document = tree(rng)
    indent = rng.choice([None, 2, 4, "\t"])
    check(
        json.dumps(document, indent=indent, ensure_ascii=rng.random() < 0.5).encode(),
        "json",
        "a.json",
    )
    rails = {"en": document} if rng.random() < 0.5 else document
    check(yaml.safe_dump(rails, allow_unicode=rng.random() < 0.5).encode(), "yaml", "en.yml")


@pytest.mark.parametrize("seed", SEEDS)
def test_random_properties_ios_and_xliff(seed: int) -> None:
    rng = random.Random(seed)
    entries = {
        f"key.{i}{rng.choice(['', ' x', ':y'])}": text(rng) for i in range(rng.randint(1, 8))
    }
    properties = javaproperties.dumps(entries, timestamp=False, ensure_ascii=rng.random() < 0.5)
    check(properties.encode(), "properties", "m.properties")

    def quoted(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    ios = "".join(f'"{quoted(k)}" = "{quoted(v)}";\n' for k, v in entries.items())
    check(ios.encode(), "ios-strings", "Localizable.strings")

    root = etree.Element("xliff", version="1.2")
    body = etree.SubElement(etree.SubElement(root, "file"), "body")
    for index, value in enumerate(entries.values()):
        unit = etree.SubElement(body, "trans-unit", id=f"u{index}")
        source = etree.SubElement(unit, "source")
        source.text = value
        if rng.random() < 0.5:
            etree.SubElement(source, "x", id="PH").tail = text(rng)
        if rng.random() < 0.5:
            etree.SubElement(unit, "target").text = text(rng)
    check(etree.tostring(root, encoding="UTF-8", xml_declaration=True), "xliff", "m.xlf")
