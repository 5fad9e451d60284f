"""Reads of the initiatives app, scoped to the viewer. Each returns what the viewer may see."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from initiatives.models import Initiative, Invitation, Membership, Organisation, Sector


def _count_per_initiative(model) -> Coalesce:
    counts = (
        model.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def initiative_list(*, viewer) -> QuerySet[Initiative]:
    """The viewer's initiatives, each annotated with its organisation and member counts.

    The counts are subqueries: counting over the join used by the membership filter would count
    only the viewer's own membership.
    """
    if not viewer.is_authenticated:
        return Initiative.objects.none()
    return (
        Initiative.objects.filter(
            pk__in=Membership.objects.filter(user=viewer).values("initiative_id")
        )
        .annotate(
            organisation_count=_count_per_initiative(Organisation),
            member_count=_count_per_initiative(Membership),
        )
        .order_by("name")
    )


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    """The user's memberships with their initiatives: what the initiative switcher shows."""
    return (
        Membership.objects.filter(user=user)
        .select_related("initiative", "organisation")
        .order_by("initiative__name")
    )


def organisation_list(*, initiative: Initiative, sector: str | None = None) -> QuerySet:
    qs = Organisation.objects.filter(initiative=initiative).annotate(
        member_count=Count("memberships", filter=Q(memberships__role="partner"))
    )
    if sector:
        qs = qs.filter(sector=sector)
    return qs.order_by("name")


def organisation_sector_counts(*, initiative: Initiative) -> list[tuple[str, str, int]]:
    """(sector value, sector label, number of organisations) for every sector, in fixed order."""
    counts = dict(
        Organisation.objects.filter(initiative=initiative)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Sector.choices]


def membership_list(*, initiative: Initiative) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(initiative=initiative)
        .select_related("user", "organisation")
        .order_by("role", "user__full_name")
    )


def invitation_list_open(*, initiative: Initiative) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            initiative=initiative, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )
