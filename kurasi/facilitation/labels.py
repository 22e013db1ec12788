"""Words for the statuses rules.py returns (rules.py stays free of Django)."""

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "valid": _("Valid"),
    "expiring": _("Expiring soon"),
    "expired": _("Expired"),
    "missing": _("Not yet held"),
    "upcoming": _("Required soon"),
}


def status_label(status):
    return str(STATUS_LABELS.get(status, status))
