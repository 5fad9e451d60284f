"""Prototypes for tests (steps 4 and 5), built through the services.

Concepts (step 3) are created directly through the model: their pages are built elsewhere.
"""

import datetime
import secrets
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing

from focusgroups import services
from focusgroups.models import FeedbackLink, Prototype, SolutionConcept
from focusgroups.views.feedback import STARTED_SALT
from tests.focusgroups.builders import group_world


@dataclass
class PrototypeWorld:
    group: object
    concept: SolutionConcept
    prototype: Prototype
    criteria: list = field(default_factory=list)
    link: FeedbackLink | None = None


CRITERIA = [
    ("Teilnehmende mit Vorstellungsgespräch", "at_least", Decimal("5"), "Personen"),
    ("Unternehmen, die wiederkommen würden", "at_least", Decimal("60"), "%"),
    ("Wartezeit bis zum ersten Gespräch", "at_most", Decimal("20"), "Minuten"),
    ("Gespräche in einfacher Sprache", "at_least", Decimal("80"), "%"),
]


def concept_for(group, title="Matching-Abend") -> SolutionConcept:
    return SolutionConcept.objects.create(
        group=group, title=title, description="Fachkräfte und Unternehmen direkt zusammenbringen."
    )


def prototype_world(w, *, group=None, criteria=2, user=None) -> PrototypeWorld:
    """A planned prototype of a new concept with `criteria` success criteria (by the partner)."""
    group = group or group_world(w).group
    user = user or w.partner
    concept = concept_for(group)
    prototype = services.prototype_create(
        acting_user=user,
        group=group,
        concept=concept,
        title="Matching-Abend im Rathaus",
        plan="Zehn Unternehmen, zwanzig Fachkräfte, kurze Gespräche.",
        test_date=datetime.date(2026, 3, 12),
        place="Rathaus Neukölln",
    )
    built = PrototypeWorld(group=group, concept=concept, prototype=prototype)
    add_criteria(built, criteria, user=user)
    return built


def add_criteria(built: PrototypeWorld, n: int, *, user):
    for i in range(n):
        description, direction, target, unit = CRITERIA[i % len(CRITERIA)]
        built.criteria.append(
            services.success_criterion_add(
                acting_user=user,
                prototype=built.prototype,
                description=f"{description}{'' if i < len(CRITERIA) else f' ({i})'}",
                direction=direction,
                target_value=target,
                unit=unit,
            )
        )
    return built


def mark_tested(built: PrototypeWorld, *, user, values=None) -> PrototypeWorld:
    """Mark the prototype tested and enter `values` (criterion index → number)."""
    services.prototype_status_set(acting_user=user, prototype=built.prototype, status="tested")
    if values:
        services.prototype_results_save(
            acting_user=user,
            prototype=built.prototype,
            results={built.criteria[i].pk: (Decimal(v), "") for i, v in values.items()},
        )
    return built


def started_stamp(seconds_ago: float = 30, nonce: str | None = None) -> str:
    """The feedback form's signed stamp (when shown, a random mark of the form), as if shown
    `seconds_ago`; each call is another form unless `nonce` is given."""
    stamp = {"shown": time.time() - seconds_ago, "nonce": nonce or secrets.token_urlsafe(16)}
    return signing.dumps(stamp, salt=STARTED_SALT)


def feedback_data(**overrides) -> dict:
    data = {
        "rating": "4",
        "went_well": "Die Gespräche waren konkret.",
        "to_change": "Mehr Zeit pro Gespräch.",
        "consent": "on",
        "website": "",
        "started": started_stamp(),
    }
    data.update(overrides)
    return data


@dataclass
class MatrixPrototypes:
    planned: PrototypeWorld
    tested: PrototypeWorld
    link: FeedbackLink


def matrix_prototypes(w) -> MatrixPrototypes:
    """What the permission matrix acts on (built once per test): in the matrix's focus group a
    planned prototype with one criterion and a feedback link, and a tested one."""
    from tests.focusgroups.builders import matrix_world

    if not hasattr(w, "prototypes"):
        group = matrix_world(w).group
        planned = prototype_world(w, group=group, criteria=1, user=w.coordinator)
        done = mark_tested(
            prototype_world(w, group=group, criteria=1, user=w.coordinator), user=w.coordinator
        )
        link = services.feedback_link_create(acting_user=w.coordinator, prototype=planned.prototype)
        w.prototypes = MatrixPrototypes(planned=planned, tested=done, link=link)
    return w.prototypes
