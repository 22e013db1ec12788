from django.urls import path

from . import views_import_jobs, views_io

app_name = "registry_io"

urlpatterns = [
    path("o/<slug:slug>/registry/import/", views_io.import_page, name="import"),
    path("o/<slug:slug>/registry/import/confirm/", views_io.import_confirm, name="confirm"),
    path("o/<slug:slug>/registry/import/run/<str:token>/", views_import_jobs.job_page, name="job"),
    path(
        "o/<slug:slug>/registry/import/run/<str:token>/errors.xlsx",
        views_import_jobs.job_errors,
        name="job_errors",
    ),
    path(
        "o/<slug:slug>/registry/import/template.<str:fmt>",
        views_io.import_template,
        name="template",
    ),
    path("o/<slug:slug>/registry/export.<str:fmt>", views_io.export, name="export"),
]
