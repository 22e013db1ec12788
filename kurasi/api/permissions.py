"""Scopes of tokens. Roles and offices are checked in each view through the pages' access helpers
(kurasi/accounts/access.py and the apps' access modules), so a token never grants more than its
user could do on the pages.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions

from .models import ApiToken
from .scopes import scope_for


class TokenScope(permissions.BasePermission):
    """The view's `scope_area` (e.g. "registry") must be in the token's scopes, read or write.

    A browser session is the person themself on the pages, so it carries every scope.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        needed = scope_for(view.scope_area, request.method)
        if not token.allows(needed):
            raise exceptions.PermissionDenied(
                _("This token lacks the scope %(scope)s.") % {"scope": needed}
            )
        return True
