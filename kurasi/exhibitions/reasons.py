"""An allocation's explanation in words, for staff and for the producer."""

from django.utils.translation import gettext as _


def reason_text(allocation) -> str:
    """Why the row's product is where it is, as the producer and the office read it."""
    code, p = allocation.reason, allocation.reason_params or {}
    if allocation.status == "excluded":
        return _("Taken out by the office: %(reason)s") % {"reason": allocation.override_reason}
    if allocation.pinned and allocation.holds_place:
        return _("Placed by the office: %(reason)s") % {"reason": allocation.override_reason}
    if allocation.holds_place or allocation.status in ("confirmed", "declined", "expired"):
        if code == "refilled":
            return _("Selected from the waiting list when a place came free.")
        return _("Selected: among the highest scores that fit the booths and quotas.")
    return outcome_text(code, p)


# The code of a pair the producer cannot attend: no allocation row any more (availability.py),
# but the same sentence as the rows earlier runs stored.
CANNOT_ATTEND = "unavailable"


def cannot_attend_text(*, staff=False) -> str:
    """The producer's "cannot attend", in words for her (`staff`: for the office)."""
    if staff:
        return _("The producer told the office they cannot attend.")
    return outcome_text(CANNOT_ATTEND, {})


def outcome_text(code, p) -> str:
    """The sentence of an allocation outcome `code` (allocation.Outcome) with its params `p`."""
    texts = {
        "ineligible": {
            "band": _("Not eligible: the curation outcome is not one this exhibition admits."),
            "legality": _(
                "Not eligible: food and drink need a valid permit this exhibition requires "
                "(e.g. P-IRT or halal)."
            ),
        }.get(p.get("rule"), _("Not eligible.")),
        CANNOT_ATTEND: _("Not selected: you told the office you cannot attend."),
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
        "office_max": _(
            "Waiting list: the nominating office's quota of %(max)s places is reached."
        ),
        "district_max": _("Waiting list: the maximum of %(max)s places per district is reached."),
        "quota": _("Waiting list: the office's quota of %(quota)s places is reached."),
        "rank": _("Waiting list: lower score than the last product admitted in its group."),
        "excluded": _("Taken out by the office."),
    }
    return texts.get(code, "") % p if "%(" in texts.get(code, "") else texts.get(code, "")
