from django.urls import path

from . import spreadsheets, views, views_breaches, views_staff

app_name = "privacy"

STAFF = "o/<slug:slug>/privacy/"

urlpatterns = [
    path("my/data/", views.my_data, name="my_data"),
    path("my/data/download/", views.my_data_download, name="my_data_download"),
    path("my/data/account/", views.correct_account, name="correct_account"),
    path("my/data/businesses/<int:business_id>/", views.correct_business, name="correct_business"),
    path("my/data/erasure/", views.request_erasure, name="request_erasure"),
    path("my/data/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path(f"{STAFF}requests/", views_staff.request_queue, name="request_queue"),
    path(f"{STAFF}requests/export.<str:fmt>", spreadsheets.request_export, name="request_export"),
    path(f"{STAFF}requests/<int:request_id>/", views_staff.request_review, name="request_review"),
    path(
        f"{STAFF}requests/<int:request_id>/<str:action>/",
        views_staff.request_answer,
        name="request_answer",
    ),
    path(
        f"{STAFF}businesses/<int:business_id>/package/",
        views_staff.producer_package,
        name="producer_package",
    ),
    path(f"{STAFF}breaches/", views_breaches.breach_list, name="breach_list"),
    path(f"{STAFF}breaches/new/", views_breaches.breach_create, name="breach_create"),
    path(f"{STAFF}breaches/export.<str:fmt>", spreadsheets.breach_export, name="breach_export"),
    path(f"{STAFF}breaches/<int:breach_id>/", views_breaches.breach_edit, name="breach_edit"),
]
