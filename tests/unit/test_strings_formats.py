"""Every strings format through one interface: keys, texts, translator notes, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from smartling_context.strings.formats import StringsFileError, infer_format, read_strings

ANDROID = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
  <!-- Title of the app -->
  <string name="app_name">Hotel</string>
  <string name="internal" translatable="false">X</string>
  <plurals name="rooms"><item quantity="one">%d room</item><item quantity="other">%d rooms</item></plurals>
  <string-array name="days"><item>Mon</item><item>Tue</item></string-array>
  <string name="esc">Don\\'t &amp; go</string>
</resources>
"""
PO = b"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. Button label
#: src/a.py:1
msgid "Save"
msgstr ""

msgctxt "menu"
msgid "Open"
msgstr ""

msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
"""
XLIFF = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="app" source-language="en" datatype="plaintext"><body>
   <trans-unit id="greet"><source>Hello</source><note>Shown on start</note></trans-unit>
   <trans-unit id="bye"><source>Bye</source></trans-unit>
 </body></file>
</xliff>
"""
CASES = {
    "json nested and dotted": (
        "app.json",
        b'{"search": {"results": "Results for {q}"}, "nav.back": "Back"}',
        [("search.results", "Results for {q}", ""), ("nav.back", "Back", "")],
    ),
    "json flat": (
        "flat.json",
        b'{"save": "Save", "cancel": "Cancel"}',
        [("save", "Save", ""), ("cancel", "Cancel", "")],
    ),
    "yaml plain": (
        "app.yml",
        b"search:\n  results: Results\nlist:\n  - a\n",
        [("search.results", "Results", ""), ("list[0]", "a", "")],
    ),
    "yaml rails": (
        "en.yml",
        b"en:\n  search:\n    results: Results\n  items:\n    one: 1 item\n"
        b"    other: '%{count} items'\n",
        [
            ("search.results", "Results", ""),
            ("items.one", "1 item", ""),
            ("items.other", "%{count} items", ""),
        ],
    ),
    "properties": (
        "a.properties",
        b"# Button label\nsave=Save changes\nunicode=caf\\u00e9\n",
        [("save", "Save changes", "Button label"), ("unicode", "caf\u00e9", "")],
    ),
    "android": (
        "res/values/strings.xml",
        ANDROID,
        [
            ("app_name", "Hotel", "Title of the app"),
            ("rooms[one]", "%d room", ""),
            ("rooms[other]", "%d rooms", ""),
            ("days[0]", "Mon", ""),
            ("days[1]", "Tue", ""),
            ("esc", "Don't & go", ""),
        ],
    ),
    "ios utf-8": (
        "Localizable.strings",
        b'/* Greeting */\n"hello" = "Hello";\n"q" = "\\"x\\"";\n',
        [("hello", "Hello", "Greeting"), ("q", '"x"', "")],
    ),
    "ios utf-16": (
        "Localizable.strings",
        '/* Greeting */\n"hello" = "Hello";\n'.encode("utf-16"),
        [("hello", "Hello", "Greeting")],
    ),
    "gettext": (
        "app.po",
        PO,
        [
            ("Save", "Save", "Button label"),
            ("menu|Open", "Open", ""),
            ("One file[one]", "One file", ""),
            ("One file[other]", "%d files", ""),
        ],
    ),
    "xliff": ("app.xlf", XLIFF, [("greet", "Hello", "Shown on start"), ("bye", "Bye", "")]),
    "arb": (
        "app_en.arb",
        b'{"@@locale": "en", "hello": "Hello {name}", "@hello": {"description": "Greeting"}}',
        [("hello", "Hello {name}", "Greeting")],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_format_gives_keys_texts_and_notes(case):
    name, content, expected = CASES[case]
    strings = read_strings(content, infer_format(name))
    assert [(s.key, s.text, s.note) for s in strings] == expected


@pytest.mark.parametrize(
    ("name", "content", "says", "line"),
    [
        ("a.json", b'{"a": "x",\n "b": }', "not valid JSON", 2),
        ("a.json", b'{"a": "caf\xe9"}', "invalid UTF-8", 1),
        (
            "strings.xml",
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n'
            b'<resources><string name="x">&e;</string></resources>',
            "external entity 'e'",
            None,
        ),
        ("a.xlf", b"<xliff>\n<file>\n</xliff>", "not well-formed XML", 3),
        ("a.yml", b"a: [unclosed\nb: c\n", "not valid YAML", None),
    ],
)
def test_a_file_that_does_not_parse_is_an_error_with_its_line(name, content, says, line):
    with pytest.raises(StringsFileError) as raised:
        read_strings(content, infer_format(name))
    assert says in raised.value.message
    if line is not None:
        assert raised.value.line == line


def test_strings_command_prints_keys_and_json(tmp_path):
    path = tmp_path / "app.json"
    path.write_bytes(CASES["json nested and dotted"][1])
    command = [sys.executable, "-m", "smartling_context.cli", "strings", str(path)]
    plain = subprocess.run(command, capture_output=True, text=True, check=True)
    assert plain.stdout.splitlines()[0] == "search.results\t'Results for {q}'"
    as_json = subprocess.run([*command, "--json"], capture_output=True, text=True, check=True)
    assert json.loads(as_json.stdout)[1] == {"key": "nav.back", "text": "Back", "note": ""}
    path.write_bytes(b"{broken")
    broken = subprocess.run(command, capture_output=True, text=True, check=False)
    assert broken.returncode == 2 and "not valid JSON" in broken.stderr
    assert "Traceback" not in broken.stderr
