"""`smartling-context capture` with no URL: the manifest's screens, each in its browser state.

A test app of our own (tests/fixtures/screens_app, served on 127.0.0.1) hides
each string behind something a plain page load never reaches: a dialog behind a
click, a panel that needs the notification permission (granted, or denied), a
banner only a phone's user agent sees, a signed-in page (cookie + local
storage), and a list inside an inner scrolling panel. One capture run must box
every string of every state, each box within a pixel of what a browser of our
own measures in the same state.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import CHROMIUM, needs_browser
from gitrepo import GitRepo
from smartling_context.capture.browser import LAUNCH_ARGS
from smartling_context.capture.folder_server import serve_folder
from smartling_context.cli import main

pytestmark = needs_browser
playwright = pytest.importorskip(
    "playwright.sync_api", reason="the capture extra is not installed: pip install -e '.[capture]'"
)

APP = Path(__file__).parent.parent / "fixtures/screens_app"
STRINGS = {
    "settings": {"title": "Account settings", "open": "Edit preferences"},
    "dialog": {
        "title": "Your preferences",
        "body": "Changes apply to every device you use.",
        "close": "Done editing",
    },
    "notify": {
        "title": "Alerts",
        "on": "You will hear about price drops",
        "off": "Alerts are blocked in this browser",
        "ask": "Turn on price alerts",
    },
    "home": {"title": "Trips made simple", "banner": "Get the app for your phone"},
    "account": {
        "title": "Your account",
        "member": "Signed in as a member",
        "guest": "You are browsing as a guest",
        "signout": "Sign out",
        "signin": "Sign in",
    },
    "panel": {
        "title": "Recent searches",
        "items": {f"n{n:02d}": f"Search number {n} in the list" for n in range(1, 16)},
    },
}
MANIFEST = """version: 1
strings:
  - files: locales/en.json
capture:
  base-url: {base}
  viewport: 800x600
  scale: 2
  wait-for: "body[data-ready]"
screenshots:
  - image: docs/screens/dialog.png
    name: Preferences dialog
    capture:
      url: /dialog.html
      steps:
        - click: ".opener"           # its first match is a hidden twin
        - wait-for: "dialog[open]"
  - image: docs/screens/alerts-on.png
    capture: {{url: notify.html, permissions: [notifications]}}
  - image: docs/screens/alerts-off.png
    capture: {{url: notify.html, deny: [notifications]}}
  - image: docs/screens/home-phone.png
    capture: {{url: home.html, device: "iPhone 13"}}
  - image: docs/screens/account.png
    capture: {{url: account.html, storage-state: .smartling/login.json}}
  - image: docs/screens/panel.png
    capture: {{url: panel.html, full-page: true, scale: 1}}
"""
# image -> {key: element id}: every string each state shows.
EXPECTED = {
    "dialog": {
        "settings.title": "title",
        "settings.open": "open",
        "dialog.title": "dialog-title",
        "dialog.body": "dialog-body",
        "dialog.close": "close",
    },
    "alerts-on": {"notify.title": "title", "notify.on": "on"},
    "alerts-off": {"notify.title": "title", "notify.off": "off"},
    "home-phone": {"home.title": "title", "home.banner": "banner"},
    "account": {
        "account.title": "title",
        "account.member": "greeting",
        "account.signout": "action",
    },
    "panel": {
        "panel.title": "title",
        **{f"panel.items.n{n:02d}": f"item-n{n:02d}" for n in range(1, 16)},
    },
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """The test app and its strings file, served on 127.0.0.1."""
    folder = tmp_path / "site"
    shutil.copytree(APP, folder)
    (folder / "locales").mkdir()
    (folder / "locales/en.json").write_text(json.dumps(STRINGS))
    with serve_folder(folder) as url:
        yield url


@pytest.fixture
def repo(tmp_path: Path, site: str) -> Path:
    root = tmp_path / "repo"
    (root / ".smartling").mkdir(parents=True)
    (root / ".smartling/context.yml").write_text(MANIFEST.format(base=site))
    (root / "locales").mkdir()
    (root / "locales/en.json").write_text(json.dumps(STRINGS))
    (root / ".smartling/login.json").write_text(json.dumps(login_state(site)))
    return root


def login_state(site: str) -> dict[str, Any]:
    """What Playwright's `storage_state()` saves after signing in."""
    return {
        "cookies": [
            {
                "name": "session",
                "value": "ada-1",
                "domain": "127.0.0.1",
                "path": "/",
                "expires": -1,
                "httpOnly": False,
                "secure": False,
                "sameSite": "Lax",
            }
        ],
        "origins": [{"origin": site, "localStorage": [{"name": "user", "value": "ada"}]}],
    }


# The box of each element's text (the string's own text, not the block around it), in
# document coordinates: what the browser itself draws the text into.
TEXT_RECTS = """ids => Object.fromEntries(ids.map(id => {
  const range = document.createRange();
  range.selectNodeContents(document.getElementById(id));
  const r = range.getBoundingClientRect();
  return [id, {left: r.left + scrollX, top: r.top + scrollY,
               right: r.right + scrollX, bottom: r.bottom + scrollY}];
}))"""


def measured(site: str, repo: Path) -> dict[str, dict[str, dict[str, float]]]:
    """Each expected element's box in image pixels, in a browser of our own that reaches
    each state its own way (the same states, set up independently of capture)."""
    results = {}
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        size = {"viewport": {"width": 800, "height": 600}, "device_scale_factor": 2}
        for name, ids in EXPECTED.items():
            options: dict[str, Any] = dict(size)
            page_name = {"alerts-on": "notify", "alerts-off": "notify", "home-phone": "home"}
            if name == "alerts-on":
                options["permissions"] = ["notifications"]
            if name == "home-phone":
                options = dict(driver.devices["iPhone 13"])
                options.pop("default_browser_type")
            if name == "account":
                options["storage_state"] = str(repo / ".smartling/login.json")
            if name == "panel":
                options["device_scale_factor"] = 1
            context = browser.new_context(**options)
            page = context.new_page()
            if name == "alerts-off":  # denied, through Chromium's own DevTools protocol
                session = browser.new_browser_cdp_session()
                target = context.new_cdp_session(page).send("Target.getTargetInfo")
                session.send(
                    "Browser.setPermission",
                    {
                        "permission": {"name": "notifications"},
                        "setting": "denied",
                        "browserContextId": target["targetInfo"]["browserContextId"],
                    },
                )
            page.goto(f"{site}/{page_name.get(name, name)}.html")
            page.wait_for_selector("body[data-ready]", state="attached")
            if name == "dialog":
                page.click("#open")
            if name == "panel":  # the documented rule: scroll containers grow to their content
                page.add_style_tag(
                    content="#panel { overflow: visible !important; height: auto !important;"
                    " max-height: none !important; flex-shrink: 0 !important }"
                )
            scale = options["device_scale_factor"]
            rects = page.evaluate(TEXT_RECTS, list(ids.values()))
            results[name] = {
                element: {e: rect[e] * scale for e in ("left", "top", "right", "bottom")}
                for element, rect in rects.items()
            }
            context.close()
        browser.close()
    return results


def test_one_run_boxes_every_string_of_every_state(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["capture", "--repo", str(repo), "--jobs", "2"]) == 0
    output = capsys.readouterr().out.splitlines()
    assert len(output) == len(EXPECTED) + 1  # one line per screen, then the total
    assert output[0].startswith("ok    Preferences dialog  docs/screens/dialog.png  1600x1200 @2")
    assert output[-1].startswith("6 screen(s): 6 captured, 0 failed;")

    browser_boxes = measured(site, repo)
    for name, ids in EXPECTED.items():
        document = json.loads((repo / f"docs/screens/{name}.boxes.json").read_text())
        boxes = {box["key"]: box for box in document["boxes"]}
        assert sorted(boxes) == sorted(ids), name  # every string of the state, nothing else
        scale = 3 if name == "home-phone" else 1 if name == "panel" else 2
        for key, element in ids.items():
            box = boxes[key]
            drawn = {
                "left": box["left"] * scale,
                "top": box["top"] * scale,
                "right": (box["left"] + box["width"]) * scale,
                "bottom": (box["top"] + box["height"]) * scale,
            }
            for edge, value in browser_boxes[name][element].items():
                assert abs(drawn[edge] - value) <= 1, (
                    name,
                    key,
                    edge,
                    drawn,
                    browser_boxes[name][element],
                )
    # The inner panel's last item lies far below the panel's own 160 px: full page reached it.
    panel = json.loads((repo / "docs/screens/panel.boxes.json").read_text())
    assert panel["image"]["height"] > 600
    # The manifest binds each screen from its boxes file with its scale: valid as it stands.
    assert main(["validate", "--repo", str(repo)]) == 0


def test_a_failing_step_fails_its_screen_only(
    site: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = repo / ".smartling/context.yml"
    manifest.write_text(
        manifest.read_text()
        + """  - image: docs/screens/broken.png
    name: Broken flow
    capture:
      url: dialog.html
      steps:
        - click: "#open"
        - click: "#no-such-button"
"""
    )
    picked = ["--only", "docs/screens/dialog.png", "--only", "Broken*"]
    code = main(["capture", "--repo", str(repo), *picked, "--timeout", "2"])
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok    Preferences dialog")
    assert lines[1] == (
        "FAIL  Broken flow: step 2 (click '#no-such-button'): waited 2 s for '#no-such-button'"
    )
    assert lines[2].startswith("2 screen(s): 1 captured, 1 failed;")
    assert not (repo / "docs/screens/broken.png").exists()


def test_no_browser_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["capture", "--repo", str(repo), "--browser", "/bin/false"])
    assert code == 2
    assert "could not start" in capsys.readouterr().err


def test_changed_since_names_the_changed_keys_each_screen_shows_and_those_none_shows(
    tmp_path: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = GitRepo(tmp_path / "git")
    before = json.loads(json.dumps(STRINGS))
    del before["dialog"]["body"]  # the pull request adds it
    before["settings"]["open"] = "Preferences"  # and changes this one
    before["home"]["banner"] = "Old banner"  # and this one, shown on no captured screen
    base = repo.commit(
        {
            ".smartling/context.yml": MANIFEST.format(base=site),
            "locales/en.json": json.dumps(before),
        }
    )
    repo.commit({"locales/en.json": json.dumps(STRINGS)})

    only = ["--only", "Preferences dialog"]
    code = main(["capture", "--repo", str(repo.path), *only, "--changed-since", base])

    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(": 5 boxed; 2 changed key(s) shown: dialog.body, settings.open")
    assert lines[-1] == "3 key(s) added or changed since " + base + "; on no screen: home.banner"


def test_a_shard_or_only_that_picks_nothing_captures_nothing_and_succeeds(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["capture", "--repo", str(repo), "--only", "no-such-screen*"]) == 0
    assert (
        capsys.readouterr().out == "0 of 6 screen(s) picked by --only/--shard: nothing captured\n"
    )
    assert not (repo / "docs").exists()


def test_a_screen_with_html_true_writes_its_anchored_page_beside_the_image(
    site: str, repo: Path
) -> None:
    manifest = repo / ".smartling/context.yml"
    manifest.write_text(
        manifest.read_text()
        + """  - image: docs/screens/live.png
    name: Live settings
    capture: {url: dialog.html, html: true}
"""
    )
    assert main(["capture", "--repo", str(repo), "--only", "Live settings"]) == 0

    page = (repo / "docs/screens/live.html").read_text(encoding="utf-8")
    boxes = json.loads((repo / "docs/screens/live.boxes.json").read_text())["boxes"]
    anchors = {box["key"]: box["anchors"] for box in boxes}
    assert set(anchors) == {"settings.title", "settings.open"}
    for (anchor,) in anchors.values():
        assert f'data-sl-anchor="{anchor}"' in page
    assert "<script" not in page.lower()
    # Without `html: true`, no page is written.
    main(["capture", "--repo", str(repo), "--only", "docs/screens/dialog.png"])
    assert not (repo / "docs/screens/dialog.html").exists()
