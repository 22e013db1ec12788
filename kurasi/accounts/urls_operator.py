"""The platform operator's pages, under /operator/ (superusers only; everyone else gets 404)."""

from django.urls import path

from . import views_operator as views

app_name = "operator"

urlpatterns = [
    path("offices/", views.office_list, name="offices"),
    path("offices/new/", views.office_new, name="office_new"),
    path("offices/<slug:slug>/office-above/", views.office_above, name="office_above"),
    path(
        "offices/<slug:slug>/invite-again/",
        views.office_invite_again,
        name="office_invite_again",
    ),
]
