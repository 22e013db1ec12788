from django.db import connection
from django.test.utils import CaptureQueriesContext

from .bulk import add_scored_applications
from .conftest import results_url, rubric_of


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_results_page_runs_the_same_queries_for_10_and_2000_applications(
    client_for, admin_user, programme, product_groups, bands, curators
):
    client = client_for(admin_user)
    rubric = rubric_of(programme)
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 10)
    few, response = count_queries(client, results_url(programme))
    assert len(response.context["results"].rows) == 10
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 1990, seed=2)
    many, response = count_queries(client, results_url(programme))
    assert len(response.context["results"].rows) == 2000
    assert all(len(r.scores) == 3 for r in response.context["results"].rows)
    assert many == few
