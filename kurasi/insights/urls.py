from django.urls import path

from . import views, views_figures

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/", views.organisation_dashboard, name="organisation_dashboard"),
    path("o/<slug:slug>/staff/", views.members, name="members"),
    path("o/<slug:slug>/figures/", views_figures.office_figures, name="office_figures"),
    path(
        "o/<slug:slug>/figures/<slug:programme_slug>/report.pdf",
        views_figures.programme_report,
        name="programme_report",
    ),
]
