from django.urls import path

from . import views

app_name = "outbox"

base = "o/<slug:slug>/outbox/"

urlpatterns = [
    path(base, views.outbox_list, name="list"),
    path(base + "export.<str:fmt>", views.outbox_export, name="export"),
    path(base + "whatsapp/", views.worklist, {"which": "whatsapp"}, name="whatsapp"),
    path(base + "print/", views.worklist, {"which": "print"}, name="print"),
    path(base + "failed/", views.worklist, {"which": "failed"}, name="failed"),
    path(base + "<int:message_id>/mark/", views.mark, name="mark"),
]
