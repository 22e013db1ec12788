import pytest

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Rubric
from kurasi.curation.presets import presets
from kurasi.curation.scoring import CriterionSpec, weighted_score
from kurasi.curation.services import copy_preset, lock_rubric, rubric_for_editing


@pytest.mark.parametrize("code", ["food", "non_food"])
def test_presets_have_an_anchor_for_every_level_and_positive_weights(code):
    preset = presets()[code]
    levels = preset["scale_max"] - preset["scale_min"] + 1
    for criterion in preset["criteria"]:
        assert criterion["weight"] > 0
        assert len(criterion["anchors"]) == levels, criterion["key"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["food", "non_food"])
def test_copy_preset_builds_a_complete_rubric_for_the_office(admin_user, organisation, code):
    rubric = copy_preset(actor=admin_user, organisation=organisation, preset_code=code)
    criteria = list(rubric.criteria.prefetch_related("anchors"))
    assert len(criteria) == len(presets()[code]["criteria"])
    assert all(c.anchors.count() == 5 for c in criteria)
    assert rubric.legality_checks.filter(certificate_type__code="nib", is_gate=True).exists()
    specs = [CriterionSpec(c.key, float(c.weight), c.minimum) for c in criteria]
    assert weighted_score({c.key: 5 for c in criteria}, specs, 1, 5) == 100
    assert AuditEvent.objects.filter(action="rubric.created", object_id=str(rubric.pk)).exists()


@pytest.mark.django_db
def test_a_rubric_in_use_is_versioned_not_edited(admin_user, organisation):
    rubric = copy_preset(actor=admin_user, organisation=organisation, preset_code="food")
    assert rubric_for_editing(actor=admin_user, rubric=rubric).pk == rubric.pk
    lock_rubric(rubric)
    revised = rubric_for_editing(actor=admin_user, rubric=rubric)
    assert revised.pk != rubric.pk
    assert (revised.family, revised.version) == (rubric.family, 2)
    assert revised.criteria.count() == rubric.criteria.count()
    # Asking again edits the same new, still unused version rather than making a third.
    assert rubric_for_editing(actor=admin_user, rubric=rubric).pk == revised.pk
    assert list(Rubric.objects.filter(family=rubric.family).latest_versions()) == [revised]
