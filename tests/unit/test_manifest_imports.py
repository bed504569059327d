"""Heavy libraries are imported only on the path that uses them (start-up time, #17.4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from pathlib import Path
from smartling_context.manifest.validation import validate
from smartling_context.strings.trees import WorkTree
loaded = lambda: sorted(m for m in ("jsonschema", "PIL") if m in sys.modules)
print("import", loaded())
root = Path(sys.argv[1])
validate(WorkTree(root), "plain.yml")
print("no screenshot", loaded())
validate(WorkTree(root), "shot.yml")
print("screenshot", loaded())
"""


def test_jsonschema_and_pillow_load_only_when_used(tmp_path: Path) -> None:
    from gitrepo import screenshot

    (tmp_path / "app.json").write_text('{"title": "Hello"}')
    (tmp_path / "shot.png").write_bytes(screenshot("Hello"))
    plain = "version: 1\nstrings:\n  - files: app.json\n"
    (tmp_path / "plain.yml").write_text(plain)
    (tmp_path / "shot.yml").write_text(plain + "screenshots:\n  - image: shot.png\n")
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.splitlines()
    assert out == [
        "import []",
        "no screenshot ['jsonschema']",
        "screenshot ['PIL', 'jsonschema']",
    ]
