"""An allocation's explanation in words, for staff and for the producer."""

from django.utils.translation import gettext as _


def reason_text(allocation) -> str:
    code, p = allocation.reason, allocation.reason_params or {}
    if allocation.status == "excluded":
        return _("Taken out by the office: %(reason)s") % {"reason": allocation.override_reason}
    if allocation.pinned and allocation.holds_place:
        return _("Placed by the office: %(reason)s") % {"reason": allocation.override_reason}
    if allocation.holds_place or allocation.status in ("confirmed", "declined", "expired"):
        if code == "refilled":
            return _("Selected from the waiting list when a place came free.")
        return _("Selected: among the highest scores that fit the booths and quotas.")
    texts = {
        "ineligible": {
            "band": _("Not eligible: the curation outcome is not one this exhibition admits."),
            "legality": _(
                "Not eligible: food and drink need a valid permit this exhibition requires "
                "(e.g. P-IRT or halal)."
            ),
        }.get(p.get("rule"), _("Not eligible.")),
        "unavailable": _("Not selected: you told the office you cannot attend."),
        "no_booth": _(
            "Not selected: the booths with what the product needs are reserved for other "
            "product groups."
        )
        if p.get("reserved")
        else _("Not selected: no booth of this exhibition has what the product needs."),
        "overlap": _(
            "Not selected here: the business has a place at an exhibition on the same dates."
        ),
        "group_max": _("Waiting list: the product group's maximum of %(max)s places is reached."),
        "district_max": _("Waiting list: the maximum of %(max)s places per district is reached."),
        "quota": _("Waiting list: the office's quota of %(quota)s places is reached."),
        "rank": _("Waiting list: lower score than the last product admitted in its group."),
        "excluded": _("Taken out by the office."),
    }
    return texts.get(code, "") % p if "%(" in texts.get(code, "") else texts.get(code, "")
