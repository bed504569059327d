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
