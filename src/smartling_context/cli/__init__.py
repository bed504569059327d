"""The `smartling-context` command: sync, validate, strings, emulator, demo."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from smartling_context.cli import capture as capture_command
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

    commands.add_parser("demo", help="run a whole pull-request sync against the emulator")
    capture_command.register(commands)
    preview_command.register(commands)
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
        "preview": preview_command.run,
    }[args.command]
    return handler(args)


def _sync(args: argparse.Namespace) -> int:
    from smartling_context.cli.sync import run_from_terminal

    return run_from_terminal(args)


def _validate(args: argparse.Namespace) -> int:
    from smartling_context.github.workflow_commands import Annotator, annotate_problems
    from smartling_context.manifest.validation import unreadable_strings_files, validate
    from smartling_context.strings.trees import WorkTree

    result = validate(WorkTree(args.repo), args.manifest)
    problems = sorted(
        result.problems + unreadable_strings_files(result), key=lambda p: (p.line or 0, p.node)
    )
    if not problems:
        print(f"{args.manifest}: valid")
        return 0
    print(f"{args.manifest}: {len(problems)} problem(s)", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    annotate_problems(problems, Annotator())
    return 2


def _strings(args: argparse.Namespace) -> int:
    from smartling_context.strings.formats import StringsFileError, infer_format, read_strings

    fmt = args.format or infer_format(args.file.name)
    if fmt is None:
        print(f"{args.file}: cannot tell the format from the name; pass --format", file=sys.stderr)
        return 2
    try:
        strings = read_strings(args.file.read_bytes(), fmt)
    except OSError as error:
        print(f"{args.file}: {error.strerror}", file=sys.stderr)
        return 2
    except StringsFileError as error:
        where = f"{args.file}:{error.line}" if error.line else str(args.file)
        print(f"{where}: {error.message}", file=sys.stderr)
        return 2
    if args.json:
        print(
            json.dumps(
                [{"key": s.key, "text": s.text, "note": s.note} for s in strings],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for string in strings:
            print(f"{string.key}\t{string.text!r}")
    return 0


def _emulator(args: argparse.Namespace) -> int:
    from smartling_context.emulator import serve

    credentials = None
    if args.user_identifier or args.user_secret:
        credentials = (args.user_identifier or "", args.user_secret or "")
    serve(args.port, credentials, args.project)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from smartling_context.demo import run_demo

    return run_demo()
