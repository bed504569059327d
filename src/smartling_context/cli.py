"""The `smartling-context` command: sync, validate, strings, emulator, demo."""

from __future__ import annotations

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartling-context",
        description="Create a pull request's new strings in Smartling and bind them to screenshots.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    emulator = commands.add_parser("emulator", help="run the Smartling emulator on 127.0.0.1")
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument("--user-identifier", help="accept only this user identifier")
    emulator.add_argument("--user-secret", help="accept only this user secret")
    emulator.add_argument("--project", help="accept only this project id")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "emulator":
        from smartling_context.emulator import serve

        credentials = None
        if args.user_identifier or args.user_secret:
            credentials = (args.user_identifier or "", args.user_secret or "")
        serve(args.port, credentials, args.project)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
