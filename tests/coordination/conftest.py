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
