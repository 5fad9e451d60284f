"""Activities and focus groups for the progress report's chapters on top of `build_data`,
built through the services.

Three organisations work on the first objective (an overlap), nobody on the second (a gap);
four activities, 22 people reached. Four focus groups: one at step 1 without a problem
statement, one at step 2, one whose practice was made permanent, one dissolved.
"""

import datetime
import itertools
import types

from coordination import services as coordination_services
from coordination.models import ContributionKind
from focusgroups import services as focus_services
from focusgroups.models import FocusGroup
from initiatives.models import Role, Sector
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.focusgroups.builders import group_world

START = datetime.date(2025, 1, 1)
_serial = itertools.count()


def _activity(user, world, title, objectives, *people):
    activity = coordination_services.activity_create(
        acting_user=user,
        initiative=world.initiative,
        title=title,
        contribution_kind=ContributionKind.INTERLOCKING,
        objectives=objectives,
        start_date=START,
    )
    for day, number in enumerate(people):
        coordination_services.output_log_create(
            acting_user=user,
            activity=activity,
            date=START + datetime.timedelta(days=day),
            people_reached=number,
        )
    return activity


def third_partner(world):
    """A third partner organisation of the administration, with a partner member."""
    organisation = OrganisationFactory(
        initiative=world.initiative, name="Jobcenter Mitte", sector=Sector.ADMINISTRATION
    )
    user = UserFactory(email="partner3@example.org", full_name="Paula Dritte")
    MembershipFactory(
        user=user, initiative=world.initiative, role=Role.PARTNER, organisation=organisation
    )
    return types.SimpleNamespace(organisation=organisation, user=user)


def build_chapters(world, data) -> types.SimpleNamespace:
    placement, recognition = data.fw.objectives
    third = third_partner(world)
    _activity(world.partner, world, "Mentoring für Fachkräfte", [placement], 10, 5)
    _activity(world.partner, world, "Bewerbungstraining", [placement], 3)
    _activity(world.partner2, world, "Matching-Abend", [placement], 4)
    _activity(third.user, world, "Sprachkurs Beruf", [placement])

    fresh = group_world(world, name="Anerkennung beschleunigen").group
    board = group_world(world, name="Betriebe gewinnen", cards=2).group
    FocusGroup.objects.filter(pk=board.pk).update(stage=2)
    permanent = group_world(world, name="Coaching im Betrieb").group
    FocusGroup.objects.filter(pk=permanent.pk).update(stage=5)
    permanent.refresh_from_db()
    focus_services.focus_group_outcome_set(
        acting_user=world.coordinator,
        group=permanent,
        outcome=FocusGroup.Outcome.PERMANENT,
        where="Regelangebot des Jobcenters Mitte",
        date=datetime.date(2025, 4, 1),
    )
    dissolved = group_world(world, name="Abendkurse").group
    focus_services.focus_group_dissolve(
        acting_user=world.coordinator, group=dissolved, reason="Die Volkshochschule übernimmt."
    )
    return types.SimpleNamespace(
        placement=placement,
        recognition=recognition,
        third=third,
        fresh=fresh,
        board=board,
        permanent=permanent,
        dissolved=dissolved,
    )


def add_volume(world, objectives, size: int, prefix: str) -> None:
    """`size` organisations with three activities each (with a log) and `size` focus groups,
    for the query guards."""
    for number in range(size):
        serial = next(_serial)
        organisation = OrganisationFactory(
            initiative=world.initiative, name=f"{prefix} Organisation {serial}"
        )
        user = UserFactory(email=f"{prefix.lower()}{serial}@example.org")
        MembershipFactory(
            user=user, initiative=world.initiative, role=Role.PARTNER, organisation=organisation
        )
        for activity in range(3):
            _activity(user, world, f"{prefix} Aktivität {serial}.{activity}", objectives, 2)
        group_world(world, name=f"{prefix} Gruppe {number}", cards=1)
