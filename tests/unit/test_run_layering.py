"""run/ talks to no terminal and no GitHub: progress goes through the `Progress` it is given."""

from __future__ import annotations

import ast
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "src" / "smartling_context" / "run"


def _modules() -> list[tuple[str, ast.Module]]:
    return [(p.name, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(RUN.glob("*.py"))]


def test_run_imports_nothing_from_the_github_edge_or_the_cli():
    imported = {
        (name, node.module)
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    wrong = [
        (n, m)
        for n, m in imported
        if m.startswith(("smartling_context.github", "smartling_context.cli"))
    ]
    assert wrong == []


def test_run_prints_nothing_itself_except_the_plain_terminal_progress():
    printing = {
        name
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
    }
    assert printing <= {"progress.py"}
