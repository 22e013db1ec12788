from django.urls import include, path

from . import views

app_name = "curation"

urlpatterns = [
    path("o/<slug:slug>/curate/", views.queue, name="queue"),
    path("o/<slug:slug>/curate/<int:assignment_id>/", views.score, name="score"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("", include("kurasi.curation.urls_results")),
]
