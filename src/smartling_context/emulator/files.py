"""The File API upload: a strings file in, its strings (with keys and file URI) stored.

The file is read with the project's own readers; Smartling's `fileType` names
map to them below. A string's identity in a file is its text in the file's
namespace (`smartling.namespace`, by default the file URI), so one text under
several keys of a file is one string with several `keys`. Uploading a file URI
again replaces that file's keys: strings no longer in it keep existing (as
inactive strings do in Smartling) but no longer answer for that file URI.
"""

from __future__ import annotations

from typing import Any

from smartling_context.emulator.envelope import Answer, validation
from smartling_context.emulator.multipart import parse_form
from smartling_context.emulator.request import Request
from smartling_context.emulator.state import EmulatorState, hashcode, new_string, now
from smartling_context.strings.formats import SourceString, StringsFileError, read_strings

# Smartling's FileType enum (OpenAPI `components.schemas.FileType`).
SMARTLING_FILE_TYPES = (
    "android", "csv", "doc", "docx", "gettext", "html", "idml", "ios", "java_properties", "json",
    "madcap", "markdown", "plain_text", "ppt", "pptx", "pres", "qt", "resx", "srt", "stringsdict",
    "xls", "xlsx", "xlsxTemplate", "xliff", "xml", "yaml",
)  # fmt: skip
# Smartling fileType -> the format name of `smartling_context.strings.formats`.
READABLE = {
    "android": "android",
    "gettext": "po",
    "ios": "ios-strings",
    "java_properties": "properties",
    "json": "json",
    "qt": "qt-ts",
    "resx": "resx",
    "stringsdict": "stringsdict",
    "xliff": "xliff",
    "yaml": "yaml",
}
MAX_FILE_URI = 512
MAX_CALLBACK_URL = 255


class FilesApi:
    """Files API v2: `POST /files-api/v2/projects/{p}/file`."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def upload(self, request: Request) -> Answer:
        form = parse_form(request.content_type, request.raw)
        missing = [name for name in ("file", "fileUri", "fileType") if name not in form]
        if missing:
            raise validation(f"Missing required parameter(s): {', '.join(missing)}")
        callback = form.get("callbackUrl")
        if callback is not None and len(callback.text()) > MAX_CALLBACK_URL:
            raise validation(f"callbackUrl is longer than {MAX_CALLBACK_URL} characters")
        namespace = form.get("smartling.namespace")
        return Answer(
            data=self.store(
                form["fileUri"].text(),
                form["fileType"].text(),
                form["file"].data,
                namespace.text() if namespace else None,
            )
        )

    def store(
        self, file_uri: str, file_type: str, content: bytes, namespace: str | None = None
    ) -> dict[str, Any]:
        """Read and store a file as an upload does; the upload's `data` (400 when refused)."""
        _check(file_uri, file_type)
        strings = _read(content, file_uri, file_type)
        with self.state.lock:
            overwritten = file_uri in self.state.files
            codes = self._replace(file_uri, file_type, namespace or file_uri, strings)
            words = sum(len(self.state.strings[c]["parsedStringText"].split()) for c in codes)
        return {"overWritten": overwritten, "stringCount": len(codes), "wordCount": words}

    def _replace(
        self, file_uri: str, file_type: str, namespace: str, strings: list[SourceString]
    ) -> list[str]:
        """Drop the file URI's old keys, store its strings; the lock is held."""
        for string in self.state.strings.values():
            string["keys"] = [k for k in string["keys"] if k["fileUri"] != file_uri]
            string["contentFileStringInstructions"] = [
                n for n in string["contentFileStringInstructions"] if n["fileUri"] != file_uri
            ]
        codes: dict[str, None] = {}
        for item in strings:
            code = hashcode(item.text, None, namespace)
            record = self.state.strings.setdefault(
                code, new_string(code, item.text, from_api=False, variant=None, namespace=namespace)
            )
            record["keys"].append({"key": item.key, "fileUri": file_uri})
            if item.note:
                record["contentFileStringInstructions"].append(
                    {"fileUri": file_uri, "contentFileStringInstruction": item.note}
                )
            codes[code] = None
        self.state.files[file_uri] = {
            "fileUri": file_uri,
            "fileType": file_type,
            "namespace": namespace,
            "hashcodes": list(codes),
            "lastUploaded": now(),
        }
        return list(codes)


def _check(file_uri: str, file_type: str) -> None:
    if not file_uri.strip():
        raise validation("fileUri must not be empty")
    if len(file_uri) > MAX_FILE_URI:
        raise validation(f"fileUri is longer than {MAX_FILE_URI} characters")
    if file_type not in SMARTLING_FILE_TYPES:
        raise validation(
            f"fileType {file_type!r} is not supported; expected one of "
            + ", ".join(SMARTLING_FILE_TYPES)
        )
    if file_type not in READABLE:
        raise validation(
            f"The emulator does not read fileType {file_type!r}; it reads "
            + ", ".join(sorted(READABLE))
        )


def _read(content: bytes, file_uri: str, file_type: str) -> list[SourceString]:
    # ARB files are uploaded as fileType json; their `@` metadata entries are not strings.
    fmt = (
        "arb" if file_type == "json" and file_uri.lower().endswith(".arb") else READABLE[file_type]
    )
    try:
        return read_strings(content, fmt)
    except StringsFileError as error:
        where = f" (line {error.line})" if error.line else ""
        raise validation(
            f"File {file_uri} is not a valid {file_type} file{where}: {error.message}"
        ) from error
