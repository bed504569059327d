"""What the emulator holds after a demo run, printed short.

A string created through the Strings API has its `stringText` and `variant`; one
from an uploaded file has neither (as Smartling answers), only its text
(`parsedStringText`) and the keys it has in its file: both are named by key.
"""

from __future__ import annotations

from typing import Any

from smartling_context.emulator import Emulator


def print_state(emulator: Emulator) -> None:
    """Every string, context and binding the emulator holds."""
    state = emulator.state
    print(f"Strings ({len(state.strings)}):")
    for string in state.strings.values():
        print(f"  {string['hashcode'][:8]}  {label(string):<22} {string['parsedStringText']!r}")
    print(f"Contexts ({len(state.contexts)}):")
    for context in state.contexts.values():
        print(f"  {context['name']} ({len(context['content'])} bytes, {context['mime']})")
    print_bindings(emulator)


def print_bindings(emulator: Emulator) -> None:
    """Each binding: the string's key and text (and file URI for a file's string), the
    screenshot, the box (or, on an HTML page, the anchors)."""
    state = emulator.state
    names = {uid: context["name"] for uid, context in state.contexts.items()}
    print(f"Bindings ({len(state.bindings)}):")
    for binding in state.bindings.values():
        string = state.strings[binding["stringHashcode"]]
        where = "" if string["stringText"] is not None else f" in {file_uris(string)}"
        print(
            f"  {label(string)} {string['parsedStringText']!r}{where} on "
            f"{names[binding['contextUid']]} {place(binding)}"
        )


def place(binding: dict[str, Any]) -> str:
    """Where a binding puts its string: a box on an image, or anchors in a page."""
    if "anchors" in binding:
        return "at data-sl-anchor " + ", ".join(binding["anchors"])
    box = binding["coordinates"]
    return f"at top {box['top']}, left {box['left']}, {box['width']}x{box['height']}"


def label(string: dict[str, Any]) -> str:
    """A string's keys (its variant when it has none)."""
    keys = list(dict.fromkeys(key["key"] for key in string["keys"]))
    return ", ".join(keys) if keys else str(string["variant"] or string["hashcode"][:8])


def file_uris(string: dict[str, Any]) -> str:
    return ", ".join(dict.fromkeys(key["fileUri"] for key in string["keys"]))
