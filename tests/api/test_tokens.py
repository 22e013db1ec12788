"""Tokens: the page that makes and revokes them, and how the API treats them."""

from datetime import timedelta

from django.utils import timezone

from kurasi.api.models import ApiToken, digest
from kurasi.audit.models import AuditEvent

BUSINESSES = "/api/v1/o/disperindag-tangsel/businesses/"


def test_token_page_makes_a_token_shown_once_and_stored_as_a_digest(client_for, field_officer):
    client = client_for(field_officer)
    response = client.post(
        "/accounts/api-tokens/",
        {"name": "Sinkron", "scopes": ["registry:read"], "expires_in": "30"},
    )
    token = ApiToken.objects.get(user=field_officer)
    secret = response.context["secret"]
    assert response.status_code == 200
    assert secret.startswith("kur_")
    assert secret in response.content.decode()
    assert token.key_digest == digest(secret)
    assert token.scopes == ["registry:read"]
    assert secret not in client.get("/accounts/api-tokens/").content.decode()
    assert AuditEvent.objects.filter(action="api_token.created", actor=field_officer).count() == 1


def test_token_page_keeps_input_and_explains_a_missing_scope(client_for, field_officer):
    response = client_for(field_officer).post(
        "/accounts/api-tokens/", {"name": "Sinkron", "expires_in": "30"}
    )
    assert response.status_code == 200
    assert response.context["form"]["name"].value() == "Sinkron"
    assert response.context["form"].errors["scopes"] == ["Bidang ini harus diisi."]
    assert ApiToken.objects.count() == 0


def test_token_page_lists_only_the_persons_own_tokens(client_for, api_for, curator, producer):
    api_for(producer)
    api_for(curator)
    response = client_for(curator).get("/accounts/api-tokens/")
    assert [t.user for t in response.context["tokens"]] == [curator]


def test_token_page_needs_a_login(client):
    response = client.get("/accounts/api-tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_token_revoked_by_its_owner_stops_working(client_for, api_for, admin_user, organisation):
    api = api_for(admin_user)
    token = ApiToken.objects.get(user=admin_user)
    response = client_for(admin_user).post(f"/accounts/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None
    assert api.get(BUSINESSES).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_token_of_another_person_cannot_be_revoked(client_for, api_for, admin_user, producer):
    api_for(admin_user)
    token = ApiToken.objects.get(user=admin_user)
    response = client_for(producer).post(f"/accounts/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None


def test_api_without_credentials_answers_401_in_json(anonymous_api, organisation):
    response = anonymous_api.get(BUSINESSES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["error"]["code"] == "not_authenticated"


def test_api_with_an_unknown_token_answers_401(anonymous_api, organisation):
    anonymous_api.credentials(HTTP_AUTHORIZATION="Bearer kur_nope", HTTP_ACCEPT_LANGUAGE="en")
    response = anonymous_api.get(BUSINESSES)
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "authentication_failed",
            "message": "The token is not valid, has expired or was revoked.",
        }
    }


def test_api_refuses_an_expired_token(api_for, admin_user, organisation):
    api = api_for(admin_user)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get(BUSINESSES).status_code == 401


def test_api_records_when_a_token_was_last_used(api_for, admin_user, organisation):
    api_for(admin_user).get(BUSINESSES)
    assert ApiToken.objects.get().last_used_at is not None


def test_api_scope_missing_from_the_token_is_refused(api_for, admin_user, organisation):
    api = api_for(admin_user, scopes=["programmes:read"])
    response = api.get(BUSINESSES)
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This token lacks the scope registry:read."


def test_api_read_scope_does_not_allow_writes(api_for, admin_user, organisation):
    api = api_for(admin_user, scopes=["registry:read"])
    assert api.get(BUSINESSES).status_code == 200
    assert api.post(BUSINESSES, {}, format="json").status_code == 403


def test_api_errors_follow_accept_language(api_for, admin_user, organisation):
    api = api_for(admin_user, language="id")
    response = api.get("/api/v1/o/disperindag-tangsel/businesses/999999/")
    assert response.status_code == 404
    assert response["Content-Language"] == "id"
    assert response.json()["error"]["message"] == "Tidak ditemukan, atau Anda tidak memiliki akses."


def test_api_unknown_address_is_a_json_404(api_for, admin_user):
    response = api_for(admin_user).post("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_wrong_method_is_a_json_405(api_for, admin_user, organisation):
    response = api_for(admin_user).delete(BUSINESSES)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_api_rate_limit_answers_429_per_token(settings, api_for, admin_user, organisation):
    settings.KURASI_API_RATE = "2/minute"
    api, other = api_for(admin_user), api_for(admin_user)
    statuses = [api.get(BUSINESSES).status_code for _ in range(3)]
    response = api.get(BUSINESSES)
    assert statuses == [200, 200, 429]
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert other.get(BUSINESSES).status_code == 200


def test_api_session_writes_need_csrf(client_for, admin_user, organisation):
    client = client_for(admin_user)
    client.handler.enforce_csrf_checks = True
    assert client.get(BUSINESSES).status_code == 200
    response = client.post(BUSINESSES, {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_api_session_without_two_step_login_gets_a_json_refusal(
    client_for, admin_user, organisation
):
    client = client_for(admin_user, verified=False)
    response = client.get(BUSINESSES)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


def test_token_page_offers_a_producer_only_the_scopes_of_their_own_records(client_for, producer):
    client = client_for(producer)
    offered = [
        value
        for value, _ in client.get("/accounts/api-tokens/").context["form"].fields["scopes"].choices
    ]
    assert offered == [
        "registry:read",
        "programmes:read",
        "programmes:write",
        "exhibitions:read",
        "exhibitions:write",
    ]
    response = client.post(
        "/accounts/api-tokens/", {"name": "Sinkron", "scopes": ["outbox:write"], "expires_in": ""}
    )
    assert "scopes" in response.context["form"].errors
    assert ApiToken.objects.filter(user=producer).count() == 0


def test_token_page_offers_a_curator_the_curation_scopes_and_an_admin_all(
    client_for, curator, admin_user
):
    def offered(user):
        form = client_for(user).get("/accounts/api-tokens/").context["form"]
        return [value for value, _ in form.fields["scopes"].choices]

    assert offered(curator) == ["curation:read", "curation:write"]
    assert "outbox:write" in offered(admin_user)
