"""Refuse PDFs that can act when opened: scripts, launch actions, embedded files, forms that
submit, actions on opening. A permit scan or a certificate never needs any of them.

Two looks, because either alone can be fooled: the raw bytes (names written plainly) and every
object reachable from the document's trailer as pypdf parses it (names written with #xx escapes,
objects inside compressed object streams).
"""

import re

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Dictionary keys that only active content uses.
ACTIVE_KEYS = {
    "/JavaScript",
    "/JS",
    "/AA",
    "/OpenAction",
    "/Launch",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/EF",
    "/RichMedia",
    "/XFA",
}
# Action types (/S) that run something, reach outside, or send data away.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/RichMediaExecute",
    "/GoToE",
    "/Rendition",
}
RAW_NAMES = re.compile(
    rb"/(JavaScript|JS|AA|OpenAction|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)"
    rb"(?=[\s/<>\[\]()%]|$)"
)
MAX_OBJECTS = 200_000  # a walk bound: a real permit has a few hundred objects


class ActivePdf(Exception):
    """The PDF holds active content (or is too tangled to check)."""


def check_pdf_is_passive(data: bytes, reader) -> None:
    """Raise ActivePdf when `data` (read by the pypdf `reader`) holds active content."""
    if RAW_NAMES.search(data):
        raise ActivePdf
    _walk(reader.trailer)


def _walk(root):
    seen, stack, visited = set(), [root], 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise ActivePdf
        if isinstance(node, DictionaryObject):
            _check_dictionary(node)
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def _check_dictionary(node):
    if ACTIVE_KEYS.intersection(node.keys()):
        raise ActivePdf
    action = node.get("/S")
    if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
        raise ActivePdf
    if node.get("/Subtype") == "/FileAttachment":
        raise ActivePdf
