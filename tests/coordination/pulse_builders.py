"""Pulse rounds and early warnings on top of the default world, built through the services."""

import datetime
import itertools

from django.utils import timezone

from coordination import services
from coordination.models import PulseQuestion, PulseRound
from tests.factories import MembershipFactory, UserFactory

_serial = itertools.count()


def ratings(value: int = 4, **overrides) -> dict:
    return {question.value: overrides.get(question.value, value) for question in PulseQuestion}


def open_round(w, *, title: str | None = None, days: int = 21) -> PulseRound:
    today = timezone.localdate()
    return services.pulse_round_open(
        acting_user=w.coordinator,
        initiative=w.initiative,
        title=title or f"Runde {next(_serial)}",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=days),
    )


def extra_partners(w, count: int) -> list:
    """`count` more partner members of the world's first organisation."""
    people = []
    for _ in range(count):
        n = next(_serial)
        user = UserFactory(email=f"puls{n}@example.org", full_name=f"Puls Person {n}")
        MembershipFactory(
            user=user, initiative=w.initiative, role="partner", organisation=w.organisation
        )
        people.append(user)
    return people


def answer(round_, user, value: int = 4, comment: str = "", **overrides) -> None:
    services.pulse_answer_submit(
        acting_user=user, pulse_round=round_, ratings=ratings(value, **overrides), comment=comment
    )


def closed_round(w, answers: list[tuple], *, title: str | None = None) -> PulseRound:
    """A round answered by (user, value, comment) triples and then closed."""
    round_ = open_round(w, title=title)
    for user, value, comment in answers:
        answer(round_, user, value, comment)
    return services.pulse_round_close(acting_user=w.coordinator, pulse_round=round_)


def move_to_past(round_: PulseRound, weeks_ago: int) -> PulseRound:
    """Shift a closed round back in time (services only open rounds from today on)."""
    today = timezone.localdate()
    PulseRound.objects.filter(pk=round_.pk).update(
        opens_on=today - datetime.timedelta(weeks=weeks_ago),
        closes_on=today - datetime.timedelta(weeks=weeks_ago) + datetime.timedelta(days=14),
    )
    round_.refresh_from_db()
    return round_
