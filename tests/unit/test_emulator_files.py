"""The emulator's File API upload and source strings, over real HTTP, as Smartling answers."""

from __future__ import annotations

import json

import pytest
import requests

from conftest import PROJECT

FILE_URI = "/locales/en/app.json"
APP = {
    "search": {"title": "Find a hotel", "button": "Search"},
    "book": "Book now",
    "again": "Search",
}


def signed_in(emulator) -> requests.Session:
    session = requests.Session()
    answer = session.post(
        f"{emulator.url}/auth-api/v2/authenticate",
        json={"userIdentifier": "user", "userSecret": "secret"},
    )
    session.headers["Authorization"] = f"Bearer {answer.json()['response']['data']['accessToken']}"
    return session


def upload(session, emulator, content: bytes, file_uri=FILE_URI, file_type="json", **fields):
    return session.post(
        f"{emulator.url}/files-api/v2/projects/{PROJECT}/file",
        files={"file": ("upload", content, "application/octet-stream")},
        data={"fileUri": file_uri, "fileType": file_type, **fields},
    )


def source_strings(session, emulator, **body):
    answer = session.post(
        f"{emulator.url}/strings-api/v2/projects/{PROJECT}/source-strings", json=body
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["response"]["data"]


def refusal(answer) -> str:
    assert answer.status_code == 400, answer.text
    response = answer.json()["response"]
    assert response["code"] == "VALIDATION_ERROR" and "data" not in response
    return response["errors"][0]["message"]


@pytest.fixture
def session(emulator):
    return signed_in(emulator)


def test_an_uploaded_file_answers_with_its_counts_and_its_strings_by_file_uri(emulator, session):
    answer = upload(session, emulator, json.dumps(APP).encode())

    assert answer.status_code == 200
    assert answer.json() == {
        "response": {
            "code": "SUCCESS",
            "data": {"overWritten": False, "stringCount": 3, "wordCount": 6},
        }
    }
    data = source_strings(session, emulator, fileUri=FILE_URI)
    assert data["totalCount"] == 3
    by_text = {item["parsedStringText"]: item for item in data["items"]}
    assert sorted(by_text) == ["Book now", "Find a hotel", "Search"]
    # One text under two keys of a file is one string with both keys.
    assert by_text["Search"]["keys"] == [
        {"key": "search.button", "fileUri": FILE_URI},
        {"key": "again", "fileUri": FILE_URI},
    ]
    # stringText is the Strings API's raw input: null for strings that came in a file.
    assert {item["stringText"] for item in data["items"]} == {None}
    assert all(len(item["hashcode"]) == 32 for item in data["items"])


def test_source_strings_get_form_reads_the_same_strings_with_hashcodes_or_file_uri(
    emulator, session
):
    upload(session, emulator, json.dumps(APP).encode())
    by_post = source_strings(session, emulator, fileUri=FILE_URI)["items"]
    codes = [item["hashcode"] for item in by_post]
    url = f"{emulator.url}/strings-api/v2/projects/{PROJECT}/source-strings"

    by_file = session.get(url, params={"fileUri": FILE_URI}).json()["response"]["data"]
    by_codes = session.get(url, params={"hashcodes": codes[:2]}).json()["response"]["data"]
    by_brackets = session.get(url, params={"hashcodes[]": codes[2]}).json()["response"]["data"]

    assert by_file["items"] == by_post
    assert [i["hashcode"] for i in by_codes["items"]] == codes[:2]
    assert [i["hashcode"] for i in by_brackets["items"]] == codes[2:]
    assert emulator.state.request_counts()["GET source strings"] == 3


def test_strings_created_through_the_strings_api_carry_their_text_and_virtual_file_key(
    emulator, session
):
    created = session.post(
        f"{emulator.url}/strings-api/v2/projects/{PROJECT}",
        json={"strings": [{"stringText": "Hello", "variant": "home.hello"}], "namespace": "web"},
    ).json()["response"]["data"]["items"][0]

    item = source_strings(session, emulator, hashcodes=[created["hashcode"]])["items"][0]

    assert item["stringText"] == item["parsedStringText"] == "Hello"
    assert item["stringVariant"] == "home.hello"
    assert item["keys"] == [{"key": "home.hello", "fileUri": "/Strings"}]


def test_1200_strings_of_one_file_come_in_three_pages_each_counting_its_own_items(
    emulator, session
):
    content = json.dumps({f"key{i:04}": f"Text number {i}" for i in range(1200)}).encode()
    assert upload(session, emulator, content).json()["response"]["data"]["stringCount"] == 1200

    pages = [source_strings(session, emulator, fileUri=FILE_URI, offset=o) for o in (0, 500, 1000)]

    assert [page["totalCount"] for page in pages] == [500, 500, 200]
    keys = [item["keys"][0]["key"] for page in pages for item in page["items"]]
    assert keys == [f"key{i:04}" for i in range(1200)]
    assert source_strings(session, emulator, fileUri=FILE_URI, offset=1200)["items"] == []
    small = source_strings(session, emulator, fileUri=FILE_URI, limit=7, offset=3)["items"]
    assert [item["keys"][0]["key"] for item in small] == [f"key{i:04}" for i in range(3, 10)]


def test_uploading_a_file_uri_again_replaces_its_strings(emulator, session):
    upload(session, emulator, json.dumps(APP).encode())
    changed = {"search": {"title": "Find a room"}, "book": "Book now"}

    answer = upload(session, emulator, json.dumps(changed).encode())

    assert answer.json()["response"]["data"] == {
        "overWritten": True,
        "stringCount": 2,
        "wordCount": 5,
    }
    items = source_strings(session, emulator, fileUri=FILE_URI)["items"]
    assert {i["parsedStringText"]: [k["key"] for k in i["keys"]] for i in items} == {
        "Find a room": ["search.title"],
        "Book now": ["book"],
    }


def test_the_same_text_in_two_files_is_two_strings_unless_they_share_a_namespace(emulator, session):
    upload(session, emulator, b'{"a": "Save"}', file_uri="/one.json")
    upload(session, emulator, b'{"b": "Save"}', file_uri="/two.json")
    upload(
        session,
        emulator,
        b'{"c": "Save"}',
        file_uri="/three.json",
        **{"smartling.namespace": "/one.json"},
    )

    one, two, three = (
        source_strings(session, emulator, fileUri=uri)["items"][0]
        for uri in ("/one.json", "/two.json", "/three.json")
    )

    assert one["hashcode"] != two["hashcode"]
    assert three["hashcode"] == one["hashcode"]
    assert three["keys"] == [
        {"key": "a", "fileUri": "/one.json"},
        {"key": "c", "fileUri": "/three.json"},
    ]


@pytest.mark.parametrize(
    ("file_type", "file_uri", "content", "keys"),
    [
        (
            "android",
            "/res/values/strings.xml",
            b'<resources><string name="title">Hotels</string></resources>',
            ["title"],
        ),
        ("java_properties", "/app.properties", b"greeting = Hello\n", ["greeting"]),
        ("ios", "/en.lproj/Main.strings", b'"done" = "Done";\n', ["done"]),
        ("yaml", "/en.yml", b"en:\n  nav:\n    home: Home\n", ["nav.home"]),
        ("gettext", "/app.po", b'msgid "Cancel"\nmsgstr ""\n', ["Cancel"]),
        ("json", "/app_en.arb", b'{"hi": "Hi", "@hi": {"description": "Greeting"}}', ["hi"]),
        (
            "resx",
            "/Strings.resx",
            b'<root><data name="Save" xml:space="preserve"><value>Save</value></data></root>',
            ["Save"],
        ),
        (
            "qt",
            "/app_de.ts",
            b"<TS><context><name>Main</name><message><source>Quit</source></message></context></TS>",
            ["Main|Quit"],
        ),
        (
            "stringsdict",
            "/en.lproj/Localizable.stringsdict",
            b"<plist><dict><key>n</key><dict><key>NSStringLocalizedFormatKey</key>"
            b"<string>%#@n@</string><key>n</key><dict><key>one</key><string>1 item</string>"
            b"</dict></dict></dict></plist>",
            ["n", "n[n:one]"],
        ),
    ],
)
def test_each_readable_file_type_is_read_with_the_projects_own_reader(
    emulator, session, file_type, file_uri, content, keys
):
    assert upload(session, emulator, content, file_uri, file_type).status_code == 200

    items = source_strings(session, emulator, fileUri=file_uri)["items"]

    assert [k["key"] for item in items for k in item["keys"]] == keys


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"fileType": "json"}, "fileUri"),
        ({"fileUri": FILE_URI}, "fileType"),
        ({"fileUri": FILE_URI, "fileType": "jsonx"}, "fileType 'jsonx' is not supported"),
        ({"fileUri": FILE_URI, "fileType": "docx"}, "does not read fileType 'docx'"),
        ({"fileUri": "/" + "a" * 512, "fileType": "json"}, "longer than 512"),
        (
            {"fileUri": FILE_URI, "fileType": "json", "callbackUrl": "http://x/" + "a" * 250},
            "callbackUrl",
        ),
    ],
)
def test_an_upload_smartling_would_refuse_is_refused(emulator, session, fields, expected):
    answer = session.post(
        f"{emulator.url}/files-api/v2/projects/{PROJECT}/file",
        files={"file": ("app.json", b'{"a": "A"}', "application/json")},
        data=fields,
    )

    assert expected in refusal(answer)
    assert emulator.state.strings == {}


def test_an_upload_without_a_file_part_a_bad_file_or_no_token_is_refused(emulator, session):
    url = f"{emulator.url}/files-api/v2/projects/{PROJECT}/file"
    fields = {"fileUri": FILE_URI, "fileType": "json"}

    assert "file" in refusal(session.post(url, files={k: (None, v) for k, v in fields.items()}))
    assert "multipart" in refusal(session.post(url, json=fields))
    assert "not a valid json file" in refusal(upload(session, emulator, b'{"a": '))
    anonymous = requests.post(url, files={"file": ("a.json", b"{}")}, data=fields)
    assert anonymous.status_code == 401
    assert emulator.state.strings == {} and emulator.state.files == {}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"fileUri": FILE_URI, "limit": 501}, "limit"),
        ({"fileUri": FILE_URI, "limit": 0}, "limit"),
        ({"fileUri": FILE_URI, "offset": -1}, "offset"),
        ({"fileUri": FILE_URI, "limit": "500"}, "limit"),
        ({"hashcodes": ["not-a-hashcode"]}, "hashcode"),
        ({"hashcodes": "0" * 32}, "hashcodes"),
        ({"fileUri": FILE_URI, "locale": "fr-FR"}, "locale"),
    ],
)
def test_a_source_strings_request_smartling_would_refuse_is_refused(
    emulator, session, body, expected
):
    answer = session.post(
        f"{emulator.url}/strings-api/v2/projects/{PROJECT}/source-strings", json=body
    )

    assert expected in refusal(answer)


def test_source_strings_get_refuses_a_limit_over_500_and_a_non_numeric_offset(emulator, session):
    url = f"{emulator.url}/strings-api/v2/projects/{PROJECT}/source-strings"

    assert "limit" in refusal(session.get(url, params={"fileUri": FILE_URI, "limit": 1000}))
    assert "offset" in refusal(session.get(url, params={"fileUri": FILE_URI, "offset": "x"}))


def test_source_strings_without_hashcodes_or_file_uri_returns_nothing(emulator, session):
    upload(session, emulator, json.dumps(APP).encode())

    assert source_strings(session, emulator) == {"totalCount": 0, "items": []}
    assert source_strings(session, emulator, fileUri="/unknown.json") == {
        "totalCount": 0,
        "items": [],
    }


def test_a_files_comments_come_back_as_its_strings_file_instructions(emulator, session):
    android = (
        b"<resources>\n  <!-- Button on the search screen -->\n"
        b'  <string name="search">Search</string>\n</resources>\n'
    )
    upload(session, emulator, android, "/res/values/strings.xml", "android")

    (item,) = source_strings(session, emulator, fileUri="/res/values/strings.xml")["items"]

    assert item["contentFileStringInstructions"] == [
        {
            "fileUri": "/res/values/strings.xml",
            "contentFileStringInstruction": "Button on the search screen",
        }
    ]
    assert item["stringInstructions"] == []
