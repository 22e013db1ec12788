"""What a screen reader follows in a rendered page: the ids that aria-describedby names.

Django points an invalid field's aria-describedby at "<id>_error" (and "<id>_helptext"); a
template that renders the error list under another id leaves the message unread.
"""

from html.parser import HTMLParser


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.described = []  # (field name or tag, referenced id)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for reference in (attrs.get("aria-describedby") or "").split():
            self.described.append((attrs.get("name") or tag, reference))


def described_by(html):
    """Every (field, id) an aria-describedby names, and the ids that exist in the page."""
    parser = _References()
    parser.feed(html)
    return parser.described, parser.ids


def dangling_descriptions(html):
    """The (field, id) pairs whose aria-describedby names no element of the page."""
    described, ids = described_by(html)
    return [(field, reference) for field, reference in described if reference not in ids]
