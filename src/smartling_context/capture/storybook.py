"""Storybook: one screen per story, from the Storybook's own index (`index.json`).

The Storybook is a served one (`http://127.0.0.1:6006`) or a built folder
(`storybook-static`), which is served on 127.0.0.1 for the run (a built
Storybook loads its stories as ES modules, which browsers refuse from file://).
Each story is screenshot clipped to its root element and named by its title and
story name. A worker loads the preview (`iframe.html?id=...&viewMode=story`) once
and then switches stories inside it, as Storybook's own manager does (the preview
channel's `setCurrentStory`, then its `storyRendered`), settling each story as a
fresh page; a story that cannot be switched to loads afresh.
"""

from __future__ import annotations

import fnmatch
import json
import re
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import quote

from smartling_context.capture.browser import PageRequest, Switch
from smartling_context.capture.folder_server import serve_folder
from smartling_context.capture.screens import Screen
from smartling_context.errors import CannotStart
from smartling_context.manifest.screens import DEFAULT_VIEWPORT, CaptureSettings, StorybookSource

STORY_ROOT = "#storybook-root"
SWITCH_SECONDS = 30.0  # a story that has not rendered by then loads afresh
SWITCH_STORY = """({storyId, timeout}) => new Promise((resolve) => {
  const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
  if (!channel || !window.__STORYBOOK_PREVIEW__) return resolve(false);
  const listeners = {
    storyRendered: (id) => id === storyId && done(true),
    storyErrored: () => done(false),
    storyThrewException: () => done(false),
    storyMissing: () => done(false),
  };
  const timer = setTimeout(() => done(false), timeout);
  function done(shown) {
    clearTimeout(timer);
    for (const [event, listener] of Object.entries(listeners)) channel.off(event, listener);
    resolve(shown);
  }
  for (const [event, listener] of Object.entries(listeners)) channel.on(event, listener);
  channel.emit("setCurrentStory", {storyId, viewMode: "story"});
})"""
"""Storybook 8's preview API (what its manager sends when a story is picked in the
sidebar): resolves true once the story has rendered, false when it cannot."""
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # characters no file name on any OS may hold


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    name: str

    @property
    def file_name(self) -> str:
        """`Components/Button` + `Primary` -> `Components - Button - Primary` (the PNG's
        stem, and so the screenshot's name in Smartling)."""
        parts = [*self.title.split("/"), self.name]
        return " - ".join(UNSAFE.sub("-", part).strip() for part in parts if part.strip())


def chosen(stories: list[Story], globs: tuple[str, ...]) -> list[Story]:
    """The stories whose id matches a glob and no `!` glob (no plain glob: all)."""
    include = [g for g in globs if not g.startswith("!")] or ["*"]
    exclude = [g[1:] for g in globs if g.startswith("!")]
    return [
        story
        for story in stories
        if any(fnmatch.fnmatchcase(story.id, g) for g in include)
        and not any(fnmatch.fnmatchcase(story.id, g) for g in exclude)
    ]


def read_index(base_url: str) -> list[Story]:
    """Every story (not docs page) in the Storybook's `index.json`, in its order."""
    url = f"{base_url.rstrip('/')}/index.json"
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            index: dict[str, Any] = json.load(answer)
    except (URLError, OSError, ValueError) as error:
        raise CannotStart(
            f"Storybook index {url} cannot be read: {error}",
            fix="is Storybook running (or built: `storybook build`) and `capture.storybook.url` "
            "right? Storybook 7 or later writes index.json",
        ) from error
    entries = index.get("entries") or index.get("stories") or {}
    return [
        Story(entry["id"], str(entry.get("title", "")), str(entry.get("name") or entry["id"]))
        for entry in entries.values()
        if isinstance(entry, dict) and entry.get("type", "story") == "story" and "id" in entry
    ]


def story_screens(
    source: StorybookSource, settings: CaptureSettings, base_url: str
) -> list[Screen]:
    """One screen per chosen story; its PNG goes to `out/<title - name>.png`."""
    stories = chosen(read_index(base_url), source.stories)
    out = source.out.rstrip("/")
    return [
        Screen(
            story.file_name,
            f"{out}/{story.file_name}.png",
            PageRequest(
                target=f"{base_url.rstrip('/')}/iframe.html?id={quote(story.id)}&viewMode=story",
                viewport=settings.viewport or DEFAULT_VIEWPORT,
                scale=settings.scale or 1.0,
                wait_for=settings.wait_for or f"{STORY_ROOT} > *",
                clip=STORY_ROOT,
                switch=Switch(
                    base_url,
                    SWITCH_STORY,
                    {"storyId": story.id, "timeout": SWITCH_SECONDS * 1000},
                ),
            ),
        )
        for story in stories
    ]


@contextmanager
def served(url: str, repo: Path) -> Iterator[str]:
    """The Storybook's base URL: as given when it is one, else its built folder served
    on 127.0.0.1 for as long as the block runs."""
    if re.match(r"^https?://", url):
        yield url
        return
    folder = (repo / url).resolve()
    if not (folder / "index.json").is_file():
        raise CannotStart(
            f"capture.storybook.url {url}: no built Storybook there (no index.json)",
            fix="build it first (`storybook build`), or give the URL of a running Storybook",
        )
    with serve_folder(folder) as served_url:
        yield served_url
