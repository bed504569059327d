"""What goes to and comes back from Smartling, as typed values (no HTTP here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NewString:
    """One string to create, with its request-level settings."""

    text: str
    variant: str | None = None
    instruction: str | None = None
    format: str | None = None
    placeholder_format: str | None = None
    placeholder_custom: str | None = None
    namespace: str | None = None

    @property
    def request_settings(self) -> tuple[str | None, str | None, str | None]:
        return (self.placeholder_format, self.placeholder_custom, self.namespace)


@dataclass(frozen=True)
class CreatedString:
    hashcode: str
    overwritten: bool


@dataclass(frozen=True)
class StringFailure:
    message: str
    key: str | None = None
    status: int | None = None


@dataclass
class CreateStringsResult:
    """One entry per input string, in input order: a `CreatedString` or a `StringFailure`."""

    outcomes: list[CreatedString | StringFailure]
    word_count: int = 0


@dataclass(frozen=True)
class Context:
    uid: str
    name: str
    type: str = "IMAGE"


@dataclass(frozen=True)
class Coordinates:
    top: int
    left: int
    width: int
    height: int

    def as_json(self) -> dict[str, int]:
        return {"top": self.top, "left": self.left, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class BindingRequest:
    context_uid: str
    hashcode: str
    coordinates: Coordinates | None = None

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"contextUid": self.context_uid, "stringHashcode": self.hashcode}
        if self.coordinates is not None:
            body["coordinates"] = self.coordinates.as_json()
        return body


@dataclass(frozen=True)
class Binding:
    uid: str
    context_uid: str
    hashcode: str


@dataclass
class BindingsResult:
    """Bindings created, and for each request that failed, the reason."""

    created: list[Binding] = field(default_factory=list)
    failed: list[tuple[BindingRequest, str]] = field(default_factory=list)
