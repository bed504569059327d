"""Reading speed and memory per strings format, against the reader before the rewrite.

Every format reads a generated file of about `SIZE_MB` megabytes, once with this
checkout's reader and once with the reader of `BASELINE` (the commit before
the per-format rewrite, taken with `git archive` into a temporary folder). Each
measurement runs in its own interpreter, so that its peak memory is its own.

Targets (#17.2): no format slower than 1.5x the baseline per MB; JSON, ARB and
YAML at least 3x faster per key and at a peak of at most 10x the file size.
Formats the baseline cannot read (#27.4: xcstrings, stringsdict, resx, qt-ts,
fluent, Hugo's toml) are measured alone: at most 1 s/MB and a peak of 20x the file size.

Run: `python -m benchmarks.reading`; `rows()` gives the same figures as
(figure, value, target, met) for `python -m benchmarks`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "647d520"
SIZE_MB = 1.0  # the baseline refuses YAML over 20,000 keys (#12.15)
FAST_FORMATS = ("json", "arb", "yaml")
Row = tuple[str, str, str, bool]


def _text(i: int) -> str:
    return f"Text number {i}: the {i % 7} rooms & {i % 13} guests"


def _json(n: int) -> bytes:
    sections = {f"section{s}": {f"key{k}": _text(s * 10 + k) for k in range(10)} for s in range(n)}
    return json.dumps(sections, indent=2).encode()


def _arb(n: int) -> bytes:
    doc: dict[str, object] = {"@@locale": "en"}
    for i in range(n * 10):
        doc[f"key{i}"] = _text(i)
        if i % 3 == 0:
            doc[f"@key{i}"] = {"description": f"Shown on screen {i}"}
    return json.dumps(doc, indent=2).encode()


def _yaml(n: int) -> bytes:
    lines = ["en:"]
    for s in range(n):
        lines.append(f"  section{s}:")
        lines += [f'    key{k}: "{_text(s * 10 + k)}"' for k in range(10)]
    return ("\n".join(lines) + "\n").encode()


def _properties(n: int) -> bytes:
    return "".join(f"# Note {i}\nsection.key{i}={_text(i)}\n" for i in range(n * 10)).encode()


def _ios(n: int) -> bytes:
    return "".join(f'/* Note {i} */\n"key{i}" = "{_text(i)}";\n' for i in range(n * 10)).encode()


def _android(n: int) -> bytes:
    body = "".join(
        f'  <string name="key{i}">{_text(i).replace("&", "&amp;")}</string>\n'
        for i in range(n * 10)
    )
    return f'<?xml version="1.0" encoding="utf-8"?>\n<resources>\n{body}</resources>\n'.encode()


def _po(n: int) -> bytes:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return (head + "".join(f'msgid "{_text(i)}"\nmsgstr ""\n\n' for i in range(n * 10))).encode()


def _xliff(n: int) -> bytes:
    units = "".join(
        f'<trans-unit id="key{i}"><source>{_text(i).replace("&", "&amp;")}</source></trans-unit>\n'
        for i in range(n * 10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="a" source-language="en" datatype="plaintext"><body>\n{units}'
        "</body></file></xliff>\n"
    ).encode()


def _xcstrings(n: int) -> bytes:
    entries = {}
    for i in range(n * 10):
        units = {
            lang: {"stringUnit": {"state": "translated", "value": f"{lang}: {_text(i)}"}}
            for lang in ("en", "de", "fr")
        }
        entries[f"key{i}"] = {"comment": f"Shown on screen {i}", "localizations": units}
    return json.dumps(
        {"sourceLanguage": "en", "strings": entries, "version": "1.0"}, indent=2
    ).encode()


def _stringsdict(n: int) -> bytes:
    body = "".join(
        f"  <key>files{i}</key>\n  <dict>\n"
        f"    <key>NSStringLocalizedFormatKey</key>\n    <string>%#@n@ in {i}</string>\n"
        "    <key>n</key>\n    <dict>\n"
        "      <key>NSStringFormatSpecTypeKey</key>\n      <string>NSStringPluralRuleType</string>\n"
        "      <key>NSStringFormatValueTypeKey</key>\n      <string>d</string>\n"
        f"      <key>one</key>\n      <string>%d {_text(i)}</string>\n"
        f"      <key>other</key>\n      <string>%d {_text(i + 1)}</string>\n"
        "    </dict>\n  </dict>\n"
        for i in range(n * 4)
    ).replace("&", "&amp;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n{body}</dict>\n</plist>\n'.encode()


def _resx(n: int) -> bytes:
    body = "".join(
        f'  <data name="Key{i}" xml:space="preserve">\n    <value>{_text(i)}</value>\n'
        f"    <comment>Shown on screen {i}</comment>\n  </data>\n"
        for i in range(n * 10)
    ).replace("&", "&amp;")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<root>\n{body}</root>\n'.encode()


def _qt(n: int) -> bytes:
    body = "".join(
        f"<context>\n    <name>Window{s}</name>\n"
        + "".join(
            f"    <message>\n        <source>{_text(s * 10 + k)}</source>\n"
            '        <translation type="unfinished"></translation>\n    </message>\n'
            for k in range(10)
        )
        + "</context>\n"
        for s in range(n)
    ).replace("&", "&amp;")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1">\n{body}</TS>\n'.encode()


def _fluent(n: int) -> bytes:
    return "".join(
        f"# Shown on screen {i}\nkey{i} = {_text(i)}\n    .title = Title {i}\n\n"
        for i in range(n * 10)
    ).encode()


def _toml(n: int) -> bytes:
    return "".join(
        f'[key{i}]\ndescription = "Shown on screen {i}"\none = "{_text(i)}"\nother = "{_text(i + 1)}"\n\n'
        for i in range(n * 5)
    ).encode()


GENERATORS: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "json": ("a.json", _json),
    "arb": ("a.arb", _arb),
    "yaml": ("en.yml", _yaml),
    "properties": ("a.properties", _properties),
    "ios-strings": ("Localizable.strings", _ios),
    "android": ("strings.xml", _android),
    "po": ("a.po", _po),
    "xliff": ("a.xlf", _xliff),
    "xcstrings": ("Localizable.xcstrings", _xcstrings),
    "stringsdict": ("Localizable.stringsdict", _stringsdict),
    "resx": ("Strings.resx", _resx),
    "qt-ts": ("app_de.ts", _qt),
    "fluent": ("main.ftl", _fluent),
    "toml": ("en.toml", _toml),
}
NEW_FORMATS = ("xcstrings", "stringsdict", "resx", "qt-ts", "fluent", "toml")
"""Formats the baseline cannot read: measured alone, against absolute targets (#27.4)."""
NEW_SECONDS_PER_MB = 1.0
NEW_PEAK_RATIO = 20.0


def _file(folder: Path, fmt: str, megabytes: float) -> Path:
    """A file of about `megabytes` MB in format `fmt` (sized from a small sample)."""
    name, make = GENERATORS[fmt]
    per_section = len(make(10)) / 10
    path = folder / f"{fmt}-{megabytes}-{name}"
    path.write_bytes(make(max(1, int(megabytes * 1e6 / per_section))))
    return path


def _measure(src: Path, path: Path, small: Path, fmt: str) -> dict[str, float]:
    """One reader's figures (`benchmarks.reading_probe`, with `src` first on the path)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.reading_probe", str(path), fmt, str(small)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"reading {path.name} failed: {done.stderr.strip()[-500:]}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def _best(
    src: Path, baseline: Path, path: Path, small: Path, fmt: str
) -> tuple[dict[str, float], dict[str, float]]:
    """Both readers, measured alternately twice (the faster of each): a busy machine's
    load then weighs on both sides alike."""
    runs = [(_measure(src, path, small, fmt), _measure(baseline, path, small, fmt)) for _ in "ab"]
    now = min((r[0] for r in runs), key=lambda f: f["seconds"])
    then = min((r[1] for r in runs), key=lambda f: f["seconds"])
    return now, then


def _baseline_src(folder: Path) -> Path | None:
    """The baseline's `src/` from git, or None outside a git checkout."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE, "src"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        return None
    target = folder / "baseline"
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def _format_rows(fmt: str, size: int, now: dict[str, float], then: dict[str, float]) -> list[Row]:
    mb = size / 1e6
    per_mb, then_per_mb = now["seconds"] / mb, then["seconds"] / mb
    rows: list[Row] = [
        (
            f"{fmt}: s/MB (baseline {then_per_mb:.2f})",
            f"{per_mb:.3f}",
            f"<= {1.5 * then_per_mb:.3f}",
            per_mb <= 1.5 * then_per_mb,
        )
    ]
    if fmt in FAST_FORMATS:
        per_key = now["seconds"] / now["keys"] * 1e6
        then_key = then["seconds"] / then["keys"] * 1e6
        ratio = now["peak_kb"] * 1024 / size
        rows += [
            (
                f"{fmt}: us/key (baseline {then_key:.1f})",
                f"{per_key:.1f} ({then_key / per_key:.1f}x faster)",
                ">= 3x faster",
                then_key >= 3 * per_key,
            ),
            (
                f"{fmt}: peak memory / file size (baseline {then['peak_kb'] * 1024 / size:.1f})",
                f"{ratio:.1f}",
                "<= 10",
                ratio <= 10,
            ),
        ]
    return rows


def _new_format_rows(fmt: str, size: int, now: dict[str, float]) -> list[Row]:
    per_mb = now["seconds"] / (size / 1e6)
    ratio = now["peak_kb"] * 1024 / size
    return [
        (
            f"{fmt}: s/MB (new)",
            f"{per_mb:.3f}",
            f"<= {NEW_SECONDS_PER_MB}",
            per_mb <= NEW_SECONDS_PER_MB,
        ),
        (
            f"{fmt}: peak memory / file size",
            f"{ratio:.1f}",
            f"<= {NEW_PEAK_RATIO:.0f}",
            ratio <= NEW_PEAK_RATIO,
        ),
    ]


def rows(megabytes: float = SIZE_MB) -> list[Row]:
    """(figure, value, target, met) for every format, this checkout against `BASELINE`."""
    result: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = _baseline_src(folder)
        if baseline is None:
            return [
                ("reading: baseline", f"git archive {BASELINE} failed", "a git checkout", False)
            ]
        for fmt in GENERATORS:
            path, small = _file(folder, fmt, megabytes), _file(folder, fmt, 0.001)
            if fmt in NEW_FORMATS:
                runs = [_measure(ROOT / "src", path, small, fmt) for _ in "ab"]
                now = min(runs, key=lambda f: f["seconds"])
                result += _new_format_rows(fmt, path.stat().st_size, now)
                continue
            now, then = _best(ROOT / "src", baseline, path, small, fmt)
            result += _format_rows(fmt, path.stat().st_size, now, then)
    return result


def main() -> int:
    table = rows()
    width = max(len(figure) for figure, *_ in table)
    for figure, value, target, met in table:
        print(f"{figure:<{width}}  {value:>22}  {target:<14} {'met' if met else 'NOT MET'}")
    return 0 if all(met for *_, met in table) else 1


if __name__ == "__main__":
    sys.exit(main())
