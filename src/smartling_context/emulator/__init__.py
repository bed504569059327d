"""A Smartling emulator: a real HTTP server on 127.0.0.1 that answers like Smartling.

It serves the endpoints the action uses with Smartling's paths, envelopes,
status codes, limits and validation errors (a request Smartling would refuse,
it refuses), keeps state across calls, runs 202/async processes, and can inject
faults. By default it accepts any credentials and any well-formed project id;
`Emulator(credentials=..., projects=...)` restricts both.

Endpoints: authenticate and refresh; Strings API create, process status and
source strings (GET and POST, by `hashcodes` and/or `fileUri`, 500 a page);
File API upload (strings files read with the project's own readers); Context
API upload, list, get, download, delete, match (OCR), process status, and
bindings create, list and remove.

OCR is emulated: a PNG may carry a `tEXt` chunk with the keyword
`smartling-emulator:ocr` whose value is a JSON list of
`{"text", "top", "left", "width", "height"}`; a match binds the requested
strings whose text is on that list, at that box. Any other image shows no text.

Modules: `server` (HTTP, routing, lifecycle), `state`, `auth`, `strings`
(Strings API), `files` (File API), `contexts` (contexts and matching),
`bindings`, `multipart`, `ocr`, `faults`, `envelope`, `request`.
"""

from smartling_context.emulator.faults import Fault, Faults
from smartling_context.emulator.ocr import png_with_text
from smartling_context.emulator.server import Emulator, serve
from smartling_context.emulator.state import EmulatorState, hashcode

__all__ = ["Emulator", "EmulatorState", "Fault", "Faults", "hashcode", "png_with_text", "serve"]
