"""The order of a meeting's speakers' list, not by rank: people who have not spoken yet in this
meeting come first, then everyone by the time they asked.

A pure function on plain values, so the rule is tested without a database.
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    pk: int
    user_id: int
    requested_at: datetime.datetime


def speaker_order(requests: Iterable[Request], *, have_spoken: Collection[int]) -> list[Request]:
    """Open requests in the order the floor is given.

    `have_spoken`: ids of the people who already had the floor in this meeting. Those who have
    not come first; within each group, whoever asked earlier comes earlier (ties by id, so that
    the order never changes between two renderings).
    """
    spoken = set(have_spoken)
    return sorted(requests, key=lambda r: (r.user_id in spoken, r.requested_at, r.pk))
