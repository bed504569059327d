"""The Smartling client against the emulator, over real sockets."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import PROJECT, make_client
from smartling_context.emulator import Emulator, Fault, png_with_text
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.errors import SmartlingError, parse_error_details
from smartling_context.smartling.models import (
    BindingRequest,
    Coordinates,
    CreatedString,
    NewString,
    StringFailure,
)


def strings(count: int, namespace: str = "app") -> list[NewString]:
    return [NewString(f"Text {i}", variant=f"key.{i}", namespace=namespace) for i in range(count)]


def hashcodes(result) -> list[str]:
    return [o.hashcode for o in result.outcomes.values() if isinstance(o, CreatedString)]


@pytest.mark.parametrize(("count", "requests"), [(100, 1), (101, 2), (250, 3)])
def test_strings_are_sent_at_most_100_a_request(emulator, client, count, requests):
    result = client.create_strings(strings(count))

    assert len(set(hashcodes(result))) == count
    assert emulator.state.request_counts()["POST create strings"] == requests
    assert len(emulator.state.strings) == count
    assert all(
        len(body["strings"]) <= 100 for _, body in emulator.state.bodies if "strings" in body
    )


def test_requests_are_grouped_by_their_request_level_settings(emulator, client):
    mixed = [
        NewString("Hello %s", variant="a", placeholder_format="c", namespace="web"),
        NewString("Hello {0}", variant="b", placeholder_format="java", namespace="web"),
        NewString("Bye %s", variant="c", placeholder_format="c", namespace="web"),
    ]
    result = client.create_strings(mixed)

    assert len(hashcodes(result)) == 3
    sent = [body for name, body in emulator.state.bodies if name == "create strings"]
    assert sorted(
        (b["placeholderFormat"], [s["stringText"] for s in b["strings"]]) for b in sent
    ) == [("c", ["Hello %s", "Bye %s"]), ("java", ["Hello {0}"])]


def test_rerun_reports_overwritten_and_keeps_one_string(emulator, client):
    first = client.create_strings(strings(3))
    second = client.create_strings(strings(3))

    assert [o.overwritten for o in first.outcomes.values()] == [False] * 3
    assert [o.overwritten for o in second.outcomes.values()] == [True] * 3
    assert hashcodes(first) == hashcodes(second)
    assert len(emulator.state.strings) == 3


def test_a_string_over_10000_characters_is_an_error_item_and_not_sent(emulator, client):
    long = NewString("x" * 10_001, variant="long")
    result = client.create_strings([long, *strings(1)])

    failure, created = result.outcomes[long], result.outcomes[strings(1)[0]]
    assert isinstance(failure, StringFailure)
    assert "10,001 characters" in failure.message
    assert isinstance(created, CreatedString)
    sent = [s["stringText"] for _, b in emulator.state.bodies for s in b.get("strings", [])]
    assert "x" * 10_001 not in sent


def test_202_answer_is_polled_until_closed(emulator, client):
    emulator.faults.async_create = 1
    emulator.faults.process_polls = 3

    result = client.create_strings(strings(5))

    assert len(set(hashcodes(result))) == 5
    assert emulator.state.request_counts()["GET strings process"] == 4


def test_429_and_5xx_are_retried_and_every_string_is_created_exactly_once(emulator):
    # One batch at a time, so the faults land in a known order: the first batch meets
    # 429, 503, 429, 500, 429, reset, 429 before it goes through (8 attempts).
    client = make_client(emulator, concurrency=1, max_attempts=10)
    emulator.faults.rate_limit_every = 2
    emulator.faults.once += [
        Fault(path_contains="/strings-api/", status=503),
        Fault(path_contains="/strings-api/", status=500, after_processing=True),
        Fault(path_contains="/strings-api/", reset=True),
    ]

    result = client.create_strings(strings(250))

    assert len(set(hashcodes(result))) == 250
    assert len(emulator.state.strings) == 250
    statuses = {status for _, route, status in emulator.state.requests if route == "create strings"}
    assert {0, 429, 500, 503, 200} <= statuses


def test_a_400_is_never_retried(emulator, client):
    result = client.create_strings([NewString("Hi", variant="v", format="markdown")])

    (failure,) = result.outcomes.values()
    assert isinstance(failure, StringFailure)
    assert "format" in failure.message and "HTTP 400 VALIDATION_ERROR" in failure.message
    assert emulator.state.request_counts()["POST create strings"] == 1


def test_expired_token_mid_run_reauthenticates_and_replays(emulator, client):
    emulator.faults.token_calls = 2

    result = client.create_strings(strings(450))

    assert len(set(hashcodes(result))) == 450
    assert emulator.state.request_counts()["POST authenticate"] >= 2


def test_token_is_refreshed_ahead_of_expiry_from_the_returned_lifetime(emulator):
    # expiresIn is 480 s; with a 479.8 s margin the token is due 0.2 s after issue.
    client = make_client(emulator, refresh_margin=479.8)

    client.create_strings(strings(1))
    time.sleep(0.3)
    client.create_strings(strings(1))

    counts = emulator.state.request_counts()
    assert counts["POST authenticate"] == 1
    assert counts["POST refresh"] == 1


def test_a_refresh_that_fails_falls_back_to_authenticate(emulator):
    client = make_client(emulator, refresh_margin=479.8)
    client.create_strings(strings(1))
    emulator.state.refresh_tokens.clear()
    time.sleep(0.3)

    result = client.create_strings(strings(1))

    assert len(hashcodes(result)) == 1
    assert emulator.state.request_counts()["POST authenticate"] == 2


def test_wrong_credentials_give_a_clear_error():
    with Emulator(credentials=("right", "secret")) as emulator:
        client = SmartlingClient(emulator.url, "right", "wrong", PROJECT)
        with pytest.raises(SmartlingError) as raised:
            client.authenticate()
    error = raised.value
    assert error.status == 401
    assert error.is_credentials_problem
    assert "Invalid user identifier or secret" in str(error)
    assert "wrong" not in str(error)
    assert error.request_id


def test_unknown_project_is_a_clear_error():
    with Emulator(projects={"zzzz99999"}) as emulator:
        result = make_client(emulator).create_strings(strings(1))
    (failure,) = result.outcomes.values()
    assert isinstance(failure, StringFailure)
    assert f"Project {PROJECT} not found" in failure.message
    assert "HTTP 404" in failure.message
    assert failure.error is not None and failure.error.is_project_problem


def test_a_malformed_project_id_is_a_project_problem(emulator):
    client = SmartlingClient(emulator.url, "user-id", "user-secret", "Not-A-Project")

    (failure,) = client.create_strings(strings(1)).outcomes.values()

    assert isinstance(failure, StringFailure) and failure.error is not None
    assert failure.error.is_project_problem and not failure.error.is_credentials_problem


def upload(client, name: str = "Home [abc]", boxes=()):
    png = png_with_text(40, 20, list(boxes))
    return client.upload_context(name, png, "home.png", "image/png")


def test_upload_is_not_duplicated_when_the_connection_drops_after_the_server_acted(
    emulator, client
):
    emulator.faults.once.append(
        Fault(path_contains="/contexts", method="POST", reset=True, after_processing=True)
    )

    context = upload(client)

    assert [c["name"] for c in emulator.state.contexts.values()] == ["Home [abc]"]
    assert context.uid in emulator.state.contexts


def test_bindings_keep_partial_errors_per_item(emulator, client):
    created = hashcodes(client.create_strings(strings(2)))
    context = upload(client)
    requests = [
        BindingRequest(context.uid, created[0], Coordinates(1, 2, 30, 10)),
        BindingRequest(context.uid, "f" * 32),
        BindingRequest(context.uid, created[1]),
    ]

    result = client.create_bindings(requests)

    bound = sorted(h for (_, h), b in result.items() if not isinstance(b, str))
    assert bound == sorted(created)
    failed = [(h, "not found" in m) for (_, h), m in result.items() if isinstance(m, str)]
    assert failed == [("f" * 32, True)]
    assert result[(context.uid, created[0])].coordinates == Coordinates(1, 2, 30, 10)
    stored = next(b for b in emulator.state.bindings.values() if b["stringHashcode"] == created[0])
    assert stored["coordinates"] == {"top": 1, "left": 2, "width": 30, "height": 10}


def test_bindings_are_sent_100_a_request_and_not_duplicated_after_a_dropped_answer(
    emulator, client
):
    created = hashcodes(client.create_strings(strings(200)))
    context = upload(client)
    emulator.faults.once.append(Fault(path_contains="/bindings", reset=True, after_processing=True))

    result = client.create_bindings([BindingRequest(context.uid, h) for h in created])

    assert len(result) == 200 and not [m for m in result.values() if isinstance(m, str)]
    assert len(emulator.state.bindings) == 200
    sent = [len(b["bindings"]) for name, b in emulator.state.bodies if name == "create bindings"]
    assert max(sent) == 100  # the contract's "at most 100 a request" (Smartling takes 150)


def test_ocr_match_binds_only_the_requested_strings_and_waits(emulator, client):
    created = hashcodes(client.create_strings(strings(3)))
    boxes = [
        {"text": f"Text {i}", "top": 10 * i, "left": 0, "width": 50, "height": 9} for i in range(3)
    ]
    context = upload(client, boxes=boxes)

    bound = client.match_context(context.uid, created[:2])

    assert sorted(b.hashcode for b in bound) == sorted(created[:2])
    assert emulator.state.request_counts()["GET context process"] >= 2


def test_listing_contexts_follows_the_cursor(emulator, client):
    for index in range(205):
        emulator.upload_context(*_multipart_upload(f"shot {index}"))

    names = {c.name for c in client.list_contexts("shot")}

    assert len(names) == 205
    assert emulator.state.request_counts()["GET list contexts"] == 3


def test_concurrent_uploads_on_one_client_each_get_their_own_context(emulator):
    emulator.faults.latency = 0.02
    client = make_client(emulator, concurrency=4)
    uploads = [
        (f"s{i}", png_with_text(10, 10, [], shade=i), f"s{i}.png", "image/png") for i in range(8)
    ]

    with ThreadPoolExecutor(max_workers=4) as pool:  # as the run calls it: from a pool
        results = list(pool.map(lambda upload: client.upload_context(*upload), uploads))

    assert [r.name for r in results] == [f"s{i}" for i in range(8)]


def _multipart_upload(name: str) -> tuple[str, bytes]:
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n{name}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="content"; filename="a.png"\r\n'
            f"Content-Type: image/png\r\n\r\n"
        ).encode()
        + png_with_text(4, 4, [])
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", body


@pytest.mark.parametrize(
    "body",
    [
        {
            "response": {
                "code": "VALIDATION_ERROR",
                "errors": [{"key": "wrong_parameters", "message": "Bad", "details": "x"}],
            }
        },
        {
            "response": {
                "code": "VALIDATION_ERROR",
                "data": {"errors": [{"key": "wrong_parameters", "message": "Bad"}]},
            }
        },
        {
            "response": {
                "code": "VALIDATION_ERROR",
                "errors": {"key": "wrong_parameters", "message": "Bad", "details": None},
            }
        },
    ],
)
def test_error_envelopes_are_read_in_every_shape_the_sources_show(body):
    code, details = parse_error_details(body)
    assert code == "VALIDATION_ERROR"
    assert [(d.key, d.message) for d in details] == [("wrong_parameters", "Bad")]


def test_file_strings_pages_500_at_a_time_and_keeps_each_key(emulator, client):
    content = json.dumps({f"key.{i}": f"Text {i}" for i in range(1200)}).encode()
    emulator.upload_file("/app/en.json", "json", content)
    emulator.upload_file("/other/en.json", "json", b'{"key.0": "Other"}')

    found = client.file_strings("/app/en.json")

    assert len(found) == 1200 and len({f.hashcode for f in found}) == 1200
    by_key = {key: f for f in found for key in f.keys}
    assert by_key["key.7"].text == "Text 7"
    assert emulator.state.request_counts()["POST source strings"] == 3
    sent = [b for name, b in emulator.state.bodies if name == "source strings"]
    assert [(b["fileUri"], b["limit"], b["offset"]) for b in sent] == [
        ("/app/en.json", 500, 0),
        ("/app/en.json", 500, 500),
        ("/app/en.json", 500, 1000),
    ]


def test_file_strings_of_an_unknown_file_uri_is_empty(emulator, client):
    assert client.file_strings("/never/uploaded.json") == []


def test_delete_bindings_removes_exactly_the_given_bindings(emulator, client):
    created = hashcodes(client.create_strings(strings(3)))
    context = upload(client)
    bound = client.create_bindings([BindingRequest(context.uid, h) for h in created])
    doomed = [b.uid for b in bound.values() if not isinstance(b, str)][:2]

    client.delete_bindings(doomed)

    left = client.list_bindings(context.uid)
    assert [b.hashcode for b in left] == [created[2]]
    assert emulator.state.request_counts()["POST delete bindings"] == 1


def test_persistent_500s_on_bindings_fail_each_binding_without_raising(emulator):
    client = make_client(emulator, max_attempts=3)
    created = hashcodes(client.create_strings(strings(2)))
    context = upload(client)
    emulator.faults.once.append(Fault(path_contains="/bindings", status=500, times=100))

    result = client.create_bindings([BindingRequest(context.uid, h) for h in created])

    assert sorted(h for _, h in result) == sorted(created)
    assert all(isinstance(m, str) and "HTTP 500" in m for m in result.values())
    assert all("List bindings failed" in str(m) for m in result.values())
    assert emulator.state.bindings == {}


def test_bindings_of_many_strings_are_listed_in_one_call_or_150_a_call_if_refused(emulator, client):
    created = hashcodes(client.create_strings(strings(300)))
    context = upload(client)
    client.create_bindings([BindingRequest(context.uid, h) for h in created])
    emulator.state.requests.clear()

    assert {b.hashcode for b in client.bindings_of_strings(created)} == set(created)
    assert emulator.state.request_counts()["POST list bindings"] == 1

    emulator.bindings.hashcode_filter_limit = 150  # a Smartling that enforces its 150
    emulator.state.requests.clear()
    assert {b.hashcode for b in client.bindings_of_strings(created)} == set(created)
    statuses = [status for _, route, status in emulator.state.requests if route == "list bindings"]
    assert statuses == [400, 200, 200]


def test_contexts_are_found_by_name_in_one_listing_when_few_else_one_filter_each(emulator, client):
    first = upload(client, "Home #aaaaaaaaaaaa")
    twice = [upload(client, "Cart #bbbbbbbbbbbb") for _ in range(2)]
    upload(client, "Cart #bbbbbbbbbbbb (old)")  # a longer name: not the same context
    emulator.state.requests.clear()

    found = client.find_contexts(["Home #aaaaaaaaaaaa", "Cart #bbbbbbbbbbbb", "New #c"])

    assert found["Home #aaaaaaaaaaaa"] == [first]
    assert found["Cart #bbbbbbbbbbbb"] == sorted(twice, key=lambda c: c.uid)
    assert found["New #c"] == []
    assert emulator.state.request_counts()["GET list contexts"] == 1

    for n in range(100):  # more than one page of contexts: one name filter each
        upload(client, f"Other {n}")
    emulator.state.requests.clear()
    again = client.find_contexts(["Home #aaaaaaaaaaaa", "Cart #bbbbbbbbbbbb", "New #c"])
    assert again == found
    assert emulator.state.request_counts()["GET list contexts"] == 1 + 3
