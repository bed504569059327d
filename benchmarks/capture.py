"""Benchmark: `capture` of a typical page (30 strings) once the browser runs, and the
cost of marker mode on a 200-string app that fetches its strings (target: at most
1.2x the capture without markers).

Run: `python -m benchmarks.capture` (needs Chromium and the capture extra). Not a test.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from smartling_context.capture.browser import Browser, PageRequest, find_browser
from smartling_context.capture.folder_server import serve_folder
from smartling_context.capture.session import CaptureRequest, capture, strings_to_find

STRINGS = 30
TARGET_SECONDS = 5.0
ROUNDS = 5
MARKED_STRINGS = 200
TARGET_MARKER_RATIO = 1.2

Row = tuple[str, str, str, bool | None]  # (figure, value, target, met)


def typical_page(folder: Path) -> tuple[Path, Path]:
    """A repository with 30 strings (placeholders, a plural) and a page that shows them
    among other text, with a hidden one and inline markup, like an app's search page."""
    repo = folder / "repo"
    (repo / ".smartling").mkdir(parents=True)
    (repo / ".smartling/context.yml").write_text(
        'version: 1\nstrings:\n  - files: "locales/en.json"\n'
    )
    strings = {f"s{i}": f"Menu entry number {i}" for i in range(STRINGS - 3)}
    strings |= {
        "results": "{count, plural, one {# hotel found} other {# hotels found}}",
        "greeting": "Welcome back, {name}!",
        "empty": "No hotels match your dates",
    }
    (repo / "locales").mkdir()
    (repo / "locales/en.json").write_text(json.dumps(strings))
    items = "\n".join(
        f"<li><a href='#'>Menu entry <b>number</b> {i}</a> <small>{i * 3} reviews</small></li>"
        for i in range(STRINGS - 3)
    )
    page = folder / "page.html"
    page.write_text(
        "<!doctype html><meta charset=utf-8><body style='font:14px sans-serif'>"
        "<h1>Welcome back, Ann!</h1><p><b>12</b> hotels found</p>"
        "<p style='display:none'>No hotels match your dates</p>"
        f"<ul style='columns:3'>{items}</ul><footer>About us · Terms · Privacy</footer>"
    )
    return repo, page


def capture_rows() -> list[Row]:
    """Every row of this benchmark."""
    return [*typical_rows(), *marker_rows()]


def typical_rows() -> list[Row]:
    """Browser start, and the median capture of the 30-string page at 2x, after it."""
    if find_browser(None) is None:
        return [("capture", "skipped: no Chromium found", "", None)]
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as temp:
        repo, page = typical_page(Path(temp))
        started = time.perf_counter()
        with Browser() as browser:
            start_up = time.perf_counter() - started
            times, boxed = [], 0
            for round_ in range(ROUNDS):
                request = CaptureRequest(
                    PageRequest(str(page), (1280, 800), 2.0),
                    Path(temp) / f"shot{round_}.png",
                    repo=repo,
                    manifest=".smartling/context.yml",
                )
                began = time.perf_counter()
                wanted = strings_to_find(repo, ".smartling/context.yml")
                result = capture(browser, request, wanted)
                times.append(time.perf_counter() - began)
                boxed = len(result.outcome.boxed)
    seconds = statistics.median(times)
    return [
        ("browser start (headless Chromium)", f"{start_up:.2f} s", "", None),
        (
            f"capture, {STRINGS}-string page at 2x, after start (median of {ROUNDS}); "
            f"{boxed} boxed",
            f"{seconds:.2f} s",
            f"< {TARGET_SECONDS:g} s",
            seconds < TARGET_SECONDS,
        ),
    ]


def marker_app(folder: Path) -> tuple[Path, Path]:
    """A repository with 200 strings (some sharing a text, some with placeholders) and an
    app that fetches them at run time and shows every one."""
    repo, site = folder / "repo", folder / "site"
    (repo / ".smartling").mkdir(parents=True)
    (repo / ".smartling/context.yml").write_text(
        'version: 1\nstrings:\n  - files: "locales/*.json"\n    placeholders: {format: i18next}\n'
    )
    strings = {f"s{i}": f"Menu entry number {i}" for i in range(MARKED_STRINGS - 20)}
    strings |= {f"ok{i}": "OK" for i in range(10)}
    strings |= {f"hello{i}": f"Hello {{{{name}}}}, row {i}" for i in range(10)}
    (repo / "locales").mkdir()
    content = json.dumps(strings, indent=2)
    (repo / "locales/en.json").write_text(content)
    (site / "locales").mkdir(parents=True)
    (site / "locales/en.json").write_text(content)
    (site / "app.html").write_text(
        "<!doctype html><meta charset=utf-8><body style='font:13px sans-serif'>"
        "<ul id=app style='columns:4'></ul><script>"
        "fetch('/locales/en.json').then(r => r.json()).then(t => {"
        " document.getElementById('app').innerHTML = Object.values(t).map(text =>"
        " `<li><span>${text.replace('{{name}}', 'Ann')}</span></li>`).join('');});"
        "</script>"
    )
    return repo, site


def marker_rows() -> list[Row]:
    """Median capture of the 200-string app with and without --markers, and their ratio."""
    if find_browser(None) is None:
        return [("capture --markers", "skipped: no Chromium found", "", None)]
    with tempfile.TemporaryDirectory(prefix="bench-markers-") as temp:
        repo, site = marker_app(Path(temp))
        times: dict[bool, list[float]] = {False: [], True: []}
        boxed: dict[bool, int] = {}
        with serve_folder(site) as address, Browser() as browser:
            url = f"{address}/app.html"
            for round_ in range(ROUNDS + 1):
                for markers in (False, True):
                    request = CaptureRequest(
                        PageRequest(url, (1280, 800), 1.0),
                        Path(temp) / f"shot{round_}{markers}.png",
                        repo=repo,
                        manifest=".smartling/context.yml",
                        markers=markers,
                    )
                    began = time.perf_counter()
                    wanted = strings_to_find(repo, ".smartling/context.yml")
                    result = capture(browser, request, wanted)
                    if round_:  # the first round warms up
                        times[markers].append(time.perf_counter() - began)
                    boxed[markers] = len(result.outcome.boxed)
    plain, marked = statistics.median(times[False]), statistics.median(times[True])
    ratio = marked / plain
    return [
        (
            f"capture, {MARKED_STRINGS}-string fetched app, no markers; {boxed[False]} boxed",
            f"{plain:.2f} s",
            "",
            None,
        ),
        (f"capture --markers, same app; {boxed[True]} boxed", f"{marked:.2f} s", "", None),
        (
            f"marker mode cost (median of {ROUNDS}, markers / none)",
            f"{ratio:.2f}x",
            f"<= {TARGET_MARKER_RATIO:g}x",
            ratio <= TARGET_MARKER_RATIO,
        ),
    ]


def main() -> int:
    for figure, value, target, met in capture_rows():
        verdict = "" if met is None else ("met" if met else "NOT MET")
        print(f"{figure:<70} {value:>10} {target:>8} {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
