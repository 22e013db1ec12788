"""Export of the staff product list with its remembered search, filters and sort.

The registry's own export (views_io.export, the import's columns) follows the business list;
this one is the product list as seen on the page: no contact data, no NIK.
"""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kurasi.lib import exports
from kurasi.lib.tabular import MONEY, NUMBER, Column, Table

from .filters import PRODUCT_SEARCHES, filter_data, filter_products
from .views import registry_membership

PRODUCT_COLUMNS = [
    Column("name", gettext_lazy("Product")),
    Column("group", gettext_lazy("Product group"), lambda p: p.group.name),
    Column("business", gettext_lazy("Business"), lambda p: p.business.name),
    Column("district", gettext_lazy("District"), lambda p: p.business.district_name),
    Column("price", gettext_lazy("Price"), type=MONEY),
    Column("unit", gettext_lazy("Unit")),
    Column("monthly_capacity", gettext_lazy("Capacity per month"), type=NUMBER),
]


@login_required
@require_GET
def product_list_export(request, org_slug, fmt):
    membership = registry_membership(request, org_slug)
    organisation = membership.organisation
    form, products = filter_products(
        organisation, filter_data(request, PRODUCT_SEARCHES), day=timezone.localdate()
    )
    return exports.export_list(
        request,
        organisation=organisation,
        list_name="products",
        title=_("Registry of products"),
        table=Table(PRODUCT_COLUMNS, products.select_related("business", "group")),
        fmt=fmt,
        applied=exports.applied_from_form(form),
    )
