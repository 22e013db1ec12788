from django.urls import path

from . import views, views_figures, views_open

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/", views.organisation_dashboard, name="organisation_dashboard"),
    path("o/<slug:slug>/staff/", views.members, name="members"),
    path("data/<slug:slug>/", views_open.open_data, name="open_data"),
    path("data/<slug:slug>/data.csv", views_open.open_data_csv, name="open_data_csv"),
    path("data/<slug:slug>/data.json", views_open.open_data_json, name="open_data_json"),
    path("o/<slug:slug>/figures/", views_figures.office_figures, name="office_figures"),
    path(
        "o/<slug:slug>/figures/<slug:programme_slug>/report.pdf",
        views_figures.programme_report,
        name="programme_report",
    ),
    path("o/<slug:slug>/staff/export.<str:fmt>", views.members_export, name="members_export"),
]
