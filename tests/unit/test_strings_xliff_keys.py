"""XLIFF keys as the code looks the units up (#27.3): Symfony by `resname`, Xcode's
exported XLIFF by file and id."""

from __future__ import annotations

from smartling_context.strings.formats import read_strings

SYMFONY = b"""<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file source-language="en" datatype="plaintext" original="file.ext">
    <body>
      <trans-unit id="h8Gx1_q" resname="login.submit">
        <source>Sign in</source>
      </trans-unit>
      <trans-unit id="2">
        <source>Unnamed</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""
SYMFONY_2 = b"""<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">
  <file id="messages.en">
    <unit id="Zx4" name="nav.home"><segment><source>Home</source></segment></unit>
  </file>
</xliff>
"""
XCODE = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="App/Base.lproj/Main.storyboard" source-language="en" datatype="plaintext">
    <header>
      <tool tool-id="com.apple.dt.xcode" tool-name="Xcode" tool-version="15.0" build-num="15A240d"/>
    </header>
    <body>
      <trans-unit id="title" xml:space="preserve">
        <source>Settings</source>
        <note>Class = "UILabel"; text = "Settings";</note>
      </trans-unit>
    </body>
  </file>
  <file original="App/en.lproj/Localizable.strings" source-language="en" datatype="plaintext">
    <header>
      <tool tool-id="com.apple.dt.xcode" tool-name="Xcode" tool-version="15.0" build-num="15A240d"/>
    </header>
    <body>
      <trans-unit id="title" xml:space="preserve">
        <source>Preferences</source>
        <note>Window title</note>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def keys(content: bytes) -> dict[str, str]:
    return {s.key: s.text for s in read_strings(content, "xliff")}


def test_symfony_units_are_keyed_by_resname_when_they_have_one():
    assert keys(SYMFONY) == {"login.submit": "Sign in", "2": "Unnamed"}
    assert keys(SYMFONY_2) == {"nav.home": "Home"}


def test_xcode_units_of_different_files_keep_apart_under_their_file():
    strings = read_strings(XCODE, "xliff")
    assert [(s.key, s.text, s.note) for s in strings] == [
        (
            "App/Base.lproj/Main.storyboard#title",
            "Settings",
            'Class = "UILabel"; text = "Settings";',
        ),
        ("App/en.lproj/Localizable.strings#title", "Preferences", "Window title"),
    ]


def test_a_marked_copy_carries_the_markers_of_the_keys_the_reader_gives():
    from smartling_context.strings.markers import mark
    from smartling_context.strings.marking import mark_file

    marked = read_strings(mark_file(SYMFONY, "xliff", "t.xlf"), "xliff")
    assert [s.text for s in marked] == [
        mark("Sign in", "t.xlf", "login.submit"),
        mark("Unnamed", "t.xlf", "2"),
    ]
    marked = read_strings(mark_file(XCODE, "xliff", "x.xlf"), "xliff")
    assert marked[1].text == mark("Preferences", "x.xlf", "App/en.lproj/Localizable.strings#title")
