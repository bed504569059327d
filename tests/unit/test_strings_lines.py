"""Every reader gives the 1-based line of each key (gettext: the `msgid` line), for
annotations on the string's own line in a pull request."""

from __future__ import annotations

import pytest

from smartling_context.strings.formats import read_strings

JSON = b"""{
  "nav": {
    "back": "Back",
    "count": 3,
    "title":
      "Home"
  },
  "days": [
    "Mon",
    "Tue"
  ],
  "says \\"hi\\": x": "Hi",
  "empty": {}, "inline": "On one line"
}
"""
JSON_DUPLICATE = b"""{
  "a": "first",
  "b": "B",
  "a": "last"
}
"""
ARB = b"""{
  "@@locale": "en",
  "hello": "Hello {name}",
  "@hello": {
    "description": "Greeting on the start screen"
  },
  "bye": "Bye"
}
"""
YAML = b"""# Rails locale
en:
  nav:
    back: Back
    title: >
      Home page
  days:
    - Mon
    - Tue
  defaults: &defaults
    save: Save
  form:
    <<: *defaults
    cancel: Cancel
"""
PROPERTIES = b"""# Buttons
save=Save
long=first part \\
  second part
\\u00e9t\\u00e9=Summer

cancel : Cancel
"""
ANDROID = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <!-- Title -->
    <string name="app_name">Hotel</string>
    <string
        name="split_tag"
        >Split</string>
    <plurals name="rooms">
        <item quantity="one">%d room</item>
        <item quantity="other">%d rooms</item>
    </plurals>
    <string-array name="days">
        <item>Mon</item>
    </string-array>
</resources>
"""
IOS = b"""/* Greeting */
"hello" = "Hello";
"two" = "Two"; "three" = "Three";

"multi" = "line one
line two";
/* Button */ "save" = "Save";
"""
PO = b"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. Button label
#: src/a.py:1
msgid "Save"
msgstr ""

#~ msgid "Old"
#~ msgstr ""

msgctxt "menu"
msgid ""
"Open"
msgstr ""

msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
"""
XLIFF = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="app" source-language="en" datatype="plaintext"><body>
   <trans-unit id="greet">
     <source>Hello</source>
   </trans-unit>
   <trans-unit
       id="bye" resname="bye"><source>Bye</source></trans-unit>
 </body></file>
</xliff>
"""

CASES = {
    "json": (
        "json",
        JSON,
        {
            "nav.back": 3,
            "nav.title": 5,
            "days[0]": 9,
            "days[1]": 10,
            'says "hi": x': 12,
            "inline": 13,
        },
    ),
    "json, a key written twice": ("json", JSON_DUPLICATE, {"a": 4, "b": 3}),
    "arb": ("arb", ARB, {"hello": 3, "bye": 7}),
    "yaml": (
        "yaml",
        YAML,
        {
            "nav.back": 4,
            "nav.title": 5,
            "days[0]": 8,
            "days[1]": 9,
            "defaults.save": 11,
            "form.save": 11,
            "form.cancel": 14,
        },
    ),
    "properties": (
        "properties",
        PROPERTIES,
        {"save": 2, "long": 3, "\u00e9t\u00e9": 5, "cancel": 7},
    ),
    "android": (
        "android",
        ANDROID,
        {"app_name": 4, "split_tag": 5, "rooms[one]": 9, "rooms[other]": 10, "days[0]": 13},
    ),
    "ios": ("ios-strings", IOS, {"hello": 2, "two": 3, "three": 3, "multi": 5, "save": 7}),
    "ios utf-16": (
        "ios-strings",
        IOS.decode().encode("utf-16"),
        {"hello": 2, "two": 3, "three": 3, "multi": 5, "save": 7},
    ),
    "po": ("po", PO, {"Save": 7, "menu|Open": 14, "One file[one]": 18, "One file[other]": 18}),
    "xliff": ("xliff", XLIFF, {"greet": 4, "bye": 7}),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_every_string_knows_the_line_of_its_key(case):
    fmt, content, lines = CASES[case]
    assert {s.key: s.line for s in read_strings(content, fmt)} == lines


def test_arb_with_a_key_written_twice_gives_the_last_line():
    content = b'{\n  "a": "first",\n  "@a": {"description": "x"},\n  "b": "B",\n  "a": "last"\n}\n'
    assert {s.key: (s.text, s.line) for s in read_strings(content, "arb")} == {
        "a": ("last", 5),
        "b": ("B", 4),
    }


def test_arb_finds_a_message_key_not_a_placeholder_of_the_same_name():
    content = b'{\n  "a": "{y} items",\n  "@a": {"placeholders": {"y": {}}},\n  "y": "Y"\n}\n'
    assert {s.key: s.line for s in read_strings(content, "arb")} == {"a": 2, "y": 4}
