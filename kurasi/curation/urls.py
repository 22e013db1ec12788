from django.urls import include, path

from . import views, views_programme_copy, views_rubrics
from .urls_day import urlpatterns as day_urlpatterns

app_name = "curation"

urlpatterns = [
    path("o/<slug:slug>/curate/", views.queue, name="queue"),
    path("o/<slug:slug>/curate/<int:assignment_id>/", views.score, name="score"),
    path("sw.js", views.service_worker, name="service_worker"),
    # Under ".../programmes/new/": "new" is never a programme's short name (ProgrammeForm).
    path(
        "o/<slug:slug>/programmes/new/copy/",
        views_programme_copy.programme_copy,
        name="programme_copy",
    ),
    path("o/<slug:slug>/rubrics/", views_rubrics.rubric_list, name="rubric_list"),
    path(
        "o/<slug:slug>/rubrics/copy/", views_rubrics.rubric_copy_preset, name="rubric_copy_preset"
    ),
    path("o/<slug:slug>/rubrics/<int:rubric_id>/", views_rubrics.rubric_edit, name="rubric_edit"),
    path(
        "o/<slug:slug>/programmes/<int:programme_id>/curation-settings/",
        views_rubrics.programme_curation_settings,
        name="programme_settings",
    ),
    path("", include("kurasi.curation.urls_results")),
]
urlpatterns += day_urlpatterns
