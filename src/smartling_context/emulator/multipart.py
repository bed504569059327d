"""multipart/form-data bodies, read with the standard library's MIME parser."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP

from smartling_context.emulator.envelope import validation


@dataclass(frozen=True)
class Part:
    """One form field: its bytes, its own Content-Type ("" when it has none), its file name."""

    data: bytes
    content_type: str = ""
    filename: str = ""

    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def parse_form(content_type: str, raw: bytes) -> dict[str, Part]:
    """The fields of a multipart/form-data body by name; 400 when it is not one."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise validation("Expected a multipart/form-data body")
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(header + raw)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise validation("Expected a multipart/form-data body with a boundary")
    fields: dict[str, Part] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        fields[name] = Part(
            data=payload if isinstance(payload, bytes) else b"",
            content_type=part.get_content_type() if "Content-Type" in part else "",
            filename=part.get_filename() or "",
        )
    return fields
