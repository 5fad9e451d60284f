"""Test data for activities, built through the services.

`activity_world(world)` gives the default world a small results framework (two goals, three
objectives, a gender dimension with “keine Angabe”) and one activity of IQ Netzwerk (the
partner's organisation) with one output log. `add_activities()` adds volume for query guards.
"""

import datetime
import itertools
import types

from coordination import services
from coordination.models import ContributionKind
from impact import services as impact_services
from tests.impact.builders import FrameworkBuilder

GENDER = ["weiblich", "männlich", "divers", "keine Angabe"]
START = datetime.date(2025, 1, 1)
_serial = itertools.count()


def activity_world(w):
    """Built once per world; later calls return the same namespace."""
    if hasattr(w, "activities"):
        return w.activities
    framework = (
        FrameworkBuilder(w.initiative)
        .goal("Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen")
        .indicator("Vermittlungen", frequency="quarterly")
        .with_dimension("Geschlecht", GENDER)
        .reported_by(w.organisation)
        .objective("Frauen profitieren gleichermaßen")
        .goal("Anerkennung geht schneller")
        .objective("Beratung ist leicht erreichbar")
        .build()
    )
    placement, women, advice = framework.objectives
    gender = framework.dimensions["Geschlecht"]
    activity = services.activity_create(
        acting_user=w.partner,
        initiative=w.initiative,
        title="Anerkennungsberatung",
        contribution_kind=ContributionKind.INTERLOCKING,
        objectives=[placement, advice],
        start_date=START,
        target_group="Menschen mit ausländischen Abschlüssen",
        place="Berlin-Mitte",
    )
    log = services.output_log_create(
        acting_user=w.partner,
        activity=activity,
        date=datetime.date(2025, 3, 1),
        people_reached=10,
        note="Erster Beratungstag",
        breakdown={gender.categories.get(label="weiblich").pk: 6},
    )
    w.activities = types.SimpleNamespace(
        framework=framework,
        objectives=framework.objectives,
        placement=placement,
        women=women,
        advice=advice,
        gender=gender,
        category={c.label: c for c in gender.categories.all()},
        activity=activity,
        log=log,
    )
    return w.activities


def other_objective(w):
    """An objective of the other initiative, for the checks that refuse it."""
    goal = impact_services.goal_create(
        acting_user=w.other_coordinator, initiative=w.other_initiative, title="Kitaplätze"
    )
    return impact_services.objective_create(
        acting_user=w.other_coordinator, goal=goal, title="Mehr Kitaplätze"
    )


def add_activities(w, n, *, logs_per_activity=2, user=None, objectives=None):
    """`n` activities of the partner's organisation, each with logs and a breakdown."""
    data = activity_world(w)
    user = user or w.partner
    objectives = objectives or [data.placement, data.women]
    created = []
    for _ in range(n):
        i = next(_serial)
        activity = services.activity_create(
            acting_user=user,
            initiative=w.initiative,
            title=f"Aktivität {i:04d}",
            contribution_kind=ContributionKind.values[i % 4],
            objectives=objectives,
            start_date=START,
        )
        for day in range(logs_per_activity):
            services.output_log_create(
                acting_user=user,
                activity=activity,
                date=START + datetime.timedelta(days=day),
                people_reached=5,
                breakdown={data.category["männlich"].pk: 2},
            )
        created.append(activity)
    return created
