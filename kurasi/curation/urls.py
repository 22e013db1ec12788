from django.urls import path

from . import views
from .urls_day import urlpatterns as day_urlpatterns

app_name = "curation"

urlpatterns = [
    path("o/<slug:slug>/curate/", views.queue, name="queue"),
    path("o/<slug:slug>/curate/<int:assignment_id>/", views.score, name="score"),
    path("sw.js", views.service_worker, name="service_worker"),
]
urlpatterns += day_urlpatterns
