"""Activities on top of the default world, built through the services.

Messages are checked in the English source language, so the tests do not depend on the state of
the German catalogue.
"""

import pytest
from django.utils import translation

from tests.coordination.builders import activity_world


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def acts(world):
    return activity_world(world)


@pytest.fixture(autouse=True)
def english_pages(request, client, settings):
    """Pages and API answers in the English source language too, whatever the catalogue
    already translates: the world's people chose English in their profile."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if "world" in request.fixturenames:
        from django.contrib.auth import get_user_model

        request.getfixturevalue("world")
        get_user_model().objects.update(language="en")
