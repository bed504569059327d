"""The formats iOS, .NET, Qt and Fluent teams use (#27.4), each read as its platform
reads it, and a file whose content is another format than the one given refused."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smartling_context.strings.formats import StringsFileError, infer_format, read_strings

XCSTRINGS = b"""{
  "sourceLanguage" : "en",
  "strings" : {
    "Cancel" : {

    },
    "files_count" : {
      "comment" : "Number of files in the folder",
      "localizations" : {
        "de" : {
          "variations" : {
            "plural" : {
              "one" : { "stringUnit" : { "state" : "translated", "value" : "%lld Datei" } },
              "other" : { "stringUnit" : { "state" : "translated", "value" : "%lld Dateien" } }
            }
          }
        },
        "en" : {
          "variations" : {
            "plural" : {
              "one" : { "stringUnit" : { "state" : "new", "value" : "%lld file" } },
              "other" : { "stringUnit" : { "state" : "new", "value" : "%lld files" } }
            }
          }
        }
      }
    },
    "greeting" : {
      "localizations" : {
        "en" : {
          "variations" : {
            "device" : {
              "iphone" : { "stringUnit" : { "state" : "new", "value" : "Tap to start" } },
              "mac" : { "stringUnit" : { "state" : "new", "value" : "Click to start" } }
            }
          }
        }
      }
    },
    "photos" : {
      "localizations" : {
        "en" : {
          "stringUnit" : { "state" : "new", "value" : "%#@count@ in %@" },
          "substitutions" : {
            "count" : {
              "argNum" : 1,
              "formatSpecifier" : "lld",
              "variations" : {
                "plural" : {
                  "one" : { "stringUnit" : { "state" : "new", "value" : "%arg photo" } },
                  "other" : { "stringUnit" : { "state" : "new", "value" : "%arg photos" } }
                }
              }
            }
          }
        }
      }
    },
    "internal.id" : {
      "shouldTranslate" : false
    }
  },
  "version" : "1.0"
}
"""
STRINGSDICT = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>files_count</key>
    <dict>
        <key>NSStringLocalizedFormatKey</key>
        <string>%#@files@</string>
        <key>files</key>
        <dict>
            <key>NSStringFormatSpecTypeKey</key>
            <string>NSStringPluralRuleType</string>
            <key>NSStringFormatValueTypeKey</key>
            <string>d</string>
            <key>zero</key>
            <string>No files</string>
            <key>one</key>
            <string>%d file</string>
            <key>other</key>
            <string>%d files</string>
        </dict>
    </dict>
    <key>start</key>
    <dict>
        <key>NSStringDeviceSpecificRuleType</key>
        <dict>
            <key>iphone</key>
            <string>Tap to start</string>
            <key>mac</key>
            <string>Click to start</string>
        </dict>
    </dict>
</dict>
</plist>
"""
RESX = b"""<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype">
    <value>text/microsoft-resx</value>
  </resheader>
  <resheader name="version">
    <value>2.0</value>
  </resheader>
  <data name="Save" xml:space="preserve">
    <value>Save changes</value>
    <comment>Button on the settings page</comment>
  </data>
  <data name="Spaces" xml:space="preserve">
    <value>  two  spaces  </value>
  </data>
  <data name="$this.Text" xml:space="preserve">
    <value>Main window</value>
  </data>
  <data name="&gt;&gt;button1.Name" xml:space="preserve">
    <value>button1</value>
  </data>
  <data name="Logo" type="System.Resources.ResXFileRef, System.Windows.Forms">
    <value>Resources\\logo.png;System.Drawing.Bitmap, System.Drawing</value>
  </data>
</root>
"""
QT_TS = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../src/mainwindow.cpp" line="42"/>
        <source>&amp;Open</source>
        <extracomment>File menu entry</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <comment>verb, on a button</comment>
        <translation>\xc3\x96ffnen</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Gone</source>
        <translation type="vanished">Weg</translation>
    </message>
</context>
<context>
    <name>Dialog</name>
    <message id="dialog-title">
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
"""
FLUENT = b"""### Main window strings

## Toolbar

# Shown on the start page; $name is the user's name
hello = Hello { $name }
    .title = Welcome back
-brand-name = Firefox
emails =
    { $count ->
        [one] One new email
       *[other] { $count } new emails
    }
about = About { -brand-name }
    and its makers
"""


HUGO_TOML = b"""# i18n/en.toml
home = "Home"

[readingTime]
description = "Minutes to read a post"
one = "One minute to read"
other = "{{ .Count }} minutes to read"

[wordCount]
other = \"\"\"
{{ .Count }} words\"\"\"
count = 3
"""


def table(content: bytes, fmt: str) -> list[tuple[str, str, str, int]]:
    return [(s.key, s.text, s.note, s.line) for s in read_strings(content, fmt)]


def test_a_string_catalog_gives_the_source_language_only_with_variations_as_keys():
    assert table(XCSTRINGS, "xcstrings") == [
        ("Cancel", "Cancel", "", 4),
        ("files_count[one]", "%lld file", "Number of files in the folder", 21),
        ("files_count[other]", "%lld files", "Number of files in the folder", 22),
        ("greeting[iphone]", "Tap to start", "", 33),
        ("greeting[mac]", "Click to start", "", 34),
        ("photos", "%#@count@ in %@", "", 40),
        ("photos[count:one]", "%arg photo", "", 50),
        ("photos[count:other]", "%arg photos", "", 51),
    ]


def test_a_stringsdict_gives_the_format_and_each_plural_and_device_form():
    assert table(STRINGSDICT, "stringsdict") == [
        ("files_count", "%#@files@", "", 7),
        ("files_count[files:zero]", "No files", "", 15),
        ("files_count[files:one]", "%d file", "", 17),
        ("files_count[files:other]", "%d files", "", 19),
        ("start[iphone]", "Tap to start", "", 27),
        ("start[mac]", "Click to start", "", 29),
    ]


def test_a_resx_gives_its_string_data_with_comments_and_skips_files_and_designer_entries():
    assert table(RESX, "resx") == [
        ("Save", "Save changes", "Button on the settings page", 9),
        ("Spaces", "  two  spaces  ", "", 13),
        ("$this.Text", "Main window", "", 16),
    ]


def test_a_qt_ts_file_keys_messages_by_context_source_and_disambiguation():
    assert table(QT_TS, "qt-ts") == [
        ("MainWindow|&Open", "&Open", "File menu entry", 6),
        ("MainWindow|Open|verb, on a button", "Open", "", 12),
        ("MainWindow|%n file(s)", "%n file(s)", "", 17),
        ("dialog-title", "Settings", "", 31),
    ]


def test_a_fluent_file_gives_messages_attributes_terms_and_plural_variants():
    assert table(FLUENT, "fluent") == [
        ("hello", "Hello { $name }", "Shown on the start page; $name is the user's name", 6),
        ("hello.title", "Welcome back", "Shown on the start page; $name is the user's name", 7),
        ("-brand-name", "Firefox", "", 8),
        ("emails[one]", "One new email", "", 9),
        ("emails[other]", "{ $count } new emails", "", 9),
        ("about", "About { -brand-name }\nand its makers", "", 14),
    ]


def test_a_hugo_toml_file_gives_dotted_keys_plural_forms_and_descriptions_as_notes():
    assert table(HUGO_TOML, "toml") == [
        ("home", "Home", "", 2),
        ("readingTime.one", "One minute to read", "Minutes to read a post", 6),
        ("readingTime.other", "{{ .Count }} minutes to read", "Minutes to read a post", 7),
        ("wordCount.other", "{{ .Count }} words", "", 10),
    ]


def test_a_fluent_syntax_error_is_refused_with_its_line():
    with pytest.raises(StringsFileError) as raised:
        read_strings(b"ok = Fine\n\nbroken = { $x\n", "fluent")
    assert raised.value.line == 3 and "Fluent" in raised.value.message


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("Localizable.xcstrings", "xcstrings"),
        ("Localizable.stringsdict", "stringsdict"),
        ("Resources.resx", "resx"),
        ("app_de.ts", "qt-ts"),
        ("main.ftl", "fluent"),
        ("en.toml", "toml"),
    ],
)
def test_the_new_formats_are_told_by_their_file_names(name, fmt):
    assert infer_format(name) == fmt


@pytest.mark.parametrize(
    ("content", "given", "says"),
    [
        (XCSTRINGS, "json", "an Xcode String Catalog, not json: read it as xcstrings"),
        (XCSTRINGS, "yaml", "an Xcode String Catalog"),
        (RESX, "xliff", "a .NET .resx file, not xliff: read it as resx"),
        (QT_TS, "xliff", "a Qt Linguist .ts file, not xliff"),
        (STRINGSDICT, "android", "an Apple stringsdict, not android"),
        (QT_TS, "resx", "a Qt Linguist .ts file, not resx"),
    ],
)
def test_a_file_whose_content_is_another_format_is_refused_naming_it(content, given, says):
    with pytest.raises(StringsFileError) as raised:
        read_strings(content, given)
    assert says in raised.value.message


def test_the_cli_refuses_json_on_a_string_catalog(tmp_path):
    path = tmp_path / "Localizable.xcstrings"
    path.write_bytes(XCSTRINGS)
    command = [sys.executable, "-m", "smartling_context.cli", "strings", str(path)]
    done = subprocess.run([*command, "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 2 and "read it as xcstrings" in done.stderr
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[1] == "files_count[one]\t'%lld file'"
