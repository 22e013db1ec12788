from django.urls import path

from . import views, views_enrolment, views_exports, views_verification

app_name = "programmes"

STAFF = "o/<slug:org_slug>/programmes/"

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("o/<slug:org_slug>/calls/<slug:slug>/", views.call_detail, name="call_detail"),
    path("o/<slug:org_slug>/calls/<slug:slug>/print/", views.call_print, name="call_print"),
    path(STAFF, views.programme_list, name="programme_list"),
    path(f"{STAFF}export.<str:fmt>", views_exports.programme_list_export, name="programme_export"),
    path(f"{STAFF}new/", views.programme_create, name="programme_create"),
    path(f"{STAFF}<slug:slug>/", views.programme_detail, name="programme_detail"),
    path(f"{STAFF}<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path(
        f"{STAFF}<slug:slug>/applications/export.<str:fmt>",
        views_exports.application_list_export,
        name="application_export",
    ),
    path(
        f"{STAFF}<slug:slug>/applications/<int:pk>/verify/",
        views.application_verify,
        name="application_verify",
    ),
    path(
        f"{STAFF}<slug:slug>/applications/verify/",
        views_verification.application_bulk_verify,
        name="application_bulk_verify",
    ),
    # Entering many businesses into a call (from the registry or an import's result).
    path("o/<slug:org_slug>/enrol/", views_enrolment.enrol_preview, name="enrol"),
    path("o/<slug:org_slug>/enrol/confirm/", views_enrolment.enrol_confirm, name="enrol_confirm"),
    path(
        "o/<slug:org_slug>/enrol/done/<str:token>/",
        views_enrolment.enrol_result,
        name="enrol_result",
    ),
]
