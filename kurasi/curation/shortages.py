"""What automatic assignment lacks, said per product group: how many products could not get
their K curators, how many curators cover the group, how many of those declared a conflict, and
how many more curators the group needs. The page links these sentences to the curators' product
groups, where the admin fixes them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class GroupShortage:
    """A product group whose products could not all get K eligible curators, and what fixes it:
    `missing` more curators covering the group without a conflict with these businesses (each
    such curator is eligible for every one of its short products)."""

    group: object  # ProductGroup
    products: int  # short products of the group
    needed: int  # K, curators per product
    covering: int  # curators covering the group
    conflicted: int  # of those, curators with a declared conflict with a short product
    missing: int

    @property
    def sentence(self) -> str:
        name = self.group.name
        curators = ngettext("%(count)s curator", "%(count)s curators", self.needed) % {
            "count": self.needed
        }
        parts = [
            ngettext(
                "%(group)s: %(count)s product needs %(curators)s.",
                "%(group)s: %(count)s products need %(curators)s each.",
                self.products,
            )
            % {"group": name, "count": self.products, "curators": curators}
        ]
        if self.covering:
            parts.append(
                ngettext(
                    "%(count)s curator covers it.", "%(count)s curators cover it.", self.covering
                )
                % {"count": self.covering}
            )
        else:
            parts.append(_("No curator covers it."))
        if self.conflicted:
            parts.append(
                ngettext(
                    "%(count)s of them declared a conflict of interest with one of these "
                    "businesses.",
                    "%(count)s of them declared conflicts of interest with these businesses.",
                    self.conflicted,
                )
                % {"count": self.conflicted}
            )
        parts.append(
            ngettext(
                "Add at least %(count)s more curator for %(group)s.",
                "Add at least %(count)s more curators for %(group)s.",
                self.missing,
            )
            % {"count": self.missing, "group": name}
        )
        return " ".join(parts)


def group_shortages(short_applications, problem, eligible):
    """One GroupShortage per product group of `short_applications`, in the groups' order."""
    by_group = {}
    for application in short_applications:
        by_group.setdefault(application.product.group_id, []).append(application)
    result = []
    for group_id, applications in by_group.items():
        covering = {c for c, groups in problem.curators.items() if group_id in groups}
        conflicted = {c for c in covering for a in applications if (c, a.pk) in problem.conflicts}
        result.append(
            GroupShortage(
                group=applications[0].product.group,
                products=len(applications),
                needed=problem.k,
                covering=len(covering),
                conflicted=len(conflicted),
                missing=max(problem.k - len(eligible.get(a.pk, [])) for a in applications),
            )
        )
    return sorted(result, key=lambda s: (s.group.position, s.group.name))
