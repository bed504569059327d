"""YAML read in the dialect of the platform that reads the file (#27.2, #27.3).

Rails files (one locale root) as Psych reads them: YAML 1.1, Symbols are no
strings. Other YAML (Symfony, js-yaml, Hugo) with YAML 1.2's core schema: only
`true`/`false` are booleans. A manifest format (`yaml-rails`, `yaml-1.2`)
forces a dialect."""

from __future__ import annotations

import subprocess
import sys

from smartling_context.strings.formats import read_strings

SYMFONY = b"""# translations/messages.en.yml
list:
  yes: Yes
  no: No
  on: On
  off: 'Off'
confirm: y
enabled: true
count: 12
"""
RAILS = b"""en:
  date:
    order:
      - :year
      - :month
      - :day
    formats:
      short: "%b %d"
  answer:
    yes: Yes
  label: ":not_a_symbol"
"""
HUGO = b"""- id: home
  translation: Home
  description: The first menu entry
- id: readingTime
  translation:
    one: One minute to read
    other: "{{ .Count }} minutes to read"
- id: wordCount
  one: One word
  other: "{{ .Count }} words"
"""


def read(content: bytes, fmt: str = "yaml") -> dict[str, str]:
    return {s.key: s.text for s in read_strings(content, fmt)}


def test_plain_yaml_reads_yes_and_no_as_strings_as_symfony_and_js_yaml_do():
    assert read(SYMFONY) == {
        "list.yes": "Yes",
        "list.no": "No",
        "list.on": "On",
        "list.off": "Off",
        "confirm": "y",
    }


def test_a_rails_file_is_read_as_psych_reads_it_symbols_and_yaml_1_1_booleans():
    assert read(RAILS) == {"date.formats.short": "%b %d", "label": ":not_a_symbol"}


def test_a_manifest_format_forces_the_dialect():
    # Psych: the keys `yes`/`on` and `no`/`off` are the booleans true and false
    assert read(SYMFONY, "yaml-rails") == {"list.false": "Off", "confirm": "y"}
    assert read(RAILS, "yaml-1.2") == {
        "date.order[0]": ":year",
        "date.order[1]": ":month",
        "date.order[2]": ":day",
        "date.formats.short": "%b %d",
        "answer.yes": "Yes",
        "label": ":not_a_symbol",
    }


def test_a_file_that_starts_with_a_locale_key_but_has_others_is_not_rails():
    content = b"en:\n  title: Title\nfooter:\n  yes: Yes\n"
    assert read(content) == {"en.title": "Title", "footer.yes": "Yes"}


def test_a_hugo_message_list_is_keyed_by_id_with_plural_forms_and_notes():
    strings = read_strings(HUGO, "yaml")
    assert [(s.key, s.text, s.note, s.line) for s in strings] == [
        ("home", "Home", "The first menu entry", 1),
        ("readingTime.one", "One minute to read", "", 6),
        ("readingTime.other", "{{ .Count }} minutes to read", "", 7),
        ("wordCount.one", "One word", "", 9),
        ("wordCount.other", "{{ .Count }} words", "", 10),
    ]


def test_the_cli_reads_a_forced_dialect(tmp_path):
    path = tmp_path / "messages.en.yml"
    path.write_bytes(SYMFONY)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "smartling_context.cli",
            "strings",
            "--format",
            "yaml-rails",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["list.false", "confirm"]


def test_a_marked_copy_keeps_each_dialects_strings_and_types():
    from smartling_context.strings.markers import strip_markers
    from smartling_context.strings.marking import mark_file

    for content in (SYMFONY, RAILS):
        marked = read_strings(mark_file(content, "yaml", "m.yml"), "yaml")
        assert {s.key: strip_markers(s.text) for s in marked} == read(content)
        assert all(s.text != strip_markers(s.text) for s in marked)
