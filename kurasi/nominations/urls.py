from django.urls import path

from . import views_calls, views_office

app_name = "nominations"

# The organiser's pages: o/<organiser>/nominations/…; an office's: o/<office>/nominations/asked/…
base = "o/<slug:slug>/nominations/"

asked = base + "asked/<int:call_office_id>/"

urlpatterns: list = [
    # The organiser's calls (n1).
    path(base, views_calls.call_list, name="call_list"),
    path(base + "new/", views_calls.call_create, name="call_create"),
    path(base + "<int:call_id>/edit/", views_calls.call_edit, name="call_edit"),
    path(base + "<int:call_id>/open/", views_calls.call_open, name="call_open"),
    path(base + "<int:call_id>/close/", views_calls.call_close, name="call_close"),
    # An office asked (n1).
    path(base + "asked/", views_office.office_calls, name="office_calls"),
    path(asked, views_office.office_call, name="office_call"),
    path(asked + "nominate/", views_office.office_nominate, name="office_nominate"),
    path(
        asked + "<int:nomination_id>/withdraw/",
        views_office.office_withdraw,
        name="office_withdraw",
    ),
    path(
        asked + "<int:nomination_id>/consent/", views_office.office_consent, name="office_consent"
    ),
    path(asked + "<int:nomination_id>/ask/", views_office.office_ask_consent, name="office_ask"),
    path(asked + "submit/", views_office.office_submit, name="office_submit"),
]

# The organiser's view of a call, and the nominating office's places at the organiser's
# exhibition (issue 20, part 3 and the invitations through the nominating office).
from . import views_office_answers, views_organiser  # noqa: E402

urlpatterns += [
    path(
        base + "<int:call_id>/nominees/",
        views_organiser.organiser_nominations,
        name="organiser_nominations",
    ),
    path(
        base + "<int:call_id>/nominees/photos/<str:token>/",
        views_organiser.nominee_photo,
        name="nominee_photo",
    ),
    path(
        base + "asked/<int:call_office_id>/places/",
        views_office_answers.office_places,
        name="office_places",
    ),
    path(
        base + "asked/<int:call_office_id>/places/<int:allocation_id>/answer/",
        views_office_answers.record_answer,
        name="office_record_answer",
    ),
]
