"""What goes to and comes back from Smartling, as typed values (no HTTP here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from smartling_context.smartling.errors import SmartlingError


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
    error: SmartlingError | None = field(default=None, compare=False)


@dataclass
class CreateStringsResult:
    """Each requested string's outcome, keyed by the request itself."""

    outcomes: dict[NewString, CreatedString | StringFailure]
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


@dataclass(frozen=True)
class BindingRequest:
    """A string bound to an image by its box, or to an HTML context by the
    `data-sl-anchor` values of its elements."""

    context_uid: str
    hashcode: str
    coordinates: Coordinates | None = None
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Binding:
    uid: str
    context_uid: str
    hashcode: str
    coordinates: Coordinates | None = None
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileString:
    """A string Smartling holds under a file URI, with its keys in that file."""

    hashcode: str
    text: str
    keys: tuple[str, ...] = ()
