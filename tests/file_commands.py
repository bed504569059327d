"""The runner's reading of a `GITHUB_OUTPUT` file, for the tests (one parser for every
run: the action in-process, in its container, and as a composite action)."""

from __future__ import annotations


def parse_file_command(text: str) -> dict[str, str]:
    """Entries of a GITHUB_OUTPUT file: `name=value` and `name<<DELIMITER ... DELIMITER`."""
    values: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, _, delimiter = line.partition("<<")
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            else:
                raise AssertionError(f"Matching delimiter not found '{delimiter}'")
            values[name] = "\n".join(block)
        else:
            name, sep, value = line.partition("=")
            assert sep and name, f"invalid file command line: {line!r}"
            values[name] = value
    return values
