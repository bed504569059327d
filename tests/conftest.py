"""Shared fixtures: a running Smartling emulator and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actionrun import github, project  # noqa: F401 (fixtures of the end-to-end tests)
from smartling_context.emulator import Emulator
from smartling_context.smartling.client import SmartlingClient

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROJECT = "abcd12345"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as running:
        yield running


def make_client(emulator: Emulator, **overrides: object) -> SmartlingClient:
    """A client tuned for tests: tiny backoff and polling, same behaviour."""
    settings: dict = {"backoff_base": 0.001, "poll_interval": 0.001, "poll_deadline": 5.0}
    settings.update(overrides)
    user, secret = emulator.credentials or ("user-id", "user-secret")
    return SmartlingClient(emulator.url, user, secret, PROJECT, **settings)


@pytest.fixture
def client(emulator: Emulator) -> SmartlingClient:
    return make_client(emulator)
