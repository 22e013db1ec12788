import pytest
from django.urls import reverse

from kurasi.curation.models import CurationPlan, ProgrammeRubric, Rubric
from kurasi.curation.services import lock_rubric

LIST = reverse("curation:rubric_list", args=["disperindag-tangsel"])


def edit_url(rubric):
    return reverse("curation:rubric_edit", args=["disperindag-tangsel", rubric.pk])


def posted_rubric(rubric, **changes):
    """The edit form as the browser would send it, with `changes` applied to the first criterion."""
    data = {
        "name": rubric.name,
        "kind": rubric.kind,
        "scale_min": rubric.scale_min,
        "scale_max": rubric.scale_max,
        "criteria-TOTAL_FORMS": rubric.criteria.count(),
        "criteria-INITIAL_FORMS": rubric.criteria.count(),
    }
    for index, criterion in enumerate(rubric.criteria.prefetch_related("anchors")):
        prefix = f"criteria-{index}-"
        data |= {
            prefix + "key": criterion.key,
            prefix + "name": criterion.name,
            prefix + "guidance": criterion.guidance,
            prefix + "weight": criterion.weight,
            prefix + "minimum": criterion.minimum or "",
            prefix + "anchors": "\n".join(a.text for a in criterion.anchors.all()),
        }
    for key, value in changes.items():
        data[f"criteria-0-{key}"] = value
    return data


def test_admin_sees_rubrics(client_for, admin_user, food_rubric):
    response = client_for(admin_user).get(LIST)
    assert response.status_code == 200
    assert food_rubric.name in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("curator", 403), ("field_officer", 403), ("outsider", 404), ("producer", 404)],
)
def test_rubric_pages_refused_to_others(client_for, request, food_rubric, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == status
    assert client.get(edit_url(food_rubric)).status_code == status


def test_copy_preset_from_the_page(client_for, admin_user, organisation):
    response = client_for(admin_user).post(
        reverse("curation:rubric_copy_preset", args=[organisation.slug]), {"preset": "non_food"}
    )
    rubric = Rubric.objects.get(organisation=organisation)
    assert response.url == edit_url(rubric)
    assert rubric.criteria.count() == 9


def test_editing_an_unused_rubric_changes_it_in_place(client_for, admin_user, food_rubric):
    response = client_for(admin_user).post(
        edit_url(food_rubric), posted_rubric(food_rubric, weight="30")
    )
    assert response.status_code == 302
    assert Rubric.objects.filter(family=food_rubric.family).count() == 1
    assert food_rubric.criteria.first().weight == 30


def test_editing_a_rubric_in_use_makes_a_new_version(client_for, admin_user, food_rubric):
    lock_rubric(food_rubric)
    response = client_for(admin_user).post(
        edit_url(food_rubric), posted_rubric(food_rubric, name="Rasa dan aroma"), follow=True
    )
    versions = Rubric.objects.filter(family=food_rubric.family).order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].criteria.first().name == "Rasa"
    assert versions[1].criteria.first().name == "Rasa dan aroma"
    assert "versi 2" in response.content.decode()


def test_wrong_number_of_anchor_lines_is_explained_and_typing_kept(
    client_for, admin_user, food_rubric
):
    response = client_for(admin_user).post(
        edit_url(food_rubric),
        posted_rubric(food_rubric, anchors="hanya satu baris", name="Rasa baru"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Rasa baru" in content
    assert "Tulis tepat 5 baris" in content
    assert food_rubric.criteria.first().name == "Rasa"


def test_programme_settings_choose_k_and_rubrics(
    client_for, admin_user, open_programme, product_groups, food_rubric
):
    url = reverse("curation:programme_settings", args=["disperindag-tangsel", open_programme.pk])
    data = {
        "curators_per_application": 3,
        "disagreement_threshold": "15",
        f"rubric_{product_groups['makanan'].pk}": food_rubric.pk,
    }
    assert client_for(admin_user).post(url, data).status_code == 302
    assert CurationPlan.objects.get(programme=open_programme).curators_per_application == 3
    assert (
        ProgrammeRubric.objects.get(
            programme=open_programme, product_group=product_groups["makanan"]
        ).rubric
        == food_rubric
    )


def test_programme_settings_refused_to_another_office(client_for, outsider, open_programme):
    url = reverse("curation:programme_settings", args=["disperindag-tangsel", open_programme.pk])
    assert client_for(outsider).get(url).status_code == 404
