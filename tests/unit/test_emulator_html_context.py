"""HTML contexts in the emulator: upload, anchors read from the page, bindings by anchors."""

from __future__ import annotations

import requests

from conftest import PROJECT, make_client
from smartling_context.emulator import png_with_text
from smartling_context.smartling.models import BindingRequest, Coordinates, NewString

PAGE = (
    b"<!doctype html><html><head><title>t</title></head><body>"
    b'<h1 data-sl-anchor="1">Search</h1><p><span data-sl-anchor=2>Book now</span></p>'
    b"</body></html>"
)


def test_a_page_binds_by_its_anchors_and_refuses_an_anchor_it_does_not_have(emulator):
    client = make_client(emulator)
    codes = [
        o.hashcode  # type: ignore[union-attr]
        for o in client.create_strings(
            [NewString("Search"), NewString("Book now")]
        ).outcomes.values()
    ]
    page = client.upload_context("search.png.html #1", PAGE, "search.html", "text/html")
    assert page.type == "HTML"

    answer = client.create_bindings(
        [
            BindingRequest(page.uid, codes[0], anchors=("1",)),
            BindingRequest(page.uid, codes[1], anchors=("2", "7")),
        ]
    )

    assert not isinstance(answer[(page.uid, codes[0])], str)
    refused = answer[(page.uid, codes[1])]
    assert isinstance(refused, str) and "'7'" in refused
    listed = client.list_bindings(page.uid)
    assert [(b.hashcode, b.anchors, b.coordinates) for b in listed] == [(codes[0], ("1",), None)]
    assert client.find_context("search.png.html #1") == page


def test_anchors_do_not_bind_on_an_image_and_the_page_downloads_as_uploaded(emulator):
    client = make_client(emulator)
    (code,) = [
        o.hashcode  # type: ignore[union-attr]
        for o in client.create_strings([NewString("Search")]).outcomes.values()
    ]
    image = client.upload_context("s.png", png_with_text(20, 10, []), "s.png", "image/png")
    page = client.upload_context("s.html", PAGE, "s.html", "text/html")

    answer = client.create_bindings(
        [
            BindingRequest(image.uid, code, anchors=("1",)),
            BindingRequest(page.uid, code, Coordinates(1, 1, 1, 1)),
        ]
    )

    assert "not an HTML context" in str(answer[(image.uid, code)])
    download = download_context(emulator, page.uid)
    assert download.headers["Content-Type"].startswith("text/html")
    assert download.content == PAGE


def download_context(emulator, uid: str) -> requests.Response:
    """`GET .../contexts/{uid}/content` as any Smartling client would call it."""
    token = requests.post(
        f"{emulator.url}/auth-api/v2/authenticate",
        json={"userIdentifier": "user", "userSecret": "secret"},
    ).json()["response"]["data"]["accessToken"]
    return requests.get(
        f"{emulator.url}/context-api/v2/projects/{PROJECT}/contexts/{uid}/content",
        headers={"Authorization": f"Bearer {token}"},
    )
