"""What a token may be used for. Scopes only narrow: the user's role still decides every request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    REGISTRY_READ = "registry:read", _("Read businesses, products and certificates")
    REGISTRY_WRITE = "registry:write", _("Change businesses, products and certificates")
    PROGRAMMES_READ = "programmes:read", _("Read programmes and applications")
    PROGRAMMES_WRITE = "programmes:write", _("Verify applications")


def scope_for(area: str, method: str) -> str:
    """The scope a request needs: `<area>:read` for safe methods, `<area>:write` otherwise."""
    return f"{area}:{'read' if method in ('GET', 'HEAD', 'OPTIONS') else 'write'}"
