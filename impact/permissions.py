"""Who may do what with the shared measurement system: predicates on the viewer's membership.

The rules (DOMAIN.md, "Who may do what"):
- coordinators, partner members and report viewers see the framework and approved values;
  participants see the agenda and news only, so nothing of this app;
- coordinators manage the framework, the periods and the status rule, and review values;
- partner members enter values for their own organisation, for performance measures only;
  coordinators enter population indicators;
- drafts are visible to their own organisation, and to coordinators from "submitted" on
  (population values, which the backbone office enters itself, from the draft on).

Predicates take the `Membership` of the acting user in the initiative concerned (or None) and
do not query. `access_*` helpers fetch and authorise at once, answering Http404 alike for missing
and forbidden objects.
"""

from django.db.models import Q
from django.http import Http404

from impact.models import Indicator, Submission
from initiatives.models import Membership, Organisation, Role
from initiatives.permissions import membership_get

READERS = frozenset({Role.COORDINATOR, Role.PARTNER, Role.VIEWER})


def _role(membership: Membership | None) -> str | None:
    return membership.role if membership is not None else None


def can_view_framework(membership: Membership | None) -> bool:
    """Goals, objectives, indicators, targets and approved values."""
    return _role(membership) in READERS


def can_manage_framework(membership: Membership | None) -> bool:
    """Create, change, order and delete goals, objectives, indicators and breakdowns."""
    return _role(membership) == Role.COORDINATOR


def can_manage_periods(membership: Membership | None) -> bool:
    """Lock and unlock reporting periods, change the status rule and the reporting deadline."""
    return _role(membership) == Role.COORDINATOR


def can_review_submissions(membership: Membership | None) -> bool:
    """Approve or return submitted values."""
    return _role(membership) == Role.COORDINATOR


def can_enter_value(
    membership: Membership | None, indicator: Indicator, organisation: Organisation | None
) -> bool:
    """Enter, change, submit or correct the value of `organisation` for `indicator`.

    Population indicators: the backbone office, without an organisation. Performance measures:
    a partner member of that very organisation.
    """
    if indicator.scope == Indicator.Scope.POPULATION:
        return _role(membership) == Role.COORDINATOR and organisation is None
    return (
        _role(membership) == Role.PARTNER
        and organisation is not None
        and membership.organisation_id == organisation.pk
    )


def can_enter_any_value(membership: Membership | None) -> bool:
    """Whether the member enters values at all (shows the "my reporting" page)."""
    return _role(membership) in {Role.COORDINATOR, Role.PARTNER}


def _is_own(membership: Membership, submission: Submission) -> bool:
    return (
        membership.role == Role.PARTNER
        and submission.organisation_id is not None
        and submission.organisation_id == membership.organisation_id
    )


def can_view_submission(membership: Membership | None, submission: Submission) -> bool:
    """Approved values: every reader. Everything else: see the module docstring."""
    if _role(membership) not in READERS:
        return False
    if submission.status == Submission.Status.APPROVED:
        return True
    if _is_own(membership, submission):
        return True
    if membership.role == Role.COORDINATOR:
        return submission.status != Submission.Status.DRAFT or submission.organisation_id is None
    return False


def can_view_submission_history(membership: Membership | None, submission: Submission) -> bool:
    """Revisions, returns with reasons and reviews: the organisation itself and coordinators."""
    if _role(membership) == Role.COORDINATOR:
        return True
    return membership is not None and _is_own(membership, submission)


def submission_visibility(membership: Membership | None) -> Q:
    """`can_view_submission` as a filter on `Submission`, for selectors."""
    role = _role(membership)
    if role not in READERS:
        return Q(pk__in=[])
    visible = Q(status=Submission.Status.APPROVED)
    if role == Role.PARTNER:
        visible |= Q(organisation_id=membership.organisation_id)
    elif role == Role.COORDINATOR:
        visible |= ~Q(status=Submission.Status.DRAFT) | Q(organisation__isnull=True)
    return visible


def can_write_reflection(membership: Membership | None) -> bool:
    """Add reflection notes: those who work on the results, not those who only read reports."""
    return _role(membership) in {Role.COORDINATOR, Role.PARTNER}


def can_delete_reflection(membership: Membership | None, note) -> bool:
    """Delete a reflection note: its author (while still a writer) or a coordinator."""
    role = _role(membership)
    if role == Role.COORDINATOR:
        return True
    return (
        can_write_reflection(membership)
        and note.author_id is not None
        and note.author_id == membership.user_id
    )


def access_indicator(*, user, pk: int) -> tuple[Indicator, Membership]:
    """Fetch an indicator for a reader of its initiative; Http404 for missing and forbidden."""
    indicator = (
        Indicator.objects.select_related("objective__goal__initiative").filter(pk=pk).first()
    )
    if indicator is None:
        raise Http404
    membership = membership_get(user=user, initiative=indicator.objective.goal.initiative)
    if not can_view_framework(membership):
        raise Http404
    return indicator, membership


def access_submission(*, user, pk: int) -> tuple[Submission, Membership]:
    """Fetch a reported value the user may see; Http404 for missing and forbidden alike."""
    submission = (
        Submission.objects.select_related(
            "indicator__objective__goal__initiative", "period", "organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    membership = membership_get(
        user=user, initiative=submission.indicator.objective.goal.initiative
    )
    if not can_view_submission(membership, submission):
        raise Http404
    return submission, membership


def can_use_import(membership: Membership | None, submission_import) -> bool:
    """An import belongs to the organisation it was uploaded for (the backbone office's to
    the backbone office): only its members who enter values may apply or discard it."""
    if not can_enter_any_value(membership):
        return False
    if membership.role == Role.PARTNER:
        return submission_import.organisation_id == membership.organisation_id
    return submission_import.organisation_id is None
