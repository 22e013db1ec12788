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


def test_criterion_key_is_only_under_advanced(client_for, admin_user, food_rubric):
    content = client_for(admin_user).get(edit_url(food_rubric)).content.decode()
    first = food_rubric.criteria.first()
    key_input = content.index('name="criteria-0-key"')
    fold = content.rindex('<details class="advanced"', 0, key_input)
    assert content.index("</details>", fold) > key_input
    assert f'value="{first.key}"' in content[key_input : key_input + 200]
    assert "<summary>Lanjutan</summary>" in content


def with_new_criterion(data, index, name, key=""):
    """`data` with one more criterion typed into the blank form, its key left as given."""
    prefix = f"criteria-{index}-"
    data = data | {
        prefix + "key": key,
        prefix + "name": name,
        prefix + "weight": "5",
        prefix + "anchors": "1\n2\n3\n4\n5",
    }
    data["criteria-TOTAL_FORMS"] = index + 1
    return data


def test_new_criteria_get_keys_from_their_names(client_for, admin_user, food_rubric):
    count = food_rubric.criteria.count()
    data = with_new_criterion(posted_rubric(food_rubric), count, "Kemasan ramah lingkungan")
    data = with_new_criterion(data, count + 1, "Kemasan Ramah Lingkungan")
    response = client_for(admin_user).post(edit_url(food_rubric), data)
    assert response.status_code == 302
    keys = list(food_rubric.criteria.values_list("key", flat=True))
    assert keys[-2:] == ["kemasan-ramah-lingkungan", "kemasan-ramah-lingkungan-2"]


def test_renaming_a_criterion_keeps_its_key(client_for, admin_user, food_rubric):
    """Scores and comparisons across versions name criteria by key: a new name keeps it."""
    lock_rubric(food_rubric)
    old_key = food_rubric.criteria.first().key
    client_for(admin_user).post(
        edit_url(food_rubric), posted_rubric(food_rubric, name="Rasa dan aroma")
    )
    renamed = Rubric.objects.get(family=food_rubric.family, version=2).criteria.first()
    assert (renamed.name, renamed.key) == ("Rasa dan aroma", old_key)


def test_a_typed_key_taken_by_another_criterion_is_explained(client_for, admin_user, food_rubric):
    second = food_rubric.criteria.all()[1]
    response = client_for(admin_user).post(
        edit_url(food_rubric), posted_rubric(food_rubric, key=second.key)
    )
    assert response.status_code == 200
    assert "Setiap kriteria memerlukan kunci sendiri" in response.content.decode()
