import pytest
from django.urls import reverse

from ..factories import ApplicationFactory, ProgrammeFactory
from ..registry.helpers import ORG, count_queries

DASHBOARD = reverse("insights:organisation_dashboard", args=[ORG])


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_dashboard_links_to_registry_and_programmes_with_awaiting_count(
    client_for, request, persona, open_programme
):
    ApplicationFactory(programme=open_programme, status="submitted")
    ApplicationFactory(programme=open_programme, status="verified")
    response = client_for(request.getfixturevalue(persona)).get(DASHBOARD)
    content = response.content.decode()
    assert reverse("registry:business_list", args=[ORG]) in content
    assert reverse("programmes:programme_list", args=[ORG]) in content
    programme = response.context["programmes"][0]
    assert (programme.counted, programme.awaiting) == (2, 1)


def test_dashboard_query_count_does_not_grow_with_programmes(
    client_for, admin_user, organisation, product_groups
):
    client = client_for(admin_user)
    ProgrammeFactory(organisation=organisation)
    one = count_queries(client, DASHBOARD)
    for _ in range(6):
        programme = ProgrammeFactory(organisation=organisation)
        ApplicationFactory(programme=programme, status="submitted")
    assert count_queries(client, DASHBOARD) == one
