"""Curation day and assignment pages, by programme id under the office's address."""

from django.urls import path

from . import (
    views_assignment,
    views_breaks,
    views_curators,
    views_day,
    views_exports,
    views_slot_messages,
)
from .views_answers import my_slot_answer, slot_answer

P = "o/<slug:slug>/programmes/<int:programme_id>/curation/"
S = P + "sessions/<int:session_id>/"

urlpatterns = [
    path(P + "sessions/", views_day.sessions, name="sessions"),
    path(S, views_day.session_detail, name="session"),
    path(S + "edit/", views_day.session_edit, name="session_edit"),
    path(S + "tables/new/", views_day.table_edit, name="table_new"),
    path(S + "tables/<int:table_id>/", views_day.table_edit, name="table_edit"),
    path(S + "tables/<int:table_id>/delete/", views_day.table_delete, name="table_delete"),
    path(S + "breaks/add/", views_breaks.break_add, name="break_add"),
    path(S + "breaks/<int:break_id>/remove/", views_breaks.break_remove, name="break_remove"),
    path(S + "schedule/auto/", views_day.schedule_auto, name="schedule_auto"),
    path(S + "schedule/place/", views_day.slot_place, name="slot_place"),
    path(S + "schedule/<int:slot_id>/remove/", views_day.slot_remove, name="slot_remove"),
    path(S + "schedule/<int:slot_id>/answer/", slot_answer, name="slot_answer"),
    path(S + "print/", views_day.schedule_print, name="schedule_print"),
    path(S + "messages/", views_slot_messages.slot_messages, name="slot_messages"),
    path(S + "export.<str:fmt>", views_exports.schedule_export, name="schedule_export"),
    path(S + "desk/", views_day.desk, name="desk"),
    path(
        S + "desk/<int:application_id>/<slug:action>/",
        views_day.desk_action,
        name="desk_action",
    ),
    path(S + "label/<int:application_id>/", views_day.sample_label, name="sample_label"),
    path(S + "board/", views_day.board, name="board"),
    path(S + "board/live/", views_day.board_live, name="board_live"),
    path("my/curation/slots/<int:slot_id>/answer/", my_slot_answer, name="my_slot_answer"),
    path(P + "assignments/", views_assignment.assignments, name="assignments"),
    path(
        P + "assignments/export.<str:fmt>",
        views_exports.assignments_export,
        name="assignments_export",
    ),
    path(P + "assignments/auto/", views_assignment.assign_auto, name="assign_auto"),
    path(P + "assignments/add/", views_assignment.assignment_add, name="assignment_add"),
    path(
        P + "assignments/<int:assignment_id>/remove/",
        views_assignment.assignment_remove,
        name="assignment_remove",
    ),
    path("o/<slug:slug>/curators/", views_curators.curator_groups, name="curator_groups"),
    path("o/<slug:slug>/curate/conflicts/", views_assignment.conflicts, name="conflicts"),
    path(
        "o/<slug:slug>/curate/conflicts/<int:conflict_id>/withdraw/",
        views_assignment.conflict_withdraw,
        name="conflict_withdraw",
    ),
]
