from django.urls import path

from . import views_office

app_name = "office"

urlpatterns = [
    path("o/<slug:slug>/settings/", views_office.office_settings, name="settings"),
    path("o/<slug:slug>/settings/profile/", views_office.office_profile, name="profile"),
]
