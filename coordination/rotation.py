"""Fair rotation of the roles that hold for one meeting (moderation, time keeping,
documentation): whoever held a role least recently is proposed first.

Pure functions on plain values, so the rule is tested without a database; the selectors feed
them with the members and when each last held each role.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str


def propose(
    candidates: Iterable[Candidate],
    last_held: Mapping[int, datetime.datetime],
    *,
    busy: Iterable[int] = (),
) -> Candidate | None:
    """The candidate who held the role least recently.

    `last_held` maps a user id to the start of the latest meeting at which they held the role;
    whoever never held it comes first. Ties (both never, or the same meeting) go by name, then
    id, so the proposal is stable. People in `busy` (already holding another role in this
    meeting) come only when nobody else is left. None without candidates.
    """
    busy = set(busy)
    pool = list(candidates)
    if not pool:
        return None
    free = [c for c in pool if c.user_id not in busy] or pool

    def key(candidate: Candidate):
        held = last_held.get(candidate.user_id)
        # Never held sorts before any date.
        return (
            held is not None,
            held or datetime.datetime.min,
            candidate.name.casefold(),
            candidate.user_id,
        )

    return min(free, key=key)
