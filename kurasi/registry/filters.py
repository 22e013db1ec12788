"""Search and filters of the staff registry (businesses and products), shared with the export.

Plain Django forms rather than django-filter: the search box needs custom parsing (a phone number
typed in any form, an NIB prefix, an exact NIK) and "certificate held / missing on a day" is an
`Exists` subquery; both would be custom code under django-filter too, so the extra dependency
would buy little.

Personal data never travels in a URL: the filter form is POSTed, its values are kept in the
session under a short random key, and the list is shown at `?search=<key>` (POST-redirect-GET).
Plain non-personal parameters (`?district=…&group=…`) also work, for links from dashboards.
`filter_data(request, …)` rebuilds the filter values from either, so the export reuses it.
"""

import secrets

from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.lib.phone import try_normalise_phone
from kurasi.programmes.models import Application, Programme

from .identifiers import digits_only
from .models import (
    Business,
    BusinessScale,
    Certificate,
    CertificateType,
    Gender,
    Product,
    ProductGroup,
)
from .regions import districts_in

PAGE_SIZE = 25
# Only the free-text search can hold personal data; it is accepted from the session, never a URL.
PERSONAL_PARAMS = {"q"}
KEPT_SEARCHES = 20
BUSINESS_SEARCHES = "registry_business_searches"
PRODUCT_SEARCHES = "registry_product_searches"


def remember_search(request, session_key: str, data) -> str:
    """Keep the submitted filter values in the session; return the key to put in the URL."""
    searches = request.session.get(session_key, {})
    kept = QueryDict(mutable=True)
    for key, values in data.lists():
        if key not in ("csrfmiddlewaretoken", "page", "search"):
            kept.setlist(key, [value for value in values if value])
    token = secrets.token_urlsafe(6)
    searches[token] = kept.urlencode()
    request.session[session_key] = dict(list(searches.items())[-KEPT_SEARCHES:])
    return token


def filter_data(request, session_key: str) -> QueryDict:
    """The filter values of a list request: the remembered search, plus plain URL parameters."""
    data = QueryDict(mutable=True)
    token = request.GET.get("search")
    stored = request.session.get(session_key, {}).get(token) if token else None
    if stored:
        data.update(QueryDict(stored))
    for key, values in request.GET.lists():
        if key not in ("search", "page", *PERSONAL_PARAMS):
            data.setlist(key, values)
    return data


def search_terms(raw: str) -> dict:
    """What the free-text search may mean: a phone number, digits of an NIB/NIK, or a name."""
    text = (raw or "").strip()
    digits = digits_only(text).lstrip("+")
    terms = {"text": text}
    if digits.isdigit() and len(digits) >= 4:
        terms["digits"] = digits
        if len(digits) >= 9:
            terms["phone"] = try_normalise_phone(text)
    return terms


def _identifier_match(terms) -> Q:
    """Typed digits: an NIB prefix, a phone number or an exact NIK, each served by a btree index.

    The NIB prefix is a range over 13-digit strings (a LIKE prefix could not use the index under
    a non-C collation).
    """
    digits = terms["digits"]
    match = Q(pk__in=[])
    if len(digits) <= 13:
        match |= Q(nib__gte=digits, nib__lte=digits.ljust(13, "9"))
    if len(digits) == 16:
        match |= Q(nik=digits)
    if terms.get("phone"):
        match |= Q(phone=terms["phone"])
    return match


class RegistryFilterForm(forms.Form):
    """Fields shared by the business and product lists. All optional; invalid ones are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    district = forms.ChoiceField(label=_("District"), required=False)
    group = forms.ModelChoiceField(
        label=_("Product group"), queryset=ProductGroup.objects.none(), required=False
    )
    # Both certificate selects offer the same types: read once, not once per select and value.
    has_certificate = forms.ChoiceField(label=_("Holds a valid"), required=False)
    missing_certificate = forms.ChoiceField(label=_("Lacks a valid"), required=False)

    def __init__(self, data=None, *, organisation, **kwargs):
        super().__init__(data, **kwargs)
        self.organisation = organisation
        any_label = _("— any —")
        self.fields["district"].choices = [("", any_label), *districts_in(organisation.region_code)]
        self.fields["group"].queryset = ProductGroup.objects.filter(organisation=organisation)
        self.fields["group"].empty_label = any_label
        types = list(CertificateType.objects.available_to(organisation))
        self.certificate_types = {str(t.pk): t for t in types}
        choices = [("", any_label), *((str(t.pk), t.name) for t in types)]
        for name in ("has_certificate", "missing_certificate"):
            self.fields[name].choices = choices

    def clean_has_certificate(self):
        return self.certificate_types.get(self.cleaned_data["has_certificate"])

    def clean_missing_certificate(self):
        return self.certificate_types.get(self.cleaned_data["missing_certificate"])

    def values(self) -> dict:
        """The valid values only: a bad value in one field must not empty the whole list."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class BusinessFilterForm(RegistryFilterForm):
    SORTS = {
        "name": ("name", "id"),
        "district": ("district_code", "name", "id"),
        "newest": ("-created_at", "-id"),
    }

    programme = forms.ModelChoiceField(
        label=_("Entered in programme"), queryset=Programme.objects.none(), required=False
    )
    scale = forms.ChoiceField(
        label=_("Scale"), required=False, choices=[("", _("— any —")), *BusinessScale.choices]
    )
    gender = forms.ChoiceField(
        label=_("Owner's gender"), required=False, choices=[("", _("— any —")), *Gender.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("district", _("District")), ("newest", _("Newest"))],
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_organisation(organisation)
        self.fields["programme"].empty_label = _("— any —")


class ProductFilterForm(RegistryFilterForm):
    SORTS = {
        "name": ("name", "id"),
        "business": ("business__name", "name", "id"),
        "newest": ("-created_at", "-id"),
    }

    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("business", _("Business")), ("newest", _("Newest"))],
    )


def _holders(certificate_type, day, column, **conditions):
    """Ids (`column`) of holders of a valid certificate of the type: one subquery, evaluated once.

    IN / NOT IN over a subquery rather than a correlated EXISTS: SQLite's planner runs a
    correlated EXISTS per row (46 s for 100,000 products with an OR of two), while PostgreSQL
    hashes either form.
    """
    valid = Certificate.objects.valid_on(day).filter(type=certificate_type, **conditions)
    return valid.values(column)


def _business_holds(certificate_type, day):
    """The condition "the business holds a valid certificate of this type".

    PostgreSQL answers a correlated EXISTS by probing an index for each business it considers,
    which a page's LIMIT keeps to a few dozen probes; hashing every holder first (the IN form)
    cost more than the rest of the page at 200,000 businesses.
    """
    if connection.vendor == "postgresql":
        valid = Certificate.objects.valid_on(day).filter(type=certificate_type)
        return Exists(valid.filter(business_id=OuterRef("pk")))
    return Q(pk__in=_holders(certificate_type, day, "business_id"))


def _product_holds(certificate_type, day):
    """(Own, business-wide): a product holds a certificate that names it, or one that covers its
    whole business. Returned apart so "lacks" can be two NOT EXISTS, which PostgreSQL runs as
    index-probing anti-joins; NOT (a OR b) would make it hash every holder first."""
    if connection.vendor == "postgresql":
        valid = Certificate.objects.valid_on(day).filter(type=certificate_type)
        return (
            Exists(valid.filter(product__isnull=False, product_id=OuterRef("pk"))),
            Exists(valid.filter(product__isnull=True, business_id=OuterRef("business_id"))),
        )
    return (
        Q(pk__in=_holders(certificate_type, day, "product_id", product__isnull=False)),
        Q(business_id__in=_holders(certificate_type, day, "business_id", product__isnull=True)),
    )


def _entered_in(programme):
    """The condition "the business has a product entered in the programme".

    On PostgreSQL a correlated EXISTS probes the (programme, business) index once per business
    walked in the page's order, which the LIMIT keeps short. IN (subquery) is evaluated once on
    SQLite, whose planner would otherwise run the EXISTS per row.
    """
    entered = Application.objects.filter(programme=programme)
    if connection.vendor == "postgresql":
        return Exists(entered.filter(business_id=OuterRef("pk")))
    return Q(pk__in=entered.values("business_id"))


def filter_businesses(organisation, data, *, day=None):
    """(form, queryset) of the organisation's businesses matching `data`, sorted, not paginated."""
    day = day or timezone.localdate()
    form = BusinessFilterForm(data, organisation=organisation)
    values = form.values()
    queryset = Business.objects.for_organisation(organisation)
    if "q" in values:
        terms = search_terms(values["q"])
        if "digits" in terms:
            queryset = queryset.filter(_identifier_match(terms))
        else:
            text = terms["text"]
            queryset = queryset.filter(Q(name__icontains=text) | Q(owner_name__icontains=text))
    if "district" in values:
        queryset = queryset.filter(district_code=values["district"])
    if "group" in values:
        products = Product.objects.filter(group=values["group"])
        queryset = queryset.filter(pk__in=products.values("business_id"))
    if "has_certificate" in values:
        queryset = queryset.filter(_business_holds(values["has_certificate"], day))
    if "missing_certificate" in values:
        queryset = queryset.exclude(_business_holds(values["missing_certificate"], day))
    if "programme" in values:
        queryset = queryset.filter(_entered_in(values["programme"]))
    if "scale" in values:
        queryset = queryset.filter(scale=values["scale"])
    if "gender" in values:
        queryset = queryset.filter(owner_gender=values["gender"])
    return form, queryset.order_by(*form.SORTS[values.get("sort", "name")])


def filter_products(organisation, data, *, day=None):
    """(form, queryset) of the organisation's products matching `data`, sorted, not paginated.

    A certificate counts for a product when it names the product or covers the whole business.
    """
    day = day or timezone.localdate()
    form = ProductFilterForm(data, organisation=organisation)
    values = form.values()
    queryset = Product.objects.for_organisation(organisation)
    if "q" in values:
        text = values["q"].strip()
        queryset = queryset.filter(Q(name__icontains=text) | Q(business__name__icontains=text))
    if "district" in values:
        queryset = queryset.filter(business__district_code=values["district"])
    if "group" in values:
        queryset = queryset.filter(group=values["group"])
    if "has_certificate" in values:
        own, business_wide = _product_holds(values["has_certificate"], day)
        queryset = queryset.filter(own | business_wide)
    if "missing_certificate" in values:
        own, business_wide = _product_holds(values["missing_certificate"], day)
        queryset = queryset.exclude(own).exclude(business_wide)
    return form, queryset.order_by(*form.SORTS[values.get("sort", "name")])
