import pytest
from django.core.exceptions import ValidationError

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Assessment, Assignment, ConflictOfInterest, CurationPlan
from kurasi.curation.services_assignment import (
    add_assignment,
    assign_automatically,
    declare_conflict,
    family_name,
    flagged_pairs,
    remove_assignment,
)

from ..factories import BusinessFactory


def pairs(programme):
    return {
        (a.curator.full_name, a.application.product.name)
        for a in Assignment.objects.filter(application__programme=programme).select_related(
            "curator", "application__product"
        )
    }


def test_automatic_assignment_gives_k_curators_of_the_right_group(
    admin_user, open_programme, applications, curators
):
    result = assign_automatically(actor=admin_user, programme=open_programme)
    assert result.created == 6
    assert result.shortages == []
    food = {c.full_name for c in curators["food"]}
    for name, product in pairs(open_programme):
        assert (name in food) == (product != "Tas Pandan")
    assert Assignment.objects.filter(is_automatic=True).count() == 6
    assert AuditEvent.objects.filter(action="assignment.automatic").count() == 1


def test_automatic_assignment_keeps_existing_and_excludes_conflicts(
    admin_user, open_programme, applications, curators, product_groups, organisation
):
    from ..curation_day.conftest import make_curator

    third = make_curator(organisation, "Dedi Kusuma", [product_groups["tas"]])
    manual = Assignment.objects.create(application=applications[2], curator=third)
    ConflictOfInterest.objects.create(
        curator=curators["non_food"][0], business=applications[2].product.business, relation="kakak"
    )
    result = assign_automatically(actor=admin_user, programme=open_programme)
    assert result.shortages == []
    tas = {n for n, p in pairs(open_programme) if p == "Tas Pandan"}
    assert tas == {"Dedi Kusuma", "Hendra Wijaya"}
    manual.refresh_from_db()
    assert manual.is_automatic is False


def test_shortage_is_explained_in_words_and_the_rest_assigned(
    admin_user, open_programme, applications, curators
):
    CurationPlan.objects.create(programme=open_programme, curators_per_application=2)
    ConflictOfInterest.objects.create(
        curator=curators["non_food"][1], business=applications[2].product.business, relation="ipar"
    )
    result = assign_automatically(actor=admin_user, programme=open_programme)
    assert result.created == 4  # both food products got their two curators
    assert len(result.shortages) == 1
    sentence = result.shortages[0]
    assert "Tas Pandan" in sentence
    assert "1" in sentence
    assert "2" in sentence
    assert not Assignment.objects.filter(application=applications[2]).exists()


def test_family_name_is_the_last_word_of_a_name_of_two_words_or_more():
    assert family_name("Hendra Wijaya") == "wijaya"
    assert family_name("  Ani  WIJAYA, S.E.") == "wijaya"
    assert family_name("Suharto") == ""


def test_same_family_name_is_flagged_not_excluded(
    admin_user, open_programme, applications, curators
):
    Assignment.objects.create(application=applications[0], curator=curators["non_food"][1])
    flags = flagged_pairs(open_programme)
    assert [(a.curator.full_name, reason) for a, reason in flags] == [
        ("Hendra Wijaya", "Nama keluarga sama (Wijaya)")
    ]


def test_family_name_in_another_village_is_not_flagged(
    admin_user, open_programme, applications, curators, organisation
):
    hendra = curators["non_food"][1]
    BusinessFactory(organisation=organisation, owner=hendra, village_code="36.74.07.1001")
    Assignment.objects.create(application=applications[0], curator=hendra)
    assert flagged_pairs(open_programme) == []
    BusinessFactory(organisation=organisation, owner=hendra, village_code="36.74.01.1001")
    assert len(flagged_pairs(open_programme)) == 1


def test_manual_assignment_refuses_a_declared_conflict(admin_user, applications, curators):
    curator = curators["food"][0]
    declare_conflict(actor=curator, business=applications[0].product.business, relation="adik")
    with pytest.raises(ValidationError):
        add_assignment(actor=admin_user, application=applications[0], curator=curator)
    assert not Assignment.objects.exists()


def test_manual_assignment_added_and_removed_with_audit(admin_user, applications, curators):
    assignment = add_assignment(
        actor=admin_user, application=applications[0], curator=curators["food"][0]
    )
    with pytest.raises(ValidationError):
        add_assignment(actor=admin_user, application=applications[0], curator=curators["food"][0])
    remove_assignment(actor=admin_user, assignment=assignment)
    assert not Assignment.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"assignment.added", "assignment.removed"} <= actions


def test_removal_refused_once_scoring_started(admin_user, applications, curators):
    from kurasi.curation.services import copy_preset

    rubric = copy_preset(
        actor=admin_user, organisation=applications[0].programme.organisation, preset_code="food"
    )
    assignment = add_assignment(
        actor=admin_user, application=applications[0], curator=curators["food"][0]
    )
    Assessment.objects.create(
        application=applications[0], curator=curators["food"][0], rubric=rubric
    )
    with pytest.raises(ValidationError):
        remove_assignment(actor=admin_user, assignment=assignment)
    assert Assignment.objects.filter(pk=assignment.pk).exists()
