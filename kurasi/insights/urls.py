from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/", views.organisation_dashboard, name="organisation_dashboard"),
    path("o/<slug:slug>/staff/", views.members, name="members"),
    path("o/<slug:slug>/staff/export.<str:fmt>", views.members_export, name="members_export"),
]
