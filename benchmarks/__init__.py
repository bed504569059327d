"""Benchmarks of smartling-context-action (see run.py)."""
