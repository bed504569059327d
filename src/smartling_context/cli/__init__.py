"""The `smartling-context` command: sync, validate, strings, emulator, demo."""

from __future__ import annotations

import argparse
import json
import math
import os
import stat
import sys
from pathlib import Path

from smartling_context.cli import boxes as boxes_command
from smartling_context.cli import capture as capture_command
from smartling_context.cli import markers as markers_command
from smartling_context.cli import preview as preview_command
from smartling_context.manifest.model import DEFAULT_MANIFEST


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartling-context",
        description="Create a pull request's new strings in Smartling and bind them to "
        "screenshots.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    sync = commands.add_parser(
        "sync", help="sync the strings changed between two commits (what the action does)"
    )
    sync.add_argument("--base", help="ref or SHA to diff against; omit for a full sync")
    sync.add_argument("--head", default="HEAD", help="ref or SHA to sync (default: HEAD)")
    sync.add_argument("--manifest", default=DEFAULT_MANIFEST)
    sync.add_argument("--repo", type=Path, default=Path("."), help="the git repository")
    sync.add_argument("--api-url", default="https://api.smartling.com")
    sync.add_argument(
        "--allow-http",
        action="store_true",
        help="allow a plain http --api-url (not on this machine)",
    )
    sync.add_argument(
        "--time-limit",
        type=_minutes,
        default=20.0,
        help="minutes the run may take (default: 20)",
    )
    sync.add_argument("--dry-run", action="store_true", help="plan only; write nothing")
    sync.add_argument("--report", type=Path, help="write the JSON report here")

    validate = commands.add_parser("validate", help="check the context manifest")
    validate.add_argument("--manifest", default=DEFAULT_MANIFEST)
    validate.add_argument("--repo", type=Path, default=Path("."), help="the repository root")

    strings = commands.add_parser("strings", help="list a strings file's keys and texts")
    strings.add_argument("file", type=Path)
    strings.add_argument("--format", help="the file's format (default: from its name)")
    strings.add_argument("--json", action="store_true", help="print JSON")

    emulator = commands.add_parser("emulator", help="run the Smartling emulator on 127.0.0.1")
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument("--user-identifier", help="accept only this user identifier")
    emulator.add_argument("--user-secret", help="accept only this user secret")
    emulator.add_argument("--project", help="accept only this project id")
    emulator.add_argument(
        "--latency",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="how long each request takes, as over a network (default: 0)",
    )

    commands.add_parser("demo", help="run a whole pull-request sync against the emulator")
    capture_command.register(commands)
    boxes_command.register(commands)
    preview_command.register(commands)
    markers_command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "sync": _sync,
        "validate": _validate,
        "strings": _strings,
        "emulator": _emulator,
        "demo": _demo,
        "capture": capture_command.run,
        "boxes": boxes_command.run,
        "preview": preview_command.run,
        "markers": markers_command.run,
    }[args.command]
    from smartling_context.errors import CannotStart

    try:
        return handler(args)
    except CannotStart as error:
        _error(str(error))
        return 2
    except BrokenPipeError:
        # The reader went away (`smartling-context strings FILE | head`): stop quietly,
        # and keep Python from failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _minutes(value: str) -> float:
    """A positive, finite number of minutes (argparse type)."""
    try:
        minutes = float(value)
    except ValueError:
        minutes = math.nan
    if not (math.isfinite(minutes) and minutes > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of minutes")
    return minutes


def _error(text: str) -> None:
    """An error on stderr; inside GitHub Actions it cannot act as a workflow command."""
    from smartling_context.github.workflow_commands import untrusted

    untrusted(f"Error: {text}", sys.stderr)


def _sync(args: argparse.Namespace) -> int:
    from smartling_context.cli.sync import run_from_terminal

    return run_from_terminal(args)


def _validate(args: argparse.Namespace) -> int:
    from smartling_context.github.workflow_commands import Annotator, annotate_problems, untrusted
    from smartling_context.manifest.validation import unreadable_strings_files, validate
    from smartling_context.strings.trees import WorkTree

    if not args.repo.is_dir():
        _error(f"{args.repo}: not a folder; pass the repository's root as --repo")
        return 2
    try:
        result = validate(WorkTree(args.repo), args.manifest)
        problems = result.problems + unreadable_strings_files(result)
    except OSError as error:
        _error(f"{error.filename or args.manifest}: {error.strerror or error}")
        return 2
    problems.sort(key=lambda p: (p.line or 0, p.node))
    if not problems:
        untrusted(f"{args.manifest}: valid")
        return 0
    text = "\n".join(f"  {problem}" for problem in problems)
    untrusted(f"{args.manifest}: {len(problems)} problem(s)\n{text}", sys.stderr)
    annotate_problems(problems, Annotator())
    return 2


def _read_regular(path: Path) -> bytes:
    """A file's bytes; never blocks on a FIFO or device, never reads a folder."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(0, "not a regular file", str(path))
        return handle.read()


def _strings(args: argparse.Namespace) -> int:
    from smartling_context.github.workflow_commands import untrusted
    from smartling_context.strings.formats import StringsFileError, infer_format, read_strings

    fmt = args.format or infer_format(args.file.name)
    if fmt is None:
        _error(f"{args.file}: cannot tell the format from the name; pass --format")
        return 2
    try:
        strings = read_strings(_read_regular(args.file), fmt)
    except OSError as error:
        _error(f"{args.file}: {error.strerror or error}")
        return 2
    except StringsFileError as error:
        where = f"{args.file}:{error.line}" if error.line else str(args.file)
        _error(f"{where}: {error.message}")
        return 2
    if args.json:
        listing = [{"key": s.key, "text": s.text, "note": s.note} for s in strings]
        untrusted(json.dumps(listing, ensure_ascii=False, indent=2))
    elif strings:
        untrusted("\n".join(f"{string.key}\t{string.text!r}" for string in strings))
    return 0


def _seconds(value: str) -> float:
    seconds = float(value)
    if not 0 <= seconds <= 60:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 60 seconds")
    return seconds


def _emulator(args: argparse.Namespace) -> int:
    from smartling_context.emulator import serve

    credentials = None
    if args.user_identifier or args.user_secret:
        credentials = (args.user_identifier or "", args.user_secret or "")
    serve(args.port, credentials, args.project, args.latency)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from smartling_context.demo import run_demo

    return run_demo()
