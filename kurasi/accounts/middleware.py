from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _


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
