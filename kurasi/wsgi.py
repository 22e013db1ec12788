import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
application = get_wsgi_application()


def _warm_up():
    """Import every view and load both languages' catalogues now rather than on the first
    requests: under gunicorn --preload this happens once, before the workers fork, instead of
    once per worker while the first visitors wait (seconds: PDF and spreadsheet libraries)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (the property imports every view module)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Kurasi")


_warm_up()
# Everything loaded so far (Django, the views, the catalogues: 150,000 objects) lives as long as
# the process. Frozen, the collector stops walking it: a full collection took 65 ms, paid by
# whichever request happened to trigger it. Before gunicorn forks, it also keeps those pages
# shared between workers instead of copied when the collector touches them.
gc.freeze()
