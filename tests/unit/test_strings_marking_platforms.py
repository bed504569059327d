"""Marked files read by the platforms' own tools: Java's `Properties.load` (ISO-8859-1, as
Java 8 reads bundles) and GNU msgfmt + gettext. Each test skips, saying why, when its tool
is not installed."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from smartling_context.strings import markers
from smartling_context.strings.marking import mark_file

READ_PROPERTIES = """
import java.io.*;
import java.util.*;
public class ReadProperties {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (InputStream in = new FileInputStream(args[0])) { p.load(in); }  // ISO-8859-1
        StringBuilder out = new StringBuilder();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            out.append(name).append('\\t');
            p.getProperty(name).codePoints().forEach(c -> out.append(c).append(' '));
            out.append('\\n');
        }
        System.out.print(out);
    }
}
"""


@pytest.mark.skipif(shutil.which("java") is None, reason="no `java` on PATH")
def test_java_properties_load_reads_the_markers(tmp_path: Path) -> None:
    original = "greeting = Hello, {0}!\ncafe=Caf\u00e9 cr\u00e8me\n".encode("iso-8859-1")
    path = "src/main/resources/messages.properties"
    (tmp_path / "ReadProperties.java").write_text(READ_PROPERTIES)
    (tmp_path / "marked.properties").write_bytes(mark_file(original, "properties", path))
    result = subprocess.run(
        ["java", str(tmp_path / "ReadProperties.java"), str(tmp_path / "marked.properties")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    read = {
        name: "".join(chr(int(c)) for c in points.split())
        for name, points in (line.split("\t") for line in result.stdout.splitlines())
    }
    assert read == {
        "greeting": markers.mark("Hello, {0}!", path, "greeting"),
        "cafe": markers.mark("Caf\u00e9 cr\u00e8me", path, "cafe"),
    }


PO = b"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Hello"
msgstr ""

#, fuzzy
msgctxt "menu"
msgid "Open"
msgstr "Stale"

msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
"""


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="no GNU gettext `msgfmt` on PATH")
def test_msgfmt_compiles_the_marked_po_and_gettext_shows_the_markers(tmp_path: Path) -> None:
    path = "locale/en/LC_MESSAGES/app.po"
    (tmp_path / "app.po").write_bytes(mark_file(PO, "po", path))
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "app.mo"), str(tmp_path / "app.po")],
        check=True,
        timeout=60,
    )
    with (tmp_path / "app.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    assert catalog.gettext("Hello") == markers.mark("Hello", path, "Hello")
    assert catalog.pgettext("menu", "Open") == markers.mark("Open", path, "menu|Open")
    assert catalog.ngettext("One file", "%d files", 1) == markers.mark(
        "One file", path, "One file[one]"
    )
    assert catalog.ngettext("One file", "%d files", 5) == markers.mark(
        "%d files", path, "One file[other]"
    )
