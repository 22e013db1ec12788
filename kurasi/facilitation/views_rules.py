"""Legality rules on the office's own pages: the shipped rules to read, the office's to add,
edit and remove. Office admins only: field officers and curators get 403, anyone outside the
office 404, and another office's rule 404 by its id (a shipped rule can be read, not edited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib.concurrency import StaleEdit, show_stale

from . import services_rules
from .forms_rules import LegalityRuleForm
from .models import LegalityRule, SniCategory

RULES = LegalityRule.objects.prefetch_related("certificate_types", "product_groups")


def get_rule(user, slug, pk, *, own=True):
    """(membership, rule) for an office admin: the office's own rule, or (own=False) also a
    shipped one; another office's rule is 404."""
    membership = get_membership_for_user(user, slug, Role.ADMIN)
    organisation = membership.organisation
    visible = (
        Q(organisation=organisation)
        if own
        else Q(organisation=organisation) | Q(organisation__isnull=True)
    )
    return membership, get_object_or_404(RULES.filter(visible), pk=pk)


def _page(request, membership, template, **context):
    return render(
        request,
        template,
        {
            "membership": membership,
            "organisation": membership.organisation,
            "tab": "rules",
            **context,
        },
    )


@login_required
def rules(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    rows = RULES.available_to(membership.organisation).order_by(
        "organisation_id", "position", "code"
    )
    return _page(request, membership, "facilitation/rules/list.html", rows=rows)


@login_required
def rule_detail(request, slug, pk):
    membership, rule = get_rule(request.user, slug, pk, own=False)
    sni = dict(SniCategory.choices)
    return _page(
        request,
        membership,
        "facilitation/rules/detail.html",
        rule=rule,
        sni_labels=[sni.get(code, code) for code in rule.sni_categories or []],
    )


def _form_page(request, membership, form, *, title, saved):
    if request.method == "POST" and form.is_valid():
        rule = form.save(commit=False)
        try:
            changes = services_rules.save_rule(
                actor=request.user,
                rule=rule,
                certificate_types=form.cleaned_data["certificate_types"],
                product_groups=form.cleaned_data["product_groups"],
            )
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, saved if changes else _("Nothing was changed."))
            return redirect("facilitation:rule_detail", membership.organisation.slug, rule.pk)
    return _page(request, membership, "facilitation/rules/form.html", form=form, title=title)


@login_required
def rule_add(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    organisation = membership.organisation
    form = LegalityRuleForm(
        organisation, request.POST or None, instance=LegalityRule(organisation=organisation)
    )
    return _form_page(
        request, membership, form, title=_("New legality rule"), saved=_("The rule was added.")
    )


@login_required
def rule_edit(request, slug, pk):
    membership, rule = get_rule(request.user, slug, pk)
    form = LegalityRuleForm(membership.organisation, request.POST or None, instance=rule)
    return _form_page(
        request, membership, form, title=_("Edit legality rule"), saved=_("The rule was saved.")
    )


@login_required
@require_POST
def rule_delete(request, slug, pk):
    _membership, rule = get_rule(request.user, slug, pk)
    name = rule.name
    try:
        services_rules.delete_rule(actor=request.user, rule=rule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("facilitation:rule_detail", slug, pk)
    messages.success(request, _("The rule %(name)s was removed.") % {"name": name})
    return redirect("facilitation:rules", slug)
