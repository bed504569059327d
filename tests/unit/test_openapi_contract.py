"""Every JSON body the client sends validates against Smartling's own OpenAPI request schemas."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import SHARED
from smartling_context.emulator import png_with_text
from smartling_context.smartling.models import BindingRequest, Coordinates, CreatedString, NewString

OPENAPI = SHARED / "reference" / "smartling-openapi"
pytestmark = pytest.mark.skipif(
    not (OPENAPI / "swagger.json").exists(),
    reason="../shared/reference/smartling-openapi is absent: no OpenAPI description to check",
)

# Emulator route name -> where its request schema lives in the OpenAPI description.
OPERATIONS = {
    "authenticate": ("swagger.json", "/auth-api/v2/authenticate", "post"),
    "refresh": ("swagger.json", "/auth-api/v2/authenticate/refresh", "post"),
    "create strings": ("strings", "add_strings", "post"),
    "match": (
        "swagger.json",
        "/context-api/v2/projects/{projectId}/contexts/{contextUid}/match/async",
        "post",
    ),
    "create bindings": ("swagger.json", "/context-api/v2/projects/{projectId}/bindings", "post"),
    "list bindings": ("swagger.json", "/context-api/v2/projects/{projectId}/bindings/list", "post"),
}


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _validator(operation: str) -> Draft202012Validator:
    swagger = json.loads((OPENAPI / "swagger.json").read_text())
    strings = yaml.safe_load((OPENAPI / "spec" / "strings" / "strings-api-v2.yaml").read_text())
    common = yaml.safe_load((OPENAPI / "spec" / "api_common.yaml").read_text())
    source, path, method = OPERATIONS[operation]
    body = ("requestBody", "content", "application/json", "schema")
    if source == "strings":
        ref = "urn:spec/strings/strings-api-v2.yaml#/" + _pointer("x-paths", path, method, *body)
    else:
        ref = "urn:swagger.json#/" + _pointer("paths", path, method, *body)
    registry = Registry().with_resources(
        (uri, Resource.from_contents(document, default_specification=DRAFT202012))
        for uri, document in [
            ("urn:swagger.json", swagger),
            ("urn:spec/strings/strings-api-v2.yaml", strings),
            ("urn:spec/api_common.yaml", common),
        ]
    )
    return Draft202012Validator({"$ref": ref}, registry=registry)


def test_every_json_body_the_client_sends_matches_the_openapi_request_schema(emulator, client):
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
    png = png_with_text(20, 10, [{"text": "Bye", "top": 1, "left": 1, "width": 5, "height": 5}])
    context = client.upload_context("Home [1]", png, "home.png", "image/png")
    client.create_bindings(
        [
            BindingRequest(context.uid, codes[0], Coordinates(1, 2, 3, 4)),
            BindingRequest(context.uid, codes[1]),
        ]
    )
    client.match_context(context.uid, codes)
    client.list_bindings(context.uid)

    checked = set()
    for operation, body in emulator.state.bodies:
        errors = [e.message for e in _validator(operation).iter_errors(body)]
        assert errors == [], f"{operation}: {errors}"
        checked.add(operation)
    assert checked == {
        "authenticate",
        "create strings",
        "create bindings",
        "match",
        "list bindings",
    }
