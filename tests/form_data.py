"""What a browser would send from a rendered form: its fields' current values.

`form_data(html, containing="revision")` reads the first <form> holding a field of that name and
returns a dict for the test client (lists for multiple values; file inputs and buttons left out).
"""

from html.parser import HTMLParser

SKIPPED_TYPES = {"file", "submit", "button", "reset", "image"}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.current = None
        self.select = None
        self.textarea = None

    def _add(self, name, value):
        self.current.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {}
            self.first_options = {}
            self.forms.append(self.current)
        if self.current is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs)
            self.current.setdefault(name, [])
        elif tag == "option" and self.select:
            name, multiple = self.select
            value = attrs.get("value") or ""
            if "selected" in attrs:
                if not multiple:
                    self.current[name] = []
                self._add(name, value)
            elif not multiple and not self.current[name] and name not in self.first_options:
                self.first_options[name] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.current[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            name, multiple = self.select
            if not multiple and not self.current[name] and name in self.first_options:
                self.current[name] = [self.first_options[name]]
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            typed = self.current[self.textarea]
            # A newline right after <textarea> is not part of the value.
            typed[-1] += data if typed[-1] else data.removeprefix("\n")


def form_data(html, containing="revision"):
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if containing in form:
            # An empty multiple select sends nothing, as a browser does.
            return {
                name: values if len(values) > 1 else values[0]
                for name, values in form.items()
                if values and name != "csrfmiddlewaretoken"
            }
    raise AssertionError(f"no form with a field {containing!r}")
