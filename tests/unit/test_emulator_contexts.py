"""The emulator's bindings removal, OCR matching and multipart reading, over real HTTP."""

from __future__ import annotations

import json
import time

import pytest
import requests

from conftest import PROJECT
from smartling_context.emulator import png_with_text

BOXES = [
    {"text": "Book now", "top": 120, "left": 48, "width": 160, "height": 32},
    {"text": "Search", "top": 10, "left": 20, "width": 90, "height": 24},
]


class Api:
    """A signed-in session on the emulator's project, with the calls these tests need."""

    def __init__(self, emulator) -> None:
        self.emulator = emulator
        self.session = requests.Session()
        token = self.session.post(
            f"{emulator.url}/auth-api/v2/authenticate",
            json={"userIdentifier": "user", "userSecret": "secret"},
        ).json()["response"]["data"]["accessToken"]
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.context_api = f"{emulator.url}/context-api/v2/projects/{PROJECT}"

    def create(self, *texts: str) -> list[str]:
        answer = self.session.post(
            f"{self.emulator.url}/strings-api/v2/projects/{PROJECT}",
            json={"strings": [{"stringText": t, "variant": t} for t in texts]},
        )
        return [item["hashcode"] for item in answer.json()["response"]["data"]["items"]]

    def upload_file(self, file_uri: str, strings: dict[str, str]) -> None:
        self.session.post(
            f"{self.emulator.url}/files-api/v2/projects/{PROJECT}/file",
            files={"file": ("f.json", json.dumps(strings).encode(), "application/json")},
            data={"fileUri": file_uri, "fileType": "json"},
        ).raise_for_status()

    def file_hashcodes(self, file_uri: str) -> list[str]:
        answer = self.session.post(
            f"{self.emulator.url}/strings-api/v2/projects/{PROJECT}/source-strings",
            json={"fileUri": file_uri},
        )
        return [item["hashcode"] for item in answer.json()["response"]["data"]["items"]]

    def context(self, boxes=BOXES) -> str:
        answer = self.session.post(
            f"{self.context_api}/contexts",
            files={"content": ("home.png", png_with_text(300, 200, boxes), "image/png")},
        )
        return answer.json()["response"]["data"]["contextUid"]

    def bind(self, context: str, *codes: str) -> list[str]:
        answer = self.session.post(
            f"{self.context_api}/bindings",
            json={"bindings": [{"contextUid": context, "stringHashcode": c} for c in codes]},
        )
        return [b["bindingUid"] for b in answer.json()["response"]["data"]["created"]["items"]]

    def bindings(self, **selector) -> list[dict]:
        answer = self.session.post(f"{self.context_api}/bindings/list", json=selector)
        return answer.json()["response"]["data"]["items"]

    def remove(self, **selector) -> requests.Response:
        return self.session.post(f"{self.context_api}/bindings/remove", json=selector)

    def match(self, context: str, **params) -> dict:
        answer = self.session.post(
            f"{self.context_api}/contexts/{context}/match/async", json=params
        )
        assert answer.status_code == 202, answer.text
        process = answer.json()["response"]["data"]["processUid"]
        for _ in range(50):
            data = self.session.get(f"{self.context_api}/processes/{process}").json()
            if data["response"]["data"]["processState"] == "COMPLETED":
                return data["response"]["data"]["result"]
            time.sleep(0.01)
        raise AssertionError("the match never completed")


@pytest.fixture
def api(emulator):
    emulator.faults.process_polls = 1
    return Api(emulator)


def refusal(answer) -> str:
    assert answer.status_code == 400, answer.text
    assert answer.json()["response"]["code"] == "VALIDATION_ERROR"
    return answer.json()["response"]["errors"][0]["message"]


def test_removing_bindings_by_uid_deletes_exactly_those(emulator, api):
    context = api.context()
    first, second, third = api.bind(context, *api.create("A", "B", "C"))

    answer = api.remove(bindingUids=[first, third])

    assert answer.status_code == 200
    assert answer.json() == {"response": {"code": "SUCCESS", "data": None}}
    assert [b["bindingUid"] for b in api.bindings(contextUid=context)] == [second]
    assert list(emulator.state.bindings) == [second]


def test_removing_bindings_by_string_context_or_file_deletes_what_that_selector_names(api):
    home, other = api.context(), api.context([])
    a, b = api.create("A", "B")
    api.upload_file("/app.json", {"title": "Title"})
    (title,) = api.file_hashcodes("/app.json")
    api.bind(home, a, b, title)
    api.bind(other, a, title)

    api.remove(stringHashcodes=[a])
    assert {x["stringHashcode"] for x in api.bindings(contextUid=home)} == {b, title}
    api.remove(contentFileUri="/app.json")
    assert [x["stringHashcode"] for x in api.bindings(contextUid=home)] == [b]
    assert api.bindings(contextUid=other) == []
    api.remove(contextUid=home)
    assert api.bindings(stringHashcodes=[a, b, title]) == []


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ({}, "Exactly one of"),
        ({"bindingUids": []}, "Exactly one of"),
        ({"bindingUids": ["x"], "contextUid": "y"}, "Exactly one of"),
        ({"stringHashcodes": "abc"}, "stringHashcodes"),
        ({"bindingUids": [f"uid-{i}" for i in range(151)]}, "no more than 150"),
    ],
)
def test_a_removal_smartling_would_refuse_is_refused_and_removes_nothing(
    emulator, api, selector, expected
):
    context = api.context()
    api.bind(context, *api.create("A"))

    assert expected in refusal(api.remove(**selector))
    assert len(emulator.state.bindings) == 1


def test_listing_bindings_by_content_file_uri_gives_that_files_bindings(api):
    context = api.context()
    api.upload_file("/app.json", {"title": "Title"})
    (title,) = api.file_hashcodes("/app.json")
    api.bind(context, title, *api.create("Other"))

    assert [b["stringHashcode"] for b in api.bindings(contentFileUri="/app.json")] == [title]


def test_ocr_match_results_carry_each_bindings_box_from_the_image(emulator, api):
    book, search, absent = api.create("Book now", "Search", "Not on screen")
    context = api.context()

    result = api.match(context, stringHashcodes=[book, search, absent])

    boxes = {b["stringHashcode"]: b["coordinates"] for b in result["bindings"]}
    assert boxes == {
        book: {"top": 120, "left": 48, "width": 160, "height": 32},
        search: {"top": 10, "left": 20, "width": 90, "height": 24},
    }
    assert result["checkedStringsCount"] == 3 and result["contextUid"] == context
    stored = {b["stringHashcode"]: b["coordinates"] for b in api.bindings(contextUid=context)}
    assert stored == boxes


def test_ocr_matching_a_file_binds_its_strings_by_their_text_and_no_others(api):
    api.upload_file("/app.json", {"cta": "Book now"})
    (cta,) = api.file_hashcodes("/app.json")
    api.create("Search")
    context = api.context()

    result = api.match(context, contentFileUri="/app.json")

    assert [(b["stringHashcode"], b["coordinates"]["top"]) for b in result["bindings"]] == [
        (cta, 120)
    ]


def test_a_context_upload_with_the_official_sdks_boundary_is_read(emulator, api):
    # The Python SDK's boundary itself ends in "--"; the parser must take it from the header.
    boundary = "---------------3583071653471994819--"
    image = png_with_text(8, 8, [])
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nHome [1]\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="content"; '
            f'filename="home.png"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + image
        + f"\r\n--{boundary}--\r\n".encode()
    )

    answer = api.session.post(
        f"{api.context_api}/contexts",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert answer.status_code == 200, answer.text
    (stored,) = emulator.state.contexts.values()
    assert stored["name"] == "Home [1]" and stored["content"] == image
    assert stored["mime"] == "image/png"
