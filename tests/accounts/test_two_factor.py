"""Two-factor login through the pages: password, then a code; admins must, other staff may."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurasi.accounts.models import Role
from kurasi.audit.models import AuditEvent

from ..conftest import totp_device_for
from ..factories import PASSWORD, MembershipFactory, UserFactory

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")
STATUS = reverse("accounts:two_factor")
DASHBOARD = reverse("insights:dashboard")


def code_for(device, drift=0):
    return str(totp(device.bin_key, drift=drift)).zfill(6)


def password_login(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_admin_without_device_is_sent_to_setup_before_any_office_page(client, admin_user):
    password_login(client, admin_user)
    for url in (DASHBOARD, reverse("insights:members", args=["disperindag-tangsel"]), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(SETUP)


@pytest.mark.django_db
def test_admin_with_device_must_pass_the_code_step(client, admin_user):
    device = totp_device_for(admin_user)
    password_login(client, admin_user)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fdashboard%2F"
    office_page = reverse("insights:organisation_dashboard", args=["disperindag-tangsel"])
    response = client.post(VERIFY, {"code": code_for(device), "next": office_page})
    assert response.status_code == 302
    assert response.url == office_page
    assert client.get(office_page).status_code == 200


@pytest.mark.django_db
def test_platform_operator_must_pass_the_code_step_before_the_django_admin(client):
    operator = UserFactory(full_name="Operator Platform", is_superuser=True)
    device = totp_device_for(operator)
    password_login(client, operator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_code_keeps_the_session_unverified(client, admin_user):
    device = totp_device_for(admin_user)
    password_login(client, admin_user)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Kode salah atau sudah dipakai" in response.content.decode()
    assert client.get(DASHBOARD).url.startswith(VERIFY)


@pytest.mark.django_db
def test_code_with_one_step_of_clock_drift_is_accepted(client, admin_user):
    device = totp_device_for(admin_user)
    password_login(client, admin_user)
    response = client.post(VERIFY, {"code": code_for(device, drift=-1)})
    assert response.status_code == 302
    assert response.url == DASHBOARD


@pytest.mark.django_db
def test_code_two_steps_old_is_refused(client, admin_user):
    device = totp_device_for(admin_user)
    password_login(client, admin_user)
    response = client.post(VERIFY, {"code": code_for(device, drift=-3)})
    assert response.status_code == 200
    assert client.get(DASHBOARD).url.startswith(VERIFY)


@pytest.mark.django_db
def test_a_used_code_is_refused_the_second_time(client_for, client, admin_user):
    device = totp_device_for(admin_user)
    code = code_for(device)
    password_login(client, admin_user)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = client_for(admin_user, verified=False)
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert other.get(DASHBOARD).url.startswith(VERIFY)


@pytest.mark.django_db
def test_recovery_code_works_once_and_is_audited(client_for, admin_user):
    client = client_for(admin_user, verified=False)
    response = client.get(SETUP)
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "password": PASSWORD})
    codes = response.context["codes"]
    first = client_for(admin_user, verified=False)
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get(DASHBOARD).status_code == 302  # to the office's dashboard, verified
    assert not first.get(DASHBOARD).url.startswith(VERIFY)
    second = client_for(admin_user, verified=False)
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9
    actions = list(
        AuditEvent.objects.for_object(admin_user).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["two_factor.enabled", "two_factor.recovery_code_used"]


@pytest.mark.django_db
def test_setup_shows_qr_code_and_key_then_ten_recovery_codes(client_for, admin_user):
    client = client_for(admin_user, verified=False)
    response = client.get(SETUP)
    content = response.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert response.status_code == 200
    assert '<svg viewBox="' in content
    assert "style=" not in content
    assert response.context["key_text"].replace(" ", "") in content.replace(" ", "")
    response = client.post(SETUP, {"code": code_for(device), "password": PASSWORD})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert len(set(response.context["codes"])) == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(DASHBOARD).url == reverse(
        "insights:organisation_dashboard", args=["disperindag-tangsel"]
    )
    event = AuditEvent.objects.get(action="two_factor.enabled")
    assert (event.actor, event.organisation.slug) == (admin_user, "disperindag-tangsel")


@pytest.mark.django_db
def test_setup_refuses_a_wrong_code_or_password_and_confirms_nothing(
    client_for, admin_user, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = client_for(admin_user, verified=False)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(SETUP, {"code": wrong, "password": PASSWORD})
    assert "Kode salah" in response.content.decode()
    response = client.post(SETUP, {"code": code_for(device), "password": "bukan"})
    assert "Kata sandi salah" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="two_factor.enabled").exists()


@pytest.mark.django_db
def test_curator_is_not_forced_but_may_turn_it_on(client_for, curator):
    client = client_for(curator)
    assert client.get(DASHBOARD).status_code == 302
    assert not client.get(DASHBOARD).url.startswith(SETUP)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert response.context["must"] is False


@pytest.mark.django_db
def test_producer_cannot_set_up_two_factor(client_for, producer):
    assert client_for(producer).get(SETUP).status_code == 403
    assert client_for(producer).get(STATUS).status_code == 403


@pytest.mark.django_db
def test_curator_with_device_is_asked_for_the_code_too(client, curator):
    device = totp_device_for(curator)
    password_login(client, curator)
    assert client.get(DASHBOARD).url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(device)}).url == DASHBOARD


@pytest.mark.django_db
def test_disable_with_a_code_removes_the_devices_and_is_audited(client_for, curator):
    device = totp_device_for(curator)
    client = client_for(curator)
    response = client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=curator).exists()
    assert AuditEvent.objects.filter(action="two_factor.disabled", actor=curator).count() == 1
    assert client.get(DASHBOARD).status_code == 302


@pytest.mark.django_db
def test_disable_with_a_wrong_code_changes_nothing(client_for, curator):
    device = totp_device_for(curator)
    client = client_for(curator)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("accounts:two_factor_disable"), {"code": wrong})
    assert response.status_code == 400
    assert "Tidak ada yang diubah" in response.content.decode()
    assert TOTPDevice.objects.filter(user=curator, confirmed=True).count() == 1


@pytest.mark.django_db
def test_admin_who_disables_is_sent_to_setup_again(client_for, admin_user):
    device = totp_device_for(admin_user)
    client = client_for(admin_user)
    client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)})
    assert client.get(DASHBOARD).url.startswith(SETUP)


def reset_url(user, slug="disperindag-tangsel"):
    return reverse("accounts:two_factor_reset", args=[slug, user.pk])


@pytest.mark.django_db
def test_admin_resets_a_colleagues_device_and_it_is_audited(client_for, admin_user, curator):
    totp_device_for(curator)
    curator_client = client_for(curator)
    response = client_for(admin_user).post(reset_url(curator))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=curator).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor, event.object_id, event.organisation.slug) == (
        admin_user,
        str(curator.pk),
        "disperindag-tangsel",
    )
    # The curator's session verified with the old device is no longer verified; curators may
    # carry on without a second step.
    assert curator_client.get(DASHBOARD).status_code == 302


@pytest.mark.django_db
def test_reset_of_an_admins_device_sends_their_session_to_setup(client_for, admin_user):
    second_admin = MembershipFactory(
        organisation=admin_user.memberships.get().organisation, role=Role.ADMIN
    ).user
    second_client = client_for(second_admin)
    client_for(admin_user).post(reset_url(second_admin))
    assert second_client.get(DASHBOARD).url.startswith(SETUP)


@pytest.mark.django_db
def test_reset_refused_for_another_office_other_roles_and_oneself(
    client_for, admin_user, curator, field_officer, outsider, producer
):
    totp_device_for(curator)
    assert client_for(outsider).post(reset_url(curator)).status_code == 404
    assert client_for(field_officer).post(reset_url(curator)).status_code == 403
    assert client_for(producer).post(reset_url(curator)).status_code == 404
    assert client_for(admin_user).post(reset_url(admin_user)).status_code == 403
    assert client_for(admin_user).get(reset_url(curator)).status_code == 405
    stranger = UserFactory()
    assert client_for(admin_user).post(reset_url(stranger)).status_code == 404
    assert TOTPDevice.objects.filter(user=curator).count() == 1


@pytest.mark.django_db
def test_members_page_shows_two_factor_state_in_constant_queries(client_for, admin_user, curator):
    organisation = admin_user.memberships.get().organisation
    client = client_for(admin_user)
    url = reverse("insights:members", args=[organisation.slug])
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    for _ in range(5):
        totp_device_for(MembershipFactory(organisation=organisation, role=Role.CURATOR).user)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert (
        response.content.decode().count(">Reset</button>")
        + response.content.decode().count(">Atur ulang</button>")
        == 5
    )


@pytest.mark.django_db
def test_django_admin_login_goes_through_kurasi_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_django_admin_refuses_a_logged_in_producer_without_a_redirect_loop(client_for, producer):
    response = client_for(producer).get("/admin/", follow=True)
    assert response.status_code == 403


RENEW = reverse("accounts:two_factor_recovery_codes")


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones_and_are_audited(client_for, curator):
    device = totp_device_for(curator)
    client = client_for(curator)
    old = client_for(curator, verified=False)
    static = curator.staticdevice_set.create(name="recovery codes", confirmed=True)
    static.token_set.create(token="oldcode1")

    response = client.post(RENEW, {"renew-code": code_for(device)})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=curator).count() == 10
    assert old.post(VERIFY, {"code": "oldcode1"}).status_code == 200  # refused: stays on the form
    assert AuditEvent.objects.filter(
        action="two_factor.recovery_codes_renewed", actor=curator
    ).exists()


@pytest.mark.django_db
def test_new_recovery_codes_need_a_current_app_code(client_for, curator):
    device = totp_device_for(curator)
    static = curator.staticdevice_set.create(name="recovery codes", confirmed=True)
    static.token_set.create(token="keepme01")
    client = client_for(curator)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)

    for code, message in (
        (wrong, "Tidak ada yang diubah"),
        ("keepme01", "Tidak ada yang diubah"),
        ("", "harus diisi"),
    ):
        response = client.post(RENEW, {"renew-code": code})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert list(
        StaticToken.objects.filter(device__user=curator).values_list("token", flat=True)
    ) == ["keepme01"]


@pytest.mark.django_db
def test_new_recovery_codes_refused_without_an_authenticator(client_for, curator, producer):
    for person in (curator, producer):
        response = client_for(person).post(RENEW, {"renew-code": "123456"})
        assert response.status_code == 400
        assert not StaticToken.objects.filter(device__user=person).exists()
