"""Marked strings files: read back by the project's own readers, each text in its key's markers."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
import yaml
from lxml import etree

from smartling_context.strings import markers
from smartling_context.strings.formats import StringsFileError, read_strings
from smartling_context.strings.marking import mark_file


def assert_marked(original: bytes, fmt: str, path: str) -> bytes:
    """The marked file, checked: the reader gives the same keys, each text in its markers."""
    result = mark_file(original, fmt, path)
    before = read_strings(original, fmt)
    after = read_strings(result, fmt)
    assert [s.key for s in after] == [s.key for s in before]
    for old, new in zip(before, after, strict=True):
        assert new.text == markers.mark(old.text, path, old.key), old.key
        assert new.note == old.note
    assert all(markers.has_marker(s.text) for s in after)
    return result


I18NEXT = """{
    "nav": {
        "home": "Home",
        "settings": "Settings"
    },
    "dialog": {"confirm": "OK", "cancel": "Cancel"},
    "toast": {"dismiss": "OK"},
    "item_one": "{{count}} item",
    "item_other": "{{count}} items",
    "empty": "",
    "count": 3,
    "flags": [true, null, "Über"]
}
"""


def test_i18next_json_keeps_keys_order_indentation_and_newline() -> None:
    result = assert_marked(I18NEXT.encode(), "json", "locales/en/app.json").decode()
    lines = result.splitlines()
    assert lines[1] == '    "nav": {'  # four-space indentation kept
    assert lines[2].startswith('        "home": "\U000e0001')
    assert result.endswith("}\n") and not result.endswith("\n\n")
    assert list(json.loads(result)) == list(json.loads(I18NEXT))
    parsed = json.loads(result)
    assert parsed["empty"] == "" and parsed["count"] == 3 and parsed["flags"][:2] == [True, None]
    assert "Über" in result  # UTF-8 stays UTF-8


def test_two_keys_sharing_a_text_get_different_markers() -> None:
    result = json.loads(mark_file(I18NEXT.encode(), "json", "app.json"))
    assert markers.strip_markers(result["dialog"]["confirm"]) == "OK"
    assert result["dialog"]["confirm"] != result["toast"]["dismiss"]


def test_flat_formatjs_file_on_one_line_stays_on_one_line() -> None:
    original = '{"app.greeting":"Hello, {name}!","app.items":"{count, plural, one {# item} other {# items}}"}'
    result = assert_marked(original.encode(), "json", "lang/en.json")
    assert b"\n" not in result and b'":"' in result


def test_tabs_bom_and_escaped_file_keep_their_style() -> None:
    original = b'\xef\xbb\xbf{\n\t"a": "caf\\u00e9",\n\t"b": "plain"\n}'
    result = assert_marked(original, "json", "x.json")
    assert result.startswith(b'\xef\xbb\xbf{\n\t"a": ')
    assert result[3:].isascii()  # markers escaped as the file escapes non-ASCII text
    assert b"\\udb40\\udc01" in result
    assert result.endswith(b"}")


def test_vue_i18n_nested_messages() -> None:
    original = json.dumps(
        {"message": {"hello": "hello {name}", "apple": "no apples | one apple | {count} apples"}},
        indent=2,
    )
    assert_marked(original.encode(), "json", "src/locales/en.json")


def test_arb_marks_messages_and_leaves_metadata() -> None:
    original = json.dumps(
        {
            "@@locale": "en",
            "helloWorld": "Hello World!",
            "@helloWorld": {"description": "The conventional newborn programmer greeting"},
            "nWombats": "{count, plural, =0{no wombats} =1{1 wombat} other{{count} wombats}}",
        },
        indent=2,
        ensure_ascii=False,
    )
    result = assert_marked(original.encode(), "arb", "lib/l10n/app_en.arb")
    parsed = json.loads(result)
    assert parsed["@@locale"] == "en"
    assert parsed["@helloWorld"] == {"description": "The conventional newborn programmer greeting"}


def test_marking_a_marked_file_changes_nothing() -> None:
    once = mark_file(I18NEXT.encode(), "json", "app.json")
    assert mark_file(once, "json", "app.json") == once


def test_the_marker_depends_on_the_file_path() -> None:
    a = json.loads(mark_file(b'{"k": "v"}', "json", "a.json"))["k"]
    b = json.loads(mark_file(b'{"k": "v"}', "json", "b.json"))["k"]
    assert a != b


def test_an_unreadable_file_is_the_readers_error() -> None:
    with pytest.raises(StringsFileError) as error:
        mark_file(b'{"a": }', "json", "broken.json")
    assert error.value.line == 1
    with pytest.raises(StringsFileError, match="no marking"):
        mark_file(b"x", "csv", "x.csv")


RAILS = """# Rails locale
en:
  defaults: &defaults
    save: Save
    cancel: "Cancel"
  hello: "Hello %{name}"
  yes_label: 'yes'
  dialog:
    <<: *defaults
    title: Are you sure?
  inbox:
    zero: No messages
    one: 1 message
    other: "%{count} messages"
  list:
    - First
    - Second
  count: 3
  date: 2001-13-45
  "on": turned on
  multi: |
    Line one
    Line two
"""


def test_rails_yaml_keeps_the_locale_root_and_marks_each_alias_under_its_own_key() -> None:
    result = assert_marked(RAILS.encode(), "yaml", "config/locales/en.yml")
    document = yaml.safe_load(result)
    assert list(document) == ["en"]
    en = document["en"]
    assert markers.strip_markers(en["dialog"]["save"]) == "Save"
    assert en["dialog"]["save"] != en["defaults"]["save"]  # the merged copy has its own key
    assert en["count"] == 3 and markers.strip_markers(en["yes_label"]) == "yes"
    assert markers.strip_markers(en["multi"]) == "Line one\nLine two\n"


def test_yaml_without_a_locale_root_and_with_odd_keys() -> None:
    original = "? complex\n: value\n2: two\ntrue: yes-key\nlist: [a, b]\n"
    assert_marked(original.encode(), "yaml", "strings.yml")
    assert mark_file(b"", "yaml", "empty.yml") in (b"", b"null\n...\n")


PROPERTIES = (
    "# The greeting\r\n"
    "greeting = Hello, {0}!\r\n"
    "\r\n"
    "Citation\\ count\\: : {0} citations\r\n"
    "long=first \\\r\n"
    "    second\r\n"
    "empty=\r\n"
    "cafe=Caf\\u00e9\r\n"
)


def test_properties_are_marked_with_unicode_escapes_and_keep_everything_else() -> None:
    result = assert_marked(PROPERTIES.encode(), "properties", "src/main/resources/app.properties")
    assert result.isascii()  # readable as ISO-8859-1 and as UTF-8 alike
    text = result.decode()
    assert text.startswith("# The greeting\r\ngreeting = \\udb40\\udc01")
    assert "\r\n\r\nCitation\\ count\\: : \\udb40\\udc01" in text
    assert "\nempty=\r\n" in text
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])


def test_an_iso_8859_1_properties_file_stays_iso_8859_1() -> None:
    original = "title=Caf\u00e9 cr\u00e8me\n".encode("iso-8859-1")
    result = assert_marked(original, "properties", "messages.properties")
    assert result.isascii()
    comment_kept = assert_marked(b"# \xe9t\xe9\nk=v\n", "properties", "m.properties")
    assert comment_kept.startswith(b"# \xe9t\xe9\n")


PO = b"""# Translations template.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. Greeting on the home page
#: src/app.py:10
msgid "Hello"
msgstr ""

#, fuzzy
msgctxt "menu"
msgid "Open"
msgstr "Stale"

msgid "Close"
msgstr "Close the window"

msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

#~ msgid "Old"
#~ msgstr "Old"
"""


def shown_po(content: bytes) -> dict[str, list[str]]:
    """Each entry's msgstr forms, as msgfmt would compile them (fuzzy ones left out)."""
    from translate.storage.pypo import pofile

    store = pofile()
    store.parse(content)
    return {
        unit.getid().replace("\x04", "|"): [str(t) for t in unit.target.strings]
        if unit.hasplural()
        else [str(unit.target)]
        for unit in store.units
        if not unit.isheader() and not unit.isobsolete() and not unit.isfuzzy()
    }


def test_po_msgstr_holds_what_the_app_shows_marked_and_msgids_stay() -> None:
    path = "locale/en/LC_MESSAGES/app.po"
    result = mark_file(PO, "po", path)

    def listed(content: bytes) -> list[tuple[str, str, str]]:
        return [(s.key, s.text, s.note) for s in read_strings(content, "po")]

    assert listed(result) == listed(PO)  # keys are msgids: unchanged
    assert shown_po(result) == {
        "Hello": [markers.mark("Hello", path, "Hello")],
        "menu|Open": [markers.mark("Open", path, "menu|Open")],  # the fuzzy "Stale" never showed
        "Close": [markers.mark("Close the window", path, "Close")],
        "One file": [
            markers.mark("One file", path, "One file[one]"),
            markers.mark("%d files", path, "One file[other]"),
        ],
    }
    text = result.decode()
    assert "#. Greeting on the home page\n#: src/app.py:10\n" in text
    assert '#~ msgid "Old"' in text
    assert mark_file(result, "po", path) == result


def test_a_pot_template_with_a_placeholder_charset_is_marked_in_utf8() -> None:
    template = PO.replace(b"charset=UTF-8", b"charset=CHARSET")
    result = mark_file(template, "po", "messages.pot")
    assert shown_po(result)["Hello"] == [markers.mark("Hello", "messages.pot", "Hello")]
    result.decode("utf-8")


XLIFF12 = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="greeting" datatype="html">
        <source>Hello <x id="INTERPOLATION" equiv-text="{{ name }}"/>!</source>
        <target>Hello <x id="INTERPOLATION" equiv-text="{{ name }}"/>!</target>
        <note priority="1" from="description">Home page greeting</note>
      </trans-unit>
      <trans-unit id="ok"><source>OK &amp; go</source></trans-unit>
      <trans-unit id="bold"><source><g id="1">Bold</g></source></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = b"""<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">
  <file id="f1">
    <unit id="welcome">
      <segment><source>Welcome, </source></segment>
      <segment><source><ph id="1" equiv="{name}"/>.</source><target>Hi <ph id="1"/>.</target></segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_12_source_and_target_marked_inline_elements_kept() -> None:
    path = "src/locale/messages.xlf"
    result = assert_marked(XLIFF12, "xliff", path)
    assert result.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<xliff ")
    root = etree.fromstring(result)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    (target,) = root.iterfind(".//x:trans-unit[@id='greeting']/x:target", ns)
    shown = etree.tostring(target, encoding="unicode", with_tail=False)
    assert markers.mark("Hello ", path, "greeting")[:-8] in shown
    assert shown.endswith(f"!{markers.STOP}{markers.marker_id(path, 'greeting')}</target>")
    assert mark_file(result, "xliff", path) == result


def test_xliff_20_units_marked_across_their_segments() -> None:
    result = assert_marked(XLIFF20, "xliff", "messages.xlf")
    assert not result.startswith(b"<?xml")


ANDROID = b"""<?xml version="1.0" encoding="utf-8"?>
<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
    <!-- Title of the home screen -->
    <string name="title">
        Home
    </string>
    <string name="quoted">"  spaced  "</string>
    <string name="apos">Don\\'t stop</string>
    <string name="greeting">Hello <xliff:g id="name">%1$s</xliff:g></string>
    <string name="bold">  <b>Bold</b> text  </string>
    <string name="ref">@string/title</string>
    <string name="escaped_at">\\@home</string>
    <string name="fixed" translatable="false">Acme</string>
    <plurals name="files">
        <item quantity="one">%d file</item>
        <item quantity="other">%d files</item>
    </plurals>
    <string-array name="days">
        <item>Mon</item>
        <item>Tue</item>
    </string-array>
</resources>
"""


def test_android_strings_plurals_and_arrays_marked_inside_the_trimmed_whitespace() -> None:
    path = "app/src/main/res/values/strings.xml"
    result = mark_file(ANDROID, "android", path)
    before = {s.key: s for s in read_strings(ANDROID, "android")}
    after = {s.key: s for s in read_strings(result, "android")}
    assert list(after) == list(before)
    for key, old in before.items():
        expected = old.text if key == "ref" else markers.mark(old.text, path, key)
        assert after[key].text == expected, key
        assert after[key].note == old.note
    assert b'<string name="fixed" translatable="false">Acme</string>' in result
    assert mark_file(result, "android", path) == result


IOS = '/* Title of the home screen */\n"title" = "Home";\n\n"say" = "Say \\"hi\\"\\n";\n"k"="v";\n'


def test_ios_strings_marked_in_utf8_and_utf16() -> None:
    result = assert_marked(IOS.encode(), "ios-strings", "en.lproj/Localizable.strings")
    assert result.startswith(b"/* Title of the home screen */\n")
    utf16 = codecs.BOM_UTF16_LE + IOS.encode("utf-16-le")
    marked16 = assert_marked(utf16, "ios-strings", "en.lproj/Localizable.strings")
    assert marked16.startswith(codecs.BOM_UTF16_LE)
    assert marked16.decode("utf-16") == result.decode()
    assert mark_file(marked16, "ios-strings", "en.lproj/Localizable.strings") == marked16


_REPO = Path(__file__).resolve().parents[2]
REALWORLD = (
    next(
        (p for p in (_REPO.parent / "shared", _REPO.parents[1] / "shared") if p.is_dir()),
        _REPO.parent / "shared",
    )
    / "realworld-strings"
)


def _realworld_files() -> dict[str, str]:
    if not (REALWORLD / "expected.json").exists():
        return {}
    files = json.loads((REALWORLD / "expected.json").read_text())["files"]
    return {name: entry["format"] for name, entry in sorted(files.items())}


@pytest.mark.skipif(
    not _realworld_files(), reason=f"the real-world corpus is not here ({REALWORLD})"
)
@pytest.mark.parametrize("name", list(_realworld_files()) or ["absent"])
def test_realworld_file_marked_reads_back_to_its_keys_and_marked_texts(name: str) -> None:
    """Extra: a real file from ../shared/realworld-strings, marked and read back."""
    fmt = _realworld_files()[name]
    content = (REALWORLD / name).read_bytes()
    result = mark_file(content, fmt, name)
    before, after = read_strings(content, fmt), read_strings(result, fmt)
    assert [s.key for s in after] == [s.key for s in before]
    for old, new in zip(before, after, strict=True):
        if fmt == "po":  # msgids are the keys; the markers are in the msgstrs
            assert new.text == old.text
        elif fmt == "android" and old.text[0] in "@?" and new.text == old.text:
            continue  # a resource reference stays a reference
        else:
            assert new.text == markers.mark(old.text, name, old.key), old.key


def test_a_file_nested_too_deeply_to_write_back_is_an_error_not_a_crash() -> None:
    deep_json = ('{"a":' * 900 + '"x"' + "}" * 900).encode()
    deep_yaml = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 400)) + "  " * 400 + "c: x\n"
    for content, fmt in ((deep_json, "json"), (deep_yaml.encode(), "yaml")):
        with pytest.raises(StringsFileError, match="nested too deeply"):
            mark_file(content, fmt, f"deep.{fmt}")
