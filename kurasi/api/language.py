"""The API answers in the language the client asks for (Accept-Language: id or en).

Pages follow only the language switch (see kurasi/lib/locale.py); a program has no switch, so
its Accept-Language header is the explicit choice. Without one, the switch or Indonesian.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def activate_api_language(request):
    supported = {code for code, _name in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in supported:
            translation.activate(base)
            request.LANGUAGE_CODE = base
            return base
    return translation.get_language()
