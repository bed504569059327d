"""Every request the client sends is one Smartling accepts.

Two checks over the same calls (every API call the client makes):
- always (a fresh clone): the emulator, which refuses what Smartling refuses,
  answers every request with success, and every JSON body has exactly the
  fields this project's reading of the API allows (`FIELDS` below);
- when `../shared/reference/smartling-openapi` is present: every JSON body also
  validates against Smartling's own OpenAPI request schema.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import SHARED, make_client
from smartling_context.emulator import Emulator, png_with_text
from smartling_context.smartling.models import (
    BindingRequest,
    Coordinates,
    CreatedString,
    NewString,
)

OPENAPI = SHARED / "reference" / "smartling-openapi"
# Only an identifier, so that the description's relative `$ref`s resolve; nothing is fetched.
BASE = "https://openapi.invalid/"

# Emulator route name -> where its request schema lives in the OpenAPI description.
OPERATIONS = {
    "authenticate": ("swagger.json", "/auth-api/v2/authenticate", "post"),
    "refresh": ("swagger.json", "/auth-api/v2/authenticate/refresh", "post"),
    "create strings": ("strings", "add_strings", "post"),
    "source strings": ("strings", "source_strings", "post"),
    "match": (
        "swagger.json",
        "/context-api/v2/projects/{projectId}/contexts/{contextUid}/match/async",
        "post",
    ),
    "create bindings": ("swagger.json", "/context-api/v2/projects/{projectId}/bindings", "post"),
    "list bindings": ("swagger.json", "/context-api/v2/projects/{projectId}/bindings/list", "post"),
    "delete bindings": (
        "swagger.json",
        "/context-api/v2/projects/{projectId}/bindings/remove",
        "post",
    ),
}

# The project's own reading of each JSON body (research notes §2-§4): (required, allowed).
STRING = ({"stringText"}, {"stringText", "variant", "instruction", "format"})
BINDING = (
    {"contextUid", "stringHashcode"},
    {"contextUid", "stringHashcode", "coordinates", "selector"},
)
FIELDS: dict[str, tuple[set[str], set[str]]] = {
    "authenticate": ({"userIdentifier", "userSecret"}, {"userIdentifier", "userSecret"}),
    "refresh": ({"refreshToken"}, {"refreshToken"}),
    "create strings": (
        {"strings"},
        {"strings", "placeholderFormat", "placeholderFormatCustom", "namespace"},
    ),
    "source strings": ({"fileUri", "limit", "offset"}, {"fileUri", "limit", "offset"}),
    "match": ({"stringHashcodes"}, {"stringHashcodes"}),
    "create bindings": ({"bindings"}, {"bindings"}),
    "list bindings": (set(), {"contextUid", "stringHashcodes"}),  # exactly one: the emulator checks
    "delete bindings": ({"bindingUids"}, {"bindingUids"}),
}


def exercise_every_call(emulator: Emulator) -> None:
    """Make every call the client has, with every optional field it can send."""
    client = make_client(emulator, refresh_margin=480)  # tokens (480 s) are due at once: refresh
    created = client.create_strings(
        [
            NewString(
                "Hello %s",
                variant="a",
                instruction="Greeting",
                format="plain_text",
                placeholder_format="c",
                placeholder_custom=r"\[.+?\]",
                namespace="web",
            ),
            NewString("Bye", variant="b"),
        ]
    )
    codes = [o.hashcode for o in created.outcomes.values() if isinstance(o, CreatedString)]
    emulator.upload_file("/app/en.json", "json", b'{"home.title": "Home"}')
    client.file_strings("/app/en.json")
    png = png_with_text(20, 10, [{"text": "Bye", "top": 1, "left": 1, "width": 5, "height": 5}])
    context = client.upload_context("Home [1]", png, "home.png", "image/png")
    client.find_context("Home [1]")
    bound = client.create_bindings(
        [
            BindingRequest(context.uid, codes[0], Coordinates(1, 2, 3, 4)),
            BindingRequest(context.uid, codes[1]),
        ]
    )
    page = b'<html><body><h1 data-sl-anchor="1">Bye</h1></body></html>'
    html = client.upload_context("home.png.html [1]", page, "home.html", "text/html")
    live = client.create_bindings([BindingRequest(html.uid, codes[1], anchors=("1",))])
    client.match_context(context.uid, codes)
    client.list_bindings(context.uid)
    client.list_bindings(html.uid)
    client.find_contexts(["Home [1]", "home.png.html [1]"])
    client.bindings_of_strings(codes)
    spare = client.upload_context("Spare [1]", png, "spare.png", "image/png")
    client.delete_context(spare.uid)
    client.delete_bindings(
        [b.uid for b in [*bound.values(), *live.values()] if not isinstance(b, str)]
    )


def test_every_request_the_client_sends_is_accepted_and_has_only_known_fields(emulator):
    exercise_every_call(emulator)

    refused = [(m, route, s) for m, route, s in emulator.state.requests if not 200 <= s < 300]
    assert refused == []
    for operation, body in emulator.state.bodies:
        required, allowed = FIELDS[operation]
        assert required <= set(body) <= allowed, (operation, sorted(body))
        for item in body.get("strings", []):
            assert STRING[0] <= set(item) <= STRING[1], item
        for item in body.get("bindings", []):
            assert BINDING[0] <= set(item) <= BINDING[1], item
            assert set(item.get("selector", {})) <= {"anchors"}, item
    assert {operation for operation, _ in emulator.state.bodies} == set(FIELDS)


@pytest.mark.skipif(
    not (OPENAPI / "swagger.json").exists(),
    reason="../shared/reference/smartling-openapi is absent: no OpenAPI description to check",
)
def test_every_json_body_the_client_sends_matches_the_openapi_request_schema(emulator):
    exercise_every_call(emulator)

    checked = set()
    for operation, body in emulator.state.bodies:
        errors = [e.message for e in _validator(operation).iter_errors(body)]
        assert errors == [], f"{operation}: {errors}"
        checked.add(operation)
    assert checked == set(OPERATIONS)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _validator(operation: str) -> Draft202012Validator:
    swagger = json.loads((OPENAPI / "swagger.json").read_text())
    strings = yaml.safe_load((OPENAPI / "spec" / "strings" / "strings-api-v2.yaml").read_text())
    common = yaml.safe_load((OPENAPI / "spec" / "api_common.yaml").read_text())
    source, path, method = OPERATIONS[operation]
    body = ("requestBody", "content", "application/json", "schema")
    if source == "strings":
        ref = BASE + "spec/strings/strings-api-v2.yaml#/" + _pointer("x-paths", path, method, *body)
    else:
        ref = BASE + "swagger.json#/" + _pointer("paths", path, method, *body)
    documents: list[tuple[str, Any]] = [
        (BASE + "swagger.json", swagger),
        (BASE + "spec/strings/strings-api-v2.yaml", strings),
        (BASE + "spec/api_common.yaml", common),
    ]
    registry = Registry().with_resources(
        (uri, Resource.from_contents(document, default_specification=DRAFT202012))
        for uri, document in documents
    )
    return Draft202012Validator({"$ref": ref}, registry=registry)
