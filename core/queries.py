"""Query pieces every app needs."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_of(model, *, parent: str, filter: Q | None = None):
    """How many rows of `model` (those matching `filter`, if given) point to each row of the
    outer query through the foreign key `parent`, as a subquery for `annotate`. Two counts over
    joins would multiply each other's rows (a group's members by its cards) before counting."""
    rows = model.objects.filter(**{parent: OuterRef("pk")})
    if filter is not None:
        rows = rows.filter(filter)
    counts = rows.order_by().values(parent).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
