from django.urls import path

from . import views, views_answers, views_exports, views_files, views_setup

app_name = "exhibitions"

base = "o/<slug:slug>/exhibitions/"
one = base + "<int:exhibition_id>/"

urlpatterns = [
    path(base, views.exhibition_list, name="list"),
    path(base + "export.<str:fmt>", views_exports.exhibition_list_export, name="list_export"),
    path(base + "new/", views.exhibition_create, name="create"),
    path(one, views.exhibition_detail, name="detail"),
    path(one + "edit/", views.exhibition_edit, name="edit"),
    path(one + "booths/", views.booth_add, name="booth_add"),
    path(one + "quotas/", views.quota_add, name="quota_add"),
    path(one + "booths/<int:booth_id>/", views_setup.booth_edit, name="booth_edit"),
    path(one + "booths/<int:booth_id>/delete/", views_setup.booth_delete, name="booth_delete"),
    path(one + "quotas/<int:quota_id>/", views_setup.quota_edit, name="quota_edit"),
    path(one + "quotas/<int:quota_id>/delete/", views_setup.quota_delete, name="quota_delete"),
    path(
        one + "applications/<int:application_id>/answers/",
        views_setup.answers,
        name="answers",
    ),
    path(one + "allocate/", views.allocate, name="allocate"),
    path(one + "invite/", views.invite, name="invite"),
    path(one + "allocations/<int:allocation_id>/override/", views.override, name="override"),
    path(
        one + "allocations/<int:allocation_id>/answer/",
        views_answers.record_answer,
        name="record_answer",
    ),
    path(
        one + "allocations/<int:allocation_id>/undo-decline/",
        views_answers.undo_decline,
        name="undo_decline",
    ),
    path(
        one + "allocations/<int:allocation_id>/letter.pdf",
        views_files.staff_letter,
        name="staff_letter",
    ),
    path(
        one + "allocations/export.<str:fmt>",
        views_exports.allocation_export,
        name="allocation_export",
    ),
    path(one + "exhibitors.xlsx", views_files.exhibitors_xlsx, name="exhibitors_xlsx"),
    path(one + "exhibitors.pdf", views_files.exhibitors_pdf, name="exhibitors_pdf"),
    path("my/exhibitions/", views_files.my_exhibitions, name="my_exhibitions"),
    path("my/exhibitions/<int:allocation_id>/letter.pdf", views_files.my_letter, name="my_letter"),
    path("my/exhibitions/<int:allocation_id>/answer/", views_files.my_respond, name="my_respond"),
    path("my/exhibitions/<int:allocation_id>/decline/", views_files.my_decline, name="my_decline"),
    path("my/exhibitions/<int:allocation_id>/undo/", views_files.my_undo, name="my_undo"),
]
