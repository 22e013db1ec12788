"""API clients: a person's token with the scopes asked for (all by default)."""

import pytest
from rest_framework.test import APIClient

from kurasi.api.scopes import Scope
from kurasi.api.services import create_token


@pytest.fixture
def api_for(db):
    """`api_for(user)` → a client sending a fresh token of `user`; `scopes=[…]` to narrow it."""

    def make(user, scopes=None, language="en"):
        _token, secret = create_token(
            actor=user, name="test", scopes=scopes if scopes is not None else Scope.values
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language)
        return client

    return make


@pytest.fixture
def anonymous_api(db):
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client
