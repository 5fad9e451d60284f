"""Who may generate and download reports: predicates on the viewer's membership.

DOMAIN.md: coordinators and report viewers generate and download reports; partner members do so
for their own organisation's data and the initiative-wide approved data; participants not at all.

A report holds what its requester could see when it was made, so a finished report is shown
only to members who may see the same data (`ReportRun.audience`): approved data to every
reader, values under review to the backbone office, one organisation's unapproved values to
that organisation's members. The requester always sees their own reports while they remain a
reader.
"""

from django.db.models import Q
from django.http import Http404

from initiatives.models import Membership, Role
from initiatives.permissions import access_initiative
from reports.models import ReportRun, ReportSchedule

GENERATORS = frozenset({Role.COORDINATOR, Role.PARTNER, Role.VIEWER})
Audience = ReportRun.Audience


def _role(membership: Membership | None) -> str | None:
    return membership.role if membership is not None else None


def can_generate_report(membership: Membership | None) -> bool:
    return _role(membership) in GENERATORS


def can_report_on_organisation(membership: Membership | None, organisation_id: int) -> bool:
    """Generate the contribution report of one partner organisation: the backbone office and
    report viewers for every partner, partner members for their own organisation only."""
    role = _role(membership)
    if role in {Role.COORDINATOR, Role.VIEWER}:
        return True
    return role == Role.PARTNER and membership.organisation_id == organisation_id


def can_manage_schedules(membership: Membership | None) -> bool:
    """See, set up, change, pause and delete scheduled reports: the backbone office."""
    return _role(membership) == Role.COORDINATOR


def audience_for(membership: Membership, kind: str) -> tuple[str, int | None]:
    """The audience (and organisation) of a report `membership` asks for.

    The progress report shows approved values only, so every reader may see it. The period
    report shows what the requester sees of the review: the backbone office values under
    review, a partner member their own organisation's unapproved values. A meeting record holds
    what every member who may see meetings sees.
    """
    if kind == ReportRun.Kind.GUIDE:
        # A focus group's guide holds nothing under review: every reader may see it.
        return Audience.APPROVED, None
    if kind in {ReportRun.Kind.PROGRESS, ReportRun.Kind.MEETING} or membership.role == Role.VIEWER:
        return Audience.APPROVED, None
    if membership.role == Role.COORDINATOR:
        return Audience.BACKBONE, None
    return Audience.ORGANISATION, membership.organisation_id


def can_view_run(membership: Membership | None, run: ReportRun) -> bool:
    """See a report in the history and download it."""
    if not can_generate_report(membership) or run.initiative_id != membership.initiative_id:
        return False
    if run.requested_by_id is not None and run.requested_by_id == membership.user_id:
        return True
    if run.audience == Audience.APPROVED:
        return True
    if run.audience == Audience.BACKBONE:
        return membership.role == Role.COORDINATOR
    return membership.role == Role.PARTNER and membership.organisation_id == run.organisation_id


def run_visibility(membership: Membership) -> Q:
    """`can_view_run` as a filter on `ReportRun`, for selectors."""
    visible = Q(requested_by_id=membership.user_id) | Q(audience=Audience.APPROVED)
    if membership.role == Role.COORDINATOR:
        visible |= Q(audience=Audience.BACKBONE)
    elif membership.role == Role.PARTNER:
        visible |= Q(audience=Audience.ORGANISATION, organisation_id=membership.organisation_id)
    return visible


def access_run(*, initiative, membership: Membership, pk: int) -> ReportRun:
    """A report run of `initiative` that `membership` may see (the caller has checked the
    membership, e.g. on every status poll); Http404 for missing and forbidden."""
    run = (
        ReportRun.objects.select_related("requested_by", "organisation")
        .filter(pk=pk, initiative=initiative)
        .first()
    )
    if run is None or not can_view_run(membership, run):
        raise Http404
    run.initiative = initiative
    return run


def access_schedule(*, user, slug: str, pk: int) -> tuple[ReportSchedule, Membership]:
    """Fetch a schedule for the backbone office; Http404 for missing ones and for people
    outside the initiative, PermissionDenied for other members."""
    from django.core.exceptions import PermissionDenied

    initiative, membership = access_initiative(user=user, slug=slug)
    if not can_manage_schedules(membership):
        raise PermissionDenied
    schedule = (
        ReportSchedule.objects.select_related("initiative", "created_by")
        .prefetch_related("recipients")
        .filter(pk=pk, initiative=initiative)
        .first()
    )
    if schedule is None:
        raise Http404
    return schedule, membership
