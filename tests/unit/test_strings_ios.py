"""iOS `.strings` read as Foundation's `CFOldStylePList.c` reads it (#27.1).

Fixtures written from Apple's parser rules: comments wherever whitespace may
stand, strings to their closing quote across lines, every escape the parser
knows, and a file Foundation refuses refused with the line."""

from __future__ import annotations

import pytest

from smartling_context.strings.formats import StringsFileError, read_strings


def read(content: str) -> dict[str, str]:
    return {s.key: s.text for s in read_strings(content.encode(), "ios-strings")}


def test_a_comment_after_the_semicolon_ends_the_entry_and_the_next_line_is_read():
    content = '"a" = "x"; // note about a\n"b" = "y";\n/* c */ "c" = "z" /* before ; */ ;\n'
    assert read(content) == {"a": "x", "b": "y", "c": "z"}


def test_two_entries_on_one_line_and_a_space_before_the_semicolon():
    assert read('"one" = "1"; "two" = "2" ;\n"three"="3";') == {
        "one": "1",
        "two": "2",
        "three": "3",
    }


def test_a_value_over_two_lines_keeps_its_newline():
    assert read('"multi" = "line one\nline two";\n') == {"multi": "line one\nline two"}


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        (r"\\", "\\"),
        (r"C:\\", "C:\\"),
        (r"say \"hi\"", 'say "hi"'),
        (r"tab\there\nnew", "tab\there\nnew"),
        (r"\a\b\f\r\v", "\a\b\f\r\v"),
        (r"\101\0612", "A12"),
        (r"\U00e9t\U00E9", "\u00e9t\u00e9"),
        (r"\UD83D\UDE00", "\U0001f600"),
        (r"\u00e9", "u00e9"),
        (r"\q\'", "q'"),
        ("back\\\nslash", "back\nslash"),
    ],
)
def test_every_escape_apples_parser_knows(written, read_as):
    assert read(f'"k" = "{written}";') == {"k": read_as}


def test_escapes_in_keys_single_quotes_unquoted_strings_and_the_key_only_form():
    content = (
        "\"line\\nbreak\" = \"v\";\n'single' = 'it''s';\nplain_key = plain.value;\n\"Same\";\n"
    )
    with pytest.raises(StringsFileError):
        read(content)  # 'it' then 's' : a missing ';' as Foundation says
    content = (
        '"line\\nbreak" = "v";\n\'single\' = \'it\\\'s\';\nplain_key = plain.value;\n"Same";\n'
    )
    assert read(content) == {
        "line\nbreak": "v",
        "single": "it's",
        "plain_key": "plain.value",
        "Same": "Same",
    }


@pytest.mark.parametrize(
    ("content", "says", "line"),
    [
        ('"a" = "x";\n"b" = "say "hi"";\n', "Missing ';'", 2),
        ('"a" = "x";\n"b" = "y"\n"c" = "z";\n', "Missing ';'", 3),
        ('"a" = "x";\n\n"b" = "never closed;\n', "Unterminated quoted string", 3),
        ('"a" = "x";\n"b" "y";\n', "Expected ';' or '='", 2),
        ('"a" = "x";\n"b" = ;\n', "Unexpected character", 2),
        ('"a" = "x";\n@ = "y";\n', "where a key should start", 2),
        ('"a" = "\\351";', "NeXTSTEP", 1),
    ],
)
def test_what_foundation_refuses_is_refused_with_the_line(content, says, line):
    with pytest.raises(StringsFileError) as raised:
        read(content)
    assert says in raised.value.message
    assert raised.value.line == line


def test_notes_are_the_comments_right_above_a_key():
    content = (
        "/* File header */\n\n"
        '/* Greeting */\n"hello" = "Hello";\n'
        '"bye" = "Bye"; // trailing, about bye\n'
        '/* No comment provided by engineer. */\n"plain" = "Plain";\n'
        '// one\n// two\n"two" = "2";\n'
    )
    notes = {s.key: s.note for s in read_strings(content.encode(), "ios-strings")}
    assert notes == {"hello": "Greeting", "bye": "", "plain": "", "two": "one two"}


def test_an_empty_or_comment_only_file_has_no_strings():
    assert read("") == {}
    assert read("/* nothing yet */\n// still nothing\n") == {}
