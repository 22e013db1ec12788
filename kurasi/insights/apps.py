from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "kurasi.insights"
    verbose_name = _("Dashboards and reports")

    def ready(self):
        from . import signals

        signals.connect()
