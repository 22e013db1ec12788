import pytest
from django.test import Client

from .world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


@pytest.fixture
def clients(world, client_for):
    made = {"anonymous": Client()}
    for persona, user in world.personas.items():
        if user is not None:
            made[persona] = client_for(user)
    return made
