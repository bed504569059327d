"""Each format read as its platform reads it (#13, #12.11): one small file per defect class."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smartling_context.strings.formats import StringsFileError, infer_format, read_strings


def read(name: str, content: bytes) -> dict[str, str]:
    return {s.key: s.text for s in read_strings(content, infer_format(name) or "")}


XLIFF_HEAD = (
    b'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    b'<file original="a" source-language="en" datatype="html"><body>\n'
)
XLIFF_TAIL = b"\n</body></file></xliff>\n"


def xliff(*sources: bytes) -> bytes:
    units = b"".join(
        b'<trans-unit id="u%d"><source>%s</source></trans-unit>\n' % (i, source)
        for i, source in enumerate(sources)
    )
    return XLIFF_HEAD + units + XLIFF_TAIL


def test_xliff_inline_elements_stay_in_the_text_as_the_source_shows_them():
    content = xliff(
        b'Details for <x id="INTERPOLATION" equiv-text="{{ name }}"/>',
        b'Tom &amp; <g id="1" ctype="bold">Jerry</g>',
        b'Line<ph id="1">&lt;br/&gt;</ph>two <mrk mtype="term">Hotel</mrk>',
        b'<bx id="2"/>a<ex id="2"/> <bpt id="3">&lt;b&gt;</bpt>b<ept id="3">&lt;/b&gt;</ept>'
        b'<it id="4" pos="open">&lt;i&gt;</it>',
    )
    assert read("a.xlf", content) == {
        "u0": 'Details for <x id="INTERPOLATION" equiv-text="{{ name }}"/>',
        "u1": 'Tom & <g id="1" ctype="bold">Jerry</g>',
        "u2": 'Line<ph id="1"><br/></ph>two <mrk mtype="term">Hotel</mrk>',
        "u3": '<bx id="2"/>a<ex id="2"/> <bpt id="3"><b></bpt>b<ept id="3"></b></ept>'
        '<it id="4" pos="open"><i></it>',
    }


@pytest.mark.parametrize(
    ("locale", "forms"),
    [("en", ("zero", "one", "other")), ("fr", ("one", "other")), ("ja", ("other",))],
)
def test_rails_plurals_keep_the_category_keys_as_written_in_every_locale(locale, forms):
    content = f"{locale}:\n  inbox:\n    items:\n".encode()
    content += b"".join(f"      {form}: '{form} %{{count}}'\n".encode() for form in forms)
    assert read(f"{locale}.yml", content) == {
        f"inbox.items.{form}": f"{form} %{{count}}" for form in forms
    }


def test_yaml_ending_with_the_document_end_marker_drops_its_locale_root():
    content = b"# Exported from translatewiki.net\n---\nen-GB:\n  html:\n    dir: ltr\n...\n"
    assert read("en-GB.yml", content) == {"html.dir": "ltr"}


def test_yaml_with_a_duplicate_key_is_read_as_rails_reads_it_the_last_wins():
    content = b"en:\n  create: Create\n  save: Save\n  create: Create it\n"
    assert read("en.yml", content) == {"create": "Create it", "save": "Save"}


def test_yaml_merge_keys_numbers_and_booleans():
    content = (
        b"defaults: &defaults\n  ok: OK\n  cancel: Cancel\ndialog:\n  <<: *defaults\n"
        b"  cancel: Close\n  width: 300\n  modal: true\n  title: 'true'\n"
        b"  released: 2001-01-01\n  odd: 2001-13-45\n"
    )
    assert read("app.yml", content) == {
        "defaults.ok": "OK",
        "defaults.cancel": "Cancel",
        "dialog.ok": "OK",
        "dialog.cancel": "Close",
        "dialog.title": "true",
        "dialog.odd": "2001-13-45",
    }


def test_a_large_yaml_file_is_read_whole():
    content = b"en:\n" + b"".join(b"  key%d: Text %d\n" % (i, i) for i in range(25_000))
    strings = read("en.yml", content)
    assert len(strings) == 25_000 and strings["key24999"] == "Text 24999"


def test_yaml_aliases_that_expand_exponentially_are_refused():
    lines = [b'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [b"a%d: &a%d [%s]" % (i, i, b", ".join([b"*a%d" % (i - 1)] * 9)) for i in range(1, 9)]
    with pytest.raises(StringsFileError) as raised:
        read_strings(b"\n".join(lines) + b"\n", "yaml")
    assert "aliases" in raised.value.message


def android(body: bytes, doctype: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + doctype
        + b"<resources>\n"
        + body
        + (b"\n</resources>\n")
    )


def test_android_text_is_what_aapt2_compiles():
    content = android(
        "<string name='nbsp'>%d&#160;MB, VLC\u202f? caf\u00a0\u00e9</string>\n"
        "<string name='unknown_escape'>for that.\\n\\Or (%3$s\\\u2013%4$s\\)</string>\n"
        "<string name='escapes'>\\t\\@\\?\\'\\\"\\u00e9\\\\</string>\n"
        "<string name='cdata'>\n    <![CDATA[\n    Hi!\n    <br/><br/>\n    Bye.\n    ]]>\n"
        "</string>\n"
        "<string name='multi'>  One\n      two\t\tthree  </string>\n"
        '<string name="quoted">"  kept   as is  " and  not</string>\n'
        '<string name="markup">Tap <b>here</b>  <xliff:g id="n" '
        'xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">%1$s</xliff:g></string>'.encode()
    )
    assert read("values/strings.xml", content) == {
        "nbsp": "%d\u00a0MB, VLC\u202f? caf\u00a0\u00e9",
        "unknown_escape": "for that.\nOr (%3$s\u2013%4$s)",
        "escapes": "\t@?'\"\u00e9\\",
        "cdata": "Hi! <br/><br/> Bye.",
        "multi": "One two three",
        "quoted": "  kept   as is   and not",
        "markup": "Tap <b>here</b> %1$s",
    }


def test_android_internal_entities_are_expanded_as_aapt2_does():
    content = android(
        b'<string name="app">&APP_NAME; settings</string>',
        b'<!DOCTYPE resources [ <!ENTITY APP_NAME "Termux"> ]>\n',
    )
    assert read("values/strings.xml", content) == {"app": "Termux settings"}


def test_android_billion_laughs_is_refused():
    entities = b'<!ENTITY a0 "lollollollollollollollollollol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    content = android(b'<string name="x">&a9;</string>', b"<!DOCTYPE r [" + entities + b"]>\n")
    with pytest.raises(StringsFileError) as raised:
        read_strings(content, "android")
    assert "entities expand" in raised.value.message


def test_properties_keys_are_unescaped_as_java_reads_them():
    content = b"Citation\\ count\\ fetcher\\:=Citation count fetcher:\na\\=b\\#c = x\n"
    assert read("a.properties", content) == {
        "Citation count fetcher:": "Citation count fetcher:",
        "a=b#c": "x",
    }


def test_properties_fall_back_to_iso_8859_1_as_java_9_resource_bundles_do():
    assert read("da.properties", "Bl\u00e5=Gr\u00f8n\n".encode("iso-8859-1")) == {
        "Bl\u00e5": "Gr\u00f8n"
    }
    assert read("da.properties", "Bl\u00e5=Gr\u00f8n\n".encode()) == {"Bl\u00e5": "Gr\u00f8n"}


def test_ios_keys_are_unescaped_as_the_runtime_sees_them():
    content = b'"Update\\n(version %@)" = "Update\\n(version %@)";\n"say \\"hi\\"" = "x";\n'
    assert read("Localizable.strings", content) == {
        "Update\n(version %@)": "Update\n(version %@)",
        'say "hi"': "x",
    }


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ios_utf16_without_a_bom_is_detected(encoding):
    content = '/* Greeting */\n"hello" = "H\u00e9llo";\n'.encode(encoding)
    assert read("Localizable.strings", content) == {"hello": "H\u00e9llo"}


def test_a_string_with_a_nul_character_is_never_produced():
    with pytest.raises(StringsFileError) as raised:
        read_strings("key=value\n".encode("utf-16-le"), "properties")
    assert "NUL" in raised.value.message


def test_json_and_arb_numbers_booleans_and_null_are_not_strings():
    content = b'{"ar-SA": 88, "beta": true, "none": null, "list": [1, "one"], "t": "Title"}'
    assert read("percentages.json", content) == {"list[1]": "one", "t": "Title"}
    arb = b'{"@@locale": "en", "count": 3, "hello": "Hello", "@hello": {"description": "Hi"}}'
    assert [(s.key, s.text, s.note) for s in read_strings(arb, "arb")] == [("hello", "Hello", "Hi")]


def test_a_json_error_keeps_its_line():
    with pytest.raises(StringsFileError) as raised:
        read_strings(b'{\n  "a": "x",\n  "b": "y"\n  "c": "z"\n}', "json")
    assert raised.value.line == 4


REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld-strings"


def _realworld_files() -> list[str]:
    if not (REALWORLD / "expected.json").exists():
        return []
    return sorted(json.loads((REALWORLD / "expected.json").read_text())["files"])


@pytest.mark.skipif(
    not _realworld_files(), reason=f"the real-world corpus is not here ({REALWORLD})"
)
@pytest.mark.parametrize("name", _realworld_files() or ["absent"])
def test_realworld_file_reads_as_its_independent_reading(name):
    """Extra: a real file from ../shared/realworld-strings, judged as its check.py judges."""
    spec = importlib.util.spec_from_file_location("realworld_check", REALWORLD / "check.py")
    assert spec is not None and spec.loader is not None
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    expected = json.loads((REALWORLD / "expected.json").read_text())["files"][name]
    fmt, want, optional = expected["format"], expected["strings"], expected["optional"]
    got = {s.key: s.text for s in read_strings((REALWORLD / name).read_bytes(), fmt)}
    assert sorted(k for k in got if k not in optional) == sorted(want)
    wrong = [k for k in got if not check.text_ok(fmt, got[k], want.get(k, optional.get(k)))]
    assert wrong == []


def test_strings_command_reads_bomless_utf16_and_refuses_a_nul(tmp_path):
    """#12.11 through the real command: no string full of NULs ever comes out."""
    path = tmp_path / "Localizable.strings"
    path.write_bytes('"hello" = "Hello";\n'.encode("utf-16-le"))
    command = [sys.executable, "-m", "smartling_context.cli", "strings", "--json", str(path)]
    read_back = subprocess.run(command, capture_output=True, text=True, check=True)
    assert json.loads(read_back.stdout) == [{"key": "hello", "text": "Hello", "note": ""}]
    path = tmp_path / "a.properties"
    path.write_bytes("hello=Hello\n".encode("utf-16-le"))
    command[-1] = str(path)
    refused = subprocess.run(command, capture_output=True, text=True, check=False)
    assert refused.returncode == 2 and "NUL character" in refused.stderr
    assert "\\u0000" not in refused.stdout and "Traceback" not in refused.stderr
