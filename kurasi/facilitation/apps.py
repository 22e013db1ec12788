from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kurasi.facilitation"
    verbose_name = _("Facilitation")
