"""Results, decisions and letters (staff), the producer's results, and public verification."""

from django.urls import path

from . import views_exports, views_letters, views_results

PROGRAMME = "o/<slug:slug>/programmes/<slug:programme_slug>/results/"

urlpatterns = [
    path(PROGRAMME, views_results.results, name="results"),
    path(f"{PROGRAMME}print/", views_results.results_print, name="results_print"),
    path(f"{PROGRAMME}export.<str:fmt>", views_exports.results_export, name="results_export"),
    path(f"{PROGRAMME}decide/", views_results.decide_bulk, name="decide_bulk"),
    path(f"{PROGRAMME}letters/", views_results.issue_letters, name="issue_letters"),
    path(f"{PROGRAMME}bands/", views_results.bands, name="bands"),
    path(f"{PROGRAMME}<int:application_id>/", views_results.result_detail, name="result_detail"),
    path(
        f"{PROGRAMME}<int:application_id>/letter.pdf",
        views_letters.staff_letter,
        name="staff_letter",
    ),
    path(
        f"{PROGRAMME}appeals/<int:appeal_id>/answer/",
        views_results.answer_appeal,
        name="answer_appeal",
    ),
    path("my/results/", views_letters.my_results, name="my_results"),
    path("my/results/<str:code>/letter.pdf", views_letters.my_letter, name="my_letter"),
    path("my/results/<str:code>/appeal/", views_letters.file_appeal, name="file_appeal"),
    path("verify/", views_letters.verify, name="verify"),
    path("verify/<str:code>/", views_letters.verify_code, name="verify_code"),
]
