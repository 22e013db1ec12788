from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "kurasi.curation"
    verbose_name = _("Curation")
