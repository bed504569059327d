"""Benchmarks of smartling-context-action: `python -m benchmarks` runs them all and prints
one table of (figure, value, target, met). Each module also runs alone
(`python -m benchmarks.<module>`). Not part of the tests.
"""
