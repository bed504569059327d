"""The emulator's HTTP server: honest timing (no Nagle delay, normal backlog) and routing."""

from __future__ import annotations

import http.client
import json
import socket

import requests

from conftest import PROJECT
from smartling_context.emulator import Emulator, Fault


def test_accepted_connections_send_without_nagle_delay():
    # Not started: the test accepts the connection itself through the server's own code.
    emulator = Emulator()
    try:
        with socket.create_connection(emulator.server.server_address[:2], timeout=2):
            connection, _ = emulator.server.get_request()
            with connection:
                assert connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        emulator.server.server_close()


def test_a_burst_of_connections_is_queued_while_the_server_is_busy():
    # Nobody accepts: with the old backlog of 5 the seventh connection is never established.
    emulator = Emulator()
    clients = []
    try:
        for _ in range(64):
            clients.append(socket.create_connection(emulator.server.server_address[:2], timeout=2))
    finally:
        for client in clients:
            client.close()
        emulator.server.server_close()
    assert len(clients) == 64


def test_keep_alive_requests_share_one_connection_and_each_gets_a_request_id(emulator):
    host, port = emulator.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    body = json.dumps({"userIdentifier": "u", "userSecret": "s"})
    ids, sockets = [], []
    for _ in range(3):
        connection.request(
            "POST", "/auth-api/v2/authenticate", body, {"Content-Type": "application/json"}
        )
        answer = connection.getresponse()
        assert answer.status == 200 and answer.read()
        ids.append(answer.getheader("X-SL-RequestId"))
        sockets.append(connection.sock)
    connection.close()

    assert sockets[0] is not None and sockets == [sockets[0]] * 3
    assert len(set(ids)) == 3


def test_an_unknown_path_is_a_not_found_envelope_and_is_logged(emulator):
    answer = requests.get(f"{emulator.url}/strings-api/v2/projects/{PROJECT}/nothing-here")

    assert answer.status_code == 404
    assert answer.json()["response"]["code"] == "NOT_FOUND_ERROR"
    assert emulator.state.requests == [("GET", "unknown", 404)]


def test_a_fault_after_processing_acts_then_fails(emulator):
    emulator.faults.once.append(
        Fault(path_contains="/authenticate", status=503, after_processing=True)
    )

    answer = requests.post(
        f"{emulator.url}/auth-api/v2/authenticate", json={"userIdentifier": "u", "userSecret": "s"}
    )

    assert answer.status_code == 503
    assert answer.json()["response"]["code"] == "MAINTENANCE_MODE_ERROR"
    assert len(emulator.state.tokens) == 1
