"""Who may do what in an initiative: predicates on the viewer's membership.

Every interface asks these functions: HTML views, templates (through the navigation), the API's
permission classes and the services. A predicate takes the acting user's `Membership` in the
initiative concerned (or None for a non-member) and answers with a bool. `access_initiative`
fetches and authorises at once and answers "not found" alike for a missing initiative and one
the user does not belong to, so that existence itself stays private.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from initiatives.models import Initiative, Membership, Organisation, Role


def membership_get(*, user, initiative: Initiative) -> Membership | None:
    """The user's membership in `initiative`, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_membership_cache", {})
    if initiative.pk not in cache:
        cache[initiative.pk] = (
            Membership.objects.select_related("organisation")
            .filter(user=user, initiative=initiative)
            .first()
        )
        if cache[initiative.pk] is not None:
            cache[initiative.pk].initiative = initiative
    return cache[initiative.pk]


def access_initiative(*, user, slug: str) -> tuple[Initiative, Membership]:
    """Fetch an initiative by slug for a member; Http404 for missing and forbidden alike."""
    if user is None or not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("initiative", "organisation")
        .filter(user=user, initiative__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    user.__dict__.setdefault("_membership_cache", {})[membership.initiative_id] = membership
    return membership.initiative, membership


def access_initiative_page(request, slug: str, rule=None) -> tuple[Initiative, Membership]:
    """`access_initiative` for an HTML page: 404 for missing and forbidden alike, then 403
    unless `rule(membership)` allows the page. The initiative and the membership stay on the
    request for the navigation (also on the 403 page)."""
    initiative, membership = access_initiative(user=request.user, slug=slug)
    request.initiative, request.membership = initiative, membership
    if rule is not None and not rule(membership):
        raise PermissionDenied
    return initiative, membership


def _role(membership: Membership | None) -> str | None:
    return membership.role if membership is not None else None


def can_create_initiative(user) -> bool:
    """Any person with an account may found an initiative and becomes its backbone office."""
    return bool(user and user.is_authenticated and user.is_active)


def can_view_initiative(membership: Membership | None) -> bool:
    return membership is not None


def can_manage_initiative(membership: Membership | None) -> bool:
    """Edit the initiative, its organisations, members and invitations."""
    return _role(membership) == Role.COORDINATOR


def can_view_partner_directory(membership: Membership | None) -> bool:
    return membership is not None


def can_view_partner_details(membership: Membership | None) -> bool:
    """Participants see names and sectors only; everyone else also contributions and websites."""
    return _role(membership) in {Role.COORDINATOR, Role.PARTNER, Role.VIEWER}


def can_view_members(membership: Membership | None) -> bool:
    return _role(membership) in {Role.COORDINATOR, Role.PARTNER, Role.VIEWER}


def can_view_member_emails(membership: Membership | None) -> bool:
    return _role(membership) == Role.COORDINATOR


def can_act_for_organisation(membership: Membership | None, organisation: Organisation) -> bool:
    """Write data in the name of `organisation`: only its own partner members."""
    return (
        membership is not None
        and membership.role == Role.PARTNER
        and membership.organisation_id == organisation.pk
    )


# The common agenda


def can_view_agenda(membership: Membership | None) -> bool:
    """Every member, participants included, reads the agenda, its versions and the glossary."""
    return membership is not None


def can_edit_agenda(membership: Membership | None) -> bool:
    """Edit the draft, publish versions and keep the glossary: the backbone office."""
    return _role(membership) == Role.COORDINATOR


def can_endorse_agenda(
    membership: Membership | None, organisation: Organisation | None = None
) -> bool:
    """State whether an organisation carries the agenda: its own partner members only.

    Without `organisation`, whether the member may endorse for any organisation at all.
    """
    if organisation is None:
        return _role(membership) == Role.PARTNER and membership.organisation_id is not None
    return can_act_for_organisation(membership, organisation)


def can_view_endorsers(membership: Membership | None) -> bool:
    """Who stated an endorsement is a person's name: shown to those who see the members."""
    return can_view_members(membership)
