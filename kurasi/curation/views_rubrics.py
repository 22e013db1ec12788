"""Office admins' rubric pages: list, copy a preset, edit (a new version once in use)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.programmes.models import Programme

from .forms_rubrics import (
    CriterionFormSet,
    CurationPlanForm,
    LegalityForm,
    PresetChoiceForm,
    RubricForm,
)
from .models import CurationPlan, ProgrammeRubric, Rubric
from .services import copy_preset, edit_rubric


def _admin(request, slug):
    return get_membership_for_user(request.user, slug, Role.ADMIN)


@login_required
def rubric_list(request, slug):
    membership = _admin(request, slug)
    rubrics = (
        Rubric.objects.for_organisation(membership.organisation)
        .latest_versions()
        .prefetch_related("criteria")
        .order_by("name")
    )
    return render(
        request,
        "curation/rubrics/list.html",
        {"membership": membership, "organisation": membership.organisation, "rubrics": rubrics},
    )


@login_required
@require_POST
def rubric_copy_preset(request, slug):
    membership = _admin(request, slug)
    form = PresetChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the presets."))
        return redirect("curation:rubric_list", slug)
    rubric = copy_preset(
        actor=request.user,
        organisation=membership.organisation,
        preset_code=form.cleaned_data["preset"],
    )
    messages.success(request, _("Rubric created from the preset. Adjust it to your office."))
    return redirect("curation:rubric_edit", slug, rubric.pk)


def _criteria_initial(rubric):
    return [
        {
            "key": c.key,
            "name": c.name,
            "guidance": c.guidance,
            "weight": c.weight,
            "minimum": c.minimum,
            "anchors": "\n".join(a.text for a in c.anchors.all()),
        }
        for c in rubric.criteria.prefetch_related("anchors")
    ]


@login_required
def rubric_edit(request, slug, rubric_id):
    membership = _admin(request, slug)
    rubric = get_object_or_404(
        Rubric.objects.for_organisation(membership.organisation), pk=rubric_id
    )
    if request.method == "POST":
        form = RubricForm(request.POST, instance=Rubric(organisation=rubric.organisation))
        scale = (rubric.scale_min, rubric.scale_max)
        if form.is_valid():
            scale = (form.cleaned_data["scale_min"], form.cleaned_data["scale_max"])
        criteria = CriterionFormSet(request.POST, prefix="criteria", scale=scale)
        legality = LegalityForm(request.POST, organisation=membership.organisation)
        if form.is_valid() and criteria.is_valid() and legality.is_valid():
            specs = [
                {**f.cleaned_data, "anchors": f.anchor_lines()}
                for f in criteria.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                saved = edit_rubric(
                    actor=request.user,
                    rubric=rubric,
                    fields={
                        k: form.cleaned_data[k] for k in ("name", "kind", "scale_min", "scale_max")
                    },
                    criteria=specs,
                    checks=legality.checks(),
                    revision=form.cleaned_data["revision"],
                )
            except StaleEdit as stale:
                show_stale(form, stale)
                return _edit_page(request, membership, rubric, form, criteria, legality)
            if saved.pk != rubric.pk:
                messages.info(
                    request,
                    _(
                        "This rubric is already used for scoring, so your changes were saved "
                        "as version %(v)s."
                    )
                    % {"v": saved.version},
                )
            else:
                messages.success(request, _("Rubric saved."))
            return redirect("curation:rubric_edit", slug, saved.pk)
    else:
        form = RubricForm(instance=rubric)
        criteria = CriterionFormSet(
            initial=_criteria_initial(rubric),
            prefix="criteria",
            scale=(rubric.scale_min, rubric.scale_max),
        )
        legality = LegalityForm(organisation=membership.organisation, rubric=rubric)
    return _edit_page(request, membership, rubric, form, criteria, legality)


def _edit_page(request, membership, rubric, form, criteria, legality):
    versions = Rubric.objects.filter(family=rubric.family).order_by("-version")
    return render(
        request,
        "curation/rubrics/edit.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "rubric": rubric,
            "form": form,
            "criteria": criteria,
            "legality": legality,
            "versions": versions,
        },
    )


@login_required
def programme_curation_settings(request, slug, programme_id):
    """K curators per product, the disagreement threshold, and the rubric for each product group."""
    membership = _admin(request, slug)
    programme = get_object_or_404(
        Programme.objects.for_organisation(membership.organisation).prefetch_related(
            "product_groups"
        ),
        pk=programme_id,
    )
    plan, _created = CurationPlan.objects.get_or_create(programme=programme)
    rubrics = list(Rubric.objects.for_organisation(membership.organisation).latest_versions())
    chosen = {c.product_group_id: c.rubric_id for c in programme.rubric_choices.all()}
    groups = list(programme.product_groups.all())
    if request.method == "POST":
        form = CurationPlanForm(request.POST, instance=plan)
        picks = {g.pk: request.POST.get(f"rubric_{g.pk}", "") for g in groups}
        valid_ids = {str(r.pk): r for r in rubrics}
        bad = [g.name for g in groups if picks[g.pk] and picks[g.pk] not in valid_ids]
        if form.is_valid() and not bad:
            with transaction.atomic():
                form.save()
                for group in groups:
                    if picks[group.pk]:
                        ProgrammeRubric.objects.update_or_create(
                            programme=programme,
                            product_group=group,
                            defaults={"rubric": valid_ids[picks[group.pk]]},
                        )
            messages.success(request, _("Curation settings saved."))
            return redirect("curation:programme_settings", slug, programme.pk)
        if bad:
            messages.error(
                request,
                _("Choose a rubric of your office for: %(groups)s") % {"groups": ", ".join(bad)},
            )
        chosen = {g.pk: int(picks[g.pk]) if picks[g.pk].isdigit() else None for g in groups}
    else:
        form = CurationPlanForm(instance=plan)
    return render(
        request,
        "curation/rubrics/programme_settings.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "programme": programme,
            "form": form,
            "rows": [(g, chosen.get(g.pk)) for g in groups],
            "rubrics": rubrics,
        },
    )
