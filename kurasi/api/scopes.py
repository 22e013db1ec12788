"""What a token may be used for. Scopes only narrow: the user's role still decides every request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    REGISTRY_READ = "registry:read", _("Read businesses, products and certificates")
    REGISTRY_WRITE = "registry:write", _("Change businesses, products and certificates")
    PROGRAMMES_READ = "programmes:read", _("Read programmes and applications")
    PROGRAMMES_WRITE = "programmes:write", _("Verify applications")
    CURATION_READ = (
        "curation:read",
        _("Read assessments, curation results, curators' product groups and conflicts of interest"),
    )
    CURATION_WRITE = (
        "curation:write",
        _("Score assessments, decide results, set curators' product groups, declare conflicts"),
    )
    FACILITATION_READ = "facilitation:read", _("Read facilitation gaps and programmes")
    FACILITATION_WRITE = (
        "facilitation:write",
        _("Create facilitation programmes, add and update participants"),
    )
    EXHIBITIONS_READ = "exhibitions:read", _("Read exhibitions, allocations and invitations")
    EXHIBITIONS_WRITE = "exhibitions:write", _("Allocate exhibitions, send and answer invitations")
    NOMINATIONS_READ = (
        "nominations:read",
        _("Read calls for nominations, the offices' lists and the nominees shared"),
    )
    NOMINATIONS_WRITE = (
        "nominations:write",
        _("Create and open calls for nominations; nominate, record consent, submit a list"),
    )
    OUTBOX_READ = "outbox:read", _("Read the outbox: messages to producers and their state")
    OUTBOX_WRITE = "outbox:write", _("Mark messages sent by WhatsApp, printed or unreachable")


def scope_for(area: str, method: str) -> str:
    """The scope a request needs: `<area>:read` for safe methods, `<area>:write` otherwise."""
    return f"{area}:{'read' if method in ('GET', 'HEAD', 'OPTIONS') else 'write'}"
