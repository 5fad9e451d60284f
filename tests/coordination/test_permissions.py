"""The predicates of coordination.permissions, role by role, and the access helper."""

import pytest
from django.http import Http404

from coordination import permissions
from initiatives.permissions import membership_get

pytestmark = pytest.mark.django_db

# role: (view, create, change, log)
EXPECTED = {
    "coordinator": (True, False, True, False),
    "partner": (True, True, True, True),
    "partner2": (True, True, False, False),
    "viewer": (True, False, False, False),
    "participant": (False, False, False, False),
    "other_coordinator": (False, False, False, False),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_predicates_follow_the_rules(world, acts, role):
    membership = membership_get(user=world.user(role), initiative=world.initiative)
    answers = (
        permissions.can_view_activities(membership),
        permissions.can_create_activity(membership),
        permissions.can_change_activity(membership, acts.activity),
        permissions.can_log_output(membership, acts.activity),
    )
    assert answers == EXPECTED[role]
    assert permissions.can_change_output_log(membership, acts.log) == EXPECTED[role][2]


def test_partner_creates_for_own_organisation_only(world):
    membership = membership_get(user=world.partner, initiative=world.initiative)
    assert permissions.can_create_activity(membership, world.organisation)
    assert not permissions.can_create_activity(membership, world.organisation2)


def test_access_activity_answers_404_for_missing_foreign_and_other_initiative(world, acts):
    with pytest.raises(Http404):
        permissions.access_activity(user=world.partner, pk=acts.activity.pk + 999)
    with pytest.raises(Http404):
        permissions.access_activity(user=world.other_coordinator, pk=acts.activity.pk)
    with pytest.raises(Http404):
        permissions.access_activity(
            user=world.coordinator, pk=acts.activity.pk, initiative=world.other_initiative
        )
    with pytest.raises(Http404):
        permissions.access_activity(user=world.partner, pk="abc")
    activity, membership = permissions.access_activity(user=world.viewer, pk=acts.activity.pk)
    assert activity == acts.activity and membership.role == "viewer"
