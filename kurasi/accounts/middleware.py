from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .two_factor import ENROL, VERIFY, step_owed


class ExpiredSessionMiddleware:
    """Tell people their session ended, instead of silently showing them the login page.

    An expired session reaches us as a session cookie the server no longer knows. The session
    middleware deletes that cookie on the way out, so this is the one request that can notice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if cookie and not request.user.is_authenticated and not request.session.exists(cookie):
            messages.info(request, _("Your session has ended. Please log in again."))
        return self.get_response(request)


class TwoFactorMiddleware:
    """Hold a password-only session at the code step, and an admin without an authenticator at
    its set-up, before any other page (the Django admin included) runs.

    Only the pages needed to finish (or abandon) the login stay open. Costs one query per request
    of a logged-in person whose session is not yet verified; none otherwise.
    """

    OPEN = {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:logout",
        "set_language",
    }
    STEP_VIEWS = {VERIFY: "accounts:two_factor_verify", ENROL: "accounts:two_factor_setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in self.OPEN:
            return None
        step = step_owed(request.user)
        if step is None:
            return None
        if match.namespace == "api":
            # A program cannot follow a login page: it gets the API's JSON error instead.
            from kurasi.api.errors import error_body

            return JsonResponse(
                error_body(
                    "two_factor_required", _("Finish the two-step login in the browser first.")
                ),
                status=403,
            )
        target = reverse(self.STEP_VIEWS[step])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
