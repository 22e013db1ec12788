"""/api/v1/: office endpoints under o/<org_slug>/, the producer's own under me/."""

from django.urls import path, re_path

from . import (
    views_answers,
    views_curation,
    views_curators,
    views_decisions,
    views_docs,
    views_exhibitions,
    views_facilitation,
    views_me,
    views_nominations,
    views_outbox,
    views_programmes,
    views_registry,
)
from .errors import not_found_json

app_name = "api"

office = "o/<slug:org_slug>/"

urlpatterns = [
    path("openapi.json", views_docs.SchemaView.as_view(), name="schema"),
    path("docs/", views_docs.DocsView.as_view(), name="docs"),
    path(f"{office}businesses/", views_registry.BusinessList.as_view(), name="businesses"),
    path(
        f"{office}businesses/<int:pk>/",
        views_registry.BusinessDetail.as_view(),
        name="business",
    ),
    path(
        f"{office}businesses/<int:pk>/products/",
        views_registry.BusinessProductList.as_view(),
        name="business_products",
    ),
    path(
        f"{office}businesses/<int:pk>/certificates/",
        views_registry.BusinessCertificateList.as_view(),
        name="business_certificates",
    ),
    path(f"{office}products/", views_registry.ProductList.as_view(), name="products"),
    path(f"{office}products/<int:pk>/", views_registry.ProductDetail.as_view(), name="product"),
    path(
        f"{office}certificates/<int:pk>/",
        views_registry.CertificateDetail.as_view(),
        name="certificate",
    ),
    path(
        f"{office}certificates/<int:pk>/verify/",
        views_registry.CertificateVerify.as_view(),
        name="certificate_verify",
    ),
    path(f"{office}programmes/", views_programmes.ProgrammeList.as_view(), name="programmes"),
    path(
        f"{office}programmes/<slug:slug>/",
        views_programmes.ProgrammeDetail.as_view(),
        name="programme",
    ),
    path(
        f"{office}programmes/<slug:slug>/applications/",
        views_programmes.ApplicationList.as_view(),
        name="applications",
    ),
    path(
        f"{office}programmes/<slug:slug>/applications/<int:pk>/",
        views_programmes.ApplicationDetail.as_view(),
        name="application",
    ),
    path(
        f"{office}programmes/<slug:slug>/applications/<int:pk>/verification/",
        views_programmes.ApplicationVerification.as_view(),
        name="application_verification",
    ),
    path(f"{office}programmes/<slug:slug>/slots/", views_answers.SlotList.as_view(), name="slots"),
    path(
        f"{office}programmes/<slug:slug>/slots/<int:pk>/answer/",
        views_answers.SlotAnswer.as_view(),
        name="slot_answer",
    ),
    path(f"{office}assessments/", views_curation.AssignmentList.as_view(), name="assessments"),
    path(
        f"{office}assessments/<int:pk>/",
        views_curation.AssessmentDetail.as_view(),
        name="assessment",
    ),
    path(f"{office}curators/", views_curators.CuratorList.as_view(), name="curators"),
    path(
        f"{office}curators/<int:user_id>/groups/",
        views_curators.CuratorGroups.as_view(),
        name="curator_groups",
    ),
    path(f"{office}conflicts/", views_curators.ConflictList.as_view(), name="conflicts"),
    path(f"{office}conflicts/<int:pk>/", views_curators.ConflictDetail.as_view(), name="conflict"),
    path(
        f"{office}programmes/<slug:programme_slug>/decisions/",
        views_decisions.DecisionList.as_view(),
        name="decisions",
    ),
    path(
        f"{office}programmes/<slug:programme_slug>/decisions/<int:application_id>/",
        views_decisions.DecisionDetail.as_view(),
        name="decision",
    ),
    path(f"{office}facilitation/gaps/", views_facilitation.GapList.as_view(), name="gaps"),
    path(
        f"{office}facilitation/",
        views_facilitation.FacilitationProgrammeList.as_view(),
        name="facilitation_programmes",
    ),
    path(
        f"{office}facilitation/<int:pk>/",
        views_facilitation.FacilitationProgrammeDetail.as_view(),
        name="facilitation_programme",
    ),
    path(
        f"{office}facilitation/<int:programme_id>/participations/",
        views_facilitation.ParticipationList.as_view(),
        name="participations",
    ),
    path(
        f"{office}facilitation/<int:programme_id>/participations/<int:pk>/",
        views_facilitation.ParticipationDetail.as_view(),
        name="participation",
    ),
    path(
        f"{office}facilitation/<int:programme_id>/participations/<int:pk>/answer/",
        views_answers.ParticipationAnswer.as_view(),
        name="participation_answer",
    ),
    path(
        f"{office}facilitation/<int:programme_id>/participations/<int:pk>/done/",
        views_facilitation.ParticipationDone.as_view(),
        name="participation_done",
    ),
    path(f"{office}exhibitions/", views_exhibitions.ExhibitionList.as_view(), name="exhibitions"),
    path(
        f"{office}exhibitions/<int:exhibition_id>/",
        views_exhibitions.ExhibitionDetail.as_view(),
        name="exhibition",
    ),
    path(
        f"{office}exhibitions/<int:exhibition_id>/allocations/",
        views_exhibitions.AllocationList.as_view(),
        name="allocations",
    ),
    path(
        f"{office}exhibitions/<int:exhibition_id>/allocations/<int:pk>/",
        views_exhibitions.AllocationDetail.as_view(),
        name="allocation",
    ),
    path(
        f"{office}exhibitions/<int:exhibition_id>/allocations/<int:pk>/answer/",
        views_answers.AllocationAnswer.as_view(),
        name="allocation_answer",
    ),
    path(
        f"{office}exhibitions/<int:exhibition_id>/allocations/<int:pk>/undo/",
        views_answers.AllocationUndo.as_view(),
        name="allocation_undo",
    ),
    path(
        f"{office}exhibitions/<int:exhibition_id>/allocate/",
        views_exhibitions.AllocationRun.as_view(),
        name="exhibition_allocate",
    ),
    path(
        f"{office}exhibitions/<int:exhibition_id>/invitations/",
        views_exhibitions.InvitationsSend.as_view(),
        name="exhibition_invitations",
    ),
    # Calls for nominations: the organiser's calls, and the calls an office was asked.
    path(
        f"{office}nominations/calls/",
        views_nominations.CallList.as_view(),
        name="nomination_calls",
    ),
    path(
        f"{office}nominations/calls/<int:call_id>/",
        views_nominations.CallDetail.as_view(),
        name="nomination_call",
    ),
    path(
        f"{office}nominations/calls/<int:call_id>/open/",
        views_nominations.CallOpen.as_view(),
        name="nomination_call_open",
    ),
    path(
        f"{office}nominations/calls/<int:call_id>/close/",
        views_nominations.CallClose.as_view(),
        name="nomination_call_close",
    ),
    path(
        f"{office}nominations/calls/<int:call_id>/offices/",
        views_nominations.CallOfficeList.as_view(),
        name="nomination_call_offices",
    ),
    path(
        f"{office}nominations/calls/<int:call_id>/nominees/",
        views_nominations.SharedNomineeList.as_view(),
        name="nomination_call_nominees",
    ),
    path(
        f"{office}nominations/asked/",
        views_nominations.AskedCallList.as_view(),
        name="calls_asked",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/",
        views_nominations.AskedCallDetail.as_view(),
        name="call_asked",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/candidates/",
        views_nominations.CandidateList.as_view(),
        name="call_asked_candidates",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/nominees/",
        views_nominations.NomineeList.as_view(),
        name="call_asked_nominees",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/nominees/<int:pk>/",
        views_nominations.NomineeDetail.as_view(),
        name="call_asked_nominee",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/nominees/<int:pk>/consent/",
        views_nominations.NomineeConsent.as_view(),
        name="call_asked_consent",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/nominees/<int:pk>/ask-consent/",
        views_nominations.NomineeAskConsent.as_view(),
        name="call_asked_ask_consent",
    ),
    path(
        f"{office}nominations/asked/<int:call_office_id>/submit/",
        views_nominations.ListSubmit.as_view(),
        name="call_asked_submit",
    ),
    path("me/businesses/", views_me.MyBusinessList.as_view(), name="my_businesses"),
    path("me/businesses/<int:pk>/", views_me.MyBusinessDetail.as_view(), name="my_business"),
    path("me/products/", views_me.MyProductList.as_view(), name="my_products"),
    path("me/applications/", views_me.MyApplicationList.as_view(), name="my_applications"),
    path(
        "me/applications/<int:pk>/submit/",
        views_me.MyApplicationSubmit.as_view(),
        name="my_application_submit",
    ),
    path("me/invitations/", views_me.MyInvitationList.as_view(), name="my_invitations"),
    path(
        "me/invitations/<int:pk>/answer/",
        views_me.MyInvitationAnswer.as_view(),
        name="my_invitation_answer",
    ),
    path(
        "me/invitations/<int:pk>/undo/",
        views_me.MyInvitationUndo.as_view(),
        name="my_invitation_undo",
    ),
    path(f"{office}outbox/", views_outbox.MessageList.as_view(), name="outbox"),
    path(
        f"{office}outbox/<int:pk>/mark/",
        views_outbox.MessageMark.as_view(),
        name="outbox_mark",
    ),
    # Last: anything else under /api/v1/ is a JSON 404, never the site's HTML page.
    # [\s\S]: any character, a newline too (an address with %0A would reach the site's page).
    re_path(r"^[\s\S]*$", not_found_json, name="not_found"),
]
