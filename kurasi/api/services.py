"""Creating and revoking API tokens: atomic, audited, the secret returned once and never stored."""

import secrets

from django.db import transaction
from django.utils import timezone

from kurasi.audit.services import record_event

from .models import TOKEN_PREFIX, ApiToken, digest


@transaction.atomic
def create_token(*, actor, name: str, scopes: list[str], expires_at=None):
    """A new token of `actor`. Returns (token, secret); the secret cannot be recovered later.

    Side effects: one ApiToken row; audit event naming the scopes (never the secret).
    """
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        scopes=sorted(set(scopes)),
        key_digest=digest(secret),
        hint=secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
        expires_at=expires_at,
    )
    record_event(
        actor=actor,
        action="api_token.created",
        obj=token,
        changes={"scopes": [None, token.scopes]},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor, token: ApiToken):
    """Revoke a token at once. Side effects: revoked_at set; audit event. Twice is harmless."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor=actor, action="api_token.revoked", obj=token)
    return token
