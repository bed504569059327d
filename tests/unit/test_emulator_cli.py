"""`smartling-context emulator --port N` serves a spec-shaped authenticate."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_emulator_command_answers_authenticate():
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smartling_context.cli",
            "emulator",
            "--port",
            str(port),
            "--user-identifier",
            "me",
            "--user-secret",
            "pw",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert f"http://127.0.0.1:{port}" in server.stdout.readline()
        url = f"http://127.0.0.1:{port}/auth-api/v2/authenticate"
        for _ in range(50):
            try:
                answer = requests.post(
                    url, json={"userIdentifier": "me", "userSecret": "pw"}, timeout=5
                )
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        body = answer.json()["response"]
        assert answer.status_code == 200 and body["code"] == "SUCCESS"
        assert set(body["data"]) == {
            "accessToken",
            "refreshToken",
            "expiresIn",
            "refreshExpiresIn",
            "tokenType",
        }
        assert body["data"]["tokenType"] == "Bearer"
        refused = requests.post(url, json={"userIdentifier": "me", "userSecret": "no"}, timeout=5)
        assert refused.status_code == 401
        assert refused.json()["response"]["code"] == "AUTHENTICATION_ERROR"
        assert refused.headers["X-SL-RequestId"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_emulator_command_answers_each_request_after_its_latency():
    """`--latency` makes the emulator a slow network: no answer comes sooner."""
    command = [sys.executable, "-m", "smartling_context.cli", "emulator", "--port", "0"]
    server = subprocess.Popen(
        [*command, "--latency", "0.4"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = server.stdout.readline().rsplit(" ", 1)[-1].strip()
        started = time.monotonic()
        answer = requests.post(
            f"{url}/auth-api/v2/authenticate",
            json={"userIdentifier": "me", "userSecret": "pw"},
            timeout=5,
        )
        assert answer.status_code == 200
        assert time.monotonic() - started >= 0.4
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_emulator_command_refuses_a_negative_latency():
    done = subprocess.run(
        [sys.executable, "-m", "smartling_context.cli", "emulator", "--latency", "-1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "-1 is not between 0 and 60 seconds" in done.stderr
