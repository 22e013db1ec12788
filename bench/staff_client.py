"""A logged-in test client for the benches, as a person who finished the whole login.

Office admins must use two-step login (kurasi/accounts/two_factor.py): a bench that only called
`force_login` would time the redirect to the code page, not the page it means to measure.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKEND = "kurasi.accounts.backends.EmailOrPhoneBackend"


def logged_in_client(user, **client_options):
    """A client whose session is logged in and, for admins, verified with an authenticator."""
    from kurasi.accounts.two_factor import standing

    client = Client(**client_options)
    client.force_login(user, backend=BACKEND)
    has_device, must, _reason = standing(user)
    if has_device or must:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
