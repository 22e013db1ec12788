from django.urls import path

from . import views, views_answers, views_exports, views_plan, views_programmes, views_rules

app_name = "facilitation"

urlpatterns = [
    path("o/<slug:slug>/facilitation/gaps/", views.gap_lists, name="gap_lists"),
    path(
        "o/<slug:slug>/facilitation/gaps/export.<str:file_format>",
        views.gap_export,
        name="gap_export",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/",
        views_programmes.programme_list,
        name="programme_list",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/export.<str:fmt>",
        views_exports.programme_list_export,
        name="programme_list_export",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/<int:pk>/participants/export.<str:fmt>",
        views_exports.participants_export,
        name="participants_export",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/new/",
        views_programmes.programme_create,
        name="programme_create",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/<int:pk>/",
        views_programmes.programme_detail,
        name="programme_detail",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/<int:pk>/edit/",
        views_programmes.programme_edit,
        name="programme_edit",
    ),
    path(
        "o/<slug:slug>/facilitation/programmes/<int:pk>/participants/",
        views_programmes.participants_add,
        name="participants_add",
    ),
    path(
        "o/<slug:slug>/facilitation/participations/<int:pk>/status/",
        views_programmes.participation_status,
        name="participation_status",
    ),
    path(
        "o/<slug:slug>/facilitation/participations/<int:pk>/answer/",
        views_answers.record_answer,
        name="participation_answer",
    ),
    path(
        "o/<slug:slug>/facilitation/participations/<int:pk>/done/",
        views_programmes.participation_done,
        name="participation_done",
    ),
    path(
        "o/<slug:slug>/facilitation/businesses/<int:business_id>/timeline/",
        views_plan.business_timeline,
        name="business_timeline",
    ),
    path(
        "o/<slug:slug>/facilitation/compare/<slug:programme_slug>/",
        views_plan.programme_comparison,
        name="programme_comparison",
    ),
    path("o/<slug:slug>/facilitation/rules/", views_rules.rules, name="rules"),
    path("o/<slug:slug>/facilitation/rules/new/", views_rules.rule_add, name="rule_add"),
    path("o/<slug:slug>/facilitation/rules/<int:pk>/", views_rules.rule_detail, name="rule_detail"),
    path(
        "o/<slug:slug>/facilitation/rules/<int:pk>/edit/", views_rules.rule_edit, name="rule_edit"
    ),
    path(
        "o/<slug:slug>/facilitation/rules/<int:pk>/remove/",
        views_rules.rule_delete,
        name="rule_delete",
    ),
    path("my/plan/", views_plan.my_plan, name="my_plan"),
    path("my/facilitation/<int:pk>/answer/", views_answers.my_answer, name="my_answer"),
    path("my/plan/<int:business_id>/plan.pdf", views_plan.my_plan_pdf, name="my_plan_pdf"),
]
