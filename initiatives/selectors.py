"""Reads of the initiatives app, scoped to the viewer. Each returns what the viewer may see."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from core.queries import count_of
from core.textdiff import DiffSegment, has_changes, word_diff
from initiatives.models import (
    AgendaDraft,
    AgendaText,
    AgendaVersion,
    Endorsement,
    GlossaryTerm,
    Initiative,
    Invitation,
    Membership,
    Organisation,
    Sector,
)


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
            organisation_count=count_of(Organisation, parent="initiative"),
            member_count=count_of(Membership, parent="initiative"),
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


# The common agenda


def agenda_version_current(*, initiative: Initiative) -> AgendaVersion | None:
    """The latest published version, or None before the first publication."""
    return (
        AgendaVersion.objects.filter(initiative=initiative)
        .select_related("published_by")
        .order_by("-number")
        .first()
    )


def agenda_version_list(*, initiative: Initiative) -> QuerySet[AgendaVersion]:
    """Published versions, newest first, with how many organisations carried each."""
    return (
        AgendaVersion.objects.filter(initiative=initiative)
        .select_related("published_by")
        .annotate(
            fully_count=Count("endorsements", filter=Q(endorsements__level="fully")),
            reservations_count=Count(
                "endorsements", filter=Q(endorsements__level="with_reservations")
            ),
        )
        .order_by("-number")
    )


def agenda_version_get(*, initiative: Initiative, number: int) -> AgendaVersion | None:
    return (
        AgendaVersion.objects.filter(initiative=initiative, number=number)
        .select_related("published_by")
        .first()
    )


def agenda_draft_get(*, initiative: Initiative) -> AgendaDraft | None:
    return AgendaDraft.objects.filter(initiative=initiative).select_related("updated_by").first()


def glossary_term_list(*, initiative: Initiative) -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.filter(initiative=initiative)


def endorsement_get(*, version: AgendaVersion, organisation: Organisation) -> Endorsement | None:
    return Endorsement.objects.filter(version=version, organisation=organisation).first()


def endorsement_list(*, version: AgendaVersion) -> QuerySet[Endorsement]:
    return (
        Endorsement.objects.filter(version=version)
        .select_related("organisation", "endorsed_by")
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class EndorsementRow:
    """One partner organisation and its endorsement of the version (None: not yet)."""

    organisation: Organisation
    endorsement: Endorsement | None

    @property
    def status(self) -> str:
        return self.endorsement.level if self.endorsement else "missing"


@dataclass(frozen=True)
class EndorsementOverview:
    """Which partner organisations carry a version, which with reservations, which not yet."""

    version: AgendaVersion | None
    rows: list[EndorsementRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def fully(self) -> int:
        return sum(1 for row in self.rows if row.status == Endorsement.Level.FULLY)

    @property
    def with_reservations(self) -> int:
        return sum(1 for row in self.rows if row.status == Endorsement.Level.WITH_RESERVATIONS)

    @property
    def carrying(self) -> int:
        return self.fully + self.with_reservations

    @property
    def missing(self) -> int:
        return self.total - self.carrying

    def row_for(self, organisation_id: int | None) -> EndorsementRow | None:
        return next((r for r in self.rows if r.organisation.pk == organisation_id), None)


_STATUS_ORDER = {"with_reservations": 0, "fully": 1, "missing": 2}


def endorsement_overview(*, initiative: Initiative) -> EndorsementOverview:
    """Every partner organisation with its endorsement of the current version.

    Rows come with reservations first (so that disagreement is seen and talked about), then
    full endorsements, then the organisations that have not answered yet; by name within each.
    Three queries, whatever the number of organisations.
    """
    version = agenda_version_current(initiative=initiative)
    if version is None:
        return EndorsementOverview(version=None)
    endorsements = {e.organisation_id: e for e in endorsement_list(version=version)}
    rows = [
        EndorsementRow(organisation=organisation, endorsement=endorsements.get(organisation.pk))
        for organisation in Organisation.objects.filter(initiative=initiative).order_by("name")
    ]
    rows.sort(key=lambda row: _STATUS_ORDER[row.status])
    return EndorsementOverview(version=version, rows=rows)


@dataclass(frozen=True)
class AgendaSummary:
    """What the initiative's overview page shows of the agenda."""

    version: AgendaVersion | None
    carrying: int


def agenda_summary(*, initiative: Initiative) -> AgendaSummary:
    """The current version with the number of organisations that carry it, in one query."""
    version = (
        AgendaVersion.objects.filter(initiative=initiative)
        .annotate(carrying=Count("endorsements"))
        .order_by("-number")
        .first()
    )
    return AgendaSummary(version=version, carrying=version.carrying if version else 0)


@dataclass(frozen=True)
class SectionDiff:
    name: str
    label: str
    text: str
    segments: list[DiffSegment]

    @property
    def changed(self) -> bool:
        return has_changes(self.segments)


def agenda_section_diffs(*, old: AgendaText | None, new: AgendaText) -> list[SectionDiff]:
    """Per section, the word-level changes from `old` (None: nothing before) to `new`."""
    return [
        SectionDiff(
            name=name,
            label=label,
            text=text,
            segments=word_diff(getattr(old, name) if old else "", text),
        )
        for name, label, text in new.section_items()
    ]
