"""Who may do what with focus groups: predicates on the viewer's initiative membership and on
whether they belong to the group.

Coordinators and partner members found and run groups; participants take part once a member has
added them; report viewers read. A dissolved group is an archive: nobody writes to it. Outside
the initiative nothing is visible (`access_focus_group` answers 404 alike for missing and
forbidden groups).
"""

from django.http import Http404

from initiatives.models import Membership, Role
from initiatives.permissions import access_initiative

RUNNERS = {Role.COORDINATOR, Role.PARTNER}
CONTRIBUTORS = {Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT}


def _role(membership: Membership | None) -> str | None:
    return membership.role if membership is not None else None


def can_view_focus_groups(membership: Membership | None) -> bool:
    """The list: every member of the initiative (participants see the groups they belong to)."""
    return membership is not None


def can_view_all_focus_groups(membership: Membership | None) -> bool:
    return _role(membership) in {Role.COORDINATOR, Role.PARTNER, Role.VIEWER}


def can_found_focus_group(membership: Membership | None) -> bool:
    return _role(membership) in RUNNERS


def can_view_focus_group(membership: Membership | None, *, is_member: bool) -> bool:
    return can_view_all_focus_groups(membership) or (
        _role(membership) == Role.PARTICIPANT and is_member
    )


def can_contribute(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Add barrier cards, give dots, cluster cards, agree to the problem: active members."""
    return group.is_active and is_member and _role(membership) in CONTRIBUTORS


def can_manage_focus_group(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Write the problem statement, change settings, add members, move to the next step: the
    backbone office, and partner members of the group."""
    if not group.is_active:
        return False
    role = _role(membership)
    return role == Role.COORDINATOR or (role == Role.PARTNER and is_member)


def can_add_members(membership: Membership | None, group, *, is_member: bool) -> bool:
    """A coordinator or a member of the group adds people, participants included."""
    return can_manage_focus_group(membership, group, is_member=is_member)


def can_dissolve_focus_group(membership: Membership | None, group, *, is_member: bool) -> bool:
    return can_manage_focus_group(membership, group, is_member=is_member)


def can_skip_stage_gate(membership: Membership | None, group) -> bool:
    """Move on although the step is not complete (with a note): the backbone office."""
    return group.is_active and _role(membership) == Role.COORDINATOR


def can_confirm_problem(membership: Membership | None, group) -> bool:
    """Confirm the problem statement for the whole group, e.g. after a meeting."""
    return group.is_active and _role(membership) == Role.COORDINATOR


def can_join(membership: Membership | None, group, *, is_member: bool) -> bool:
    return group.is_active and group.open_to_join and not is_member and _role(membership) in RUNNERS


def can_leave(membership: Membership | None, group, *, is_member: bool) -> bool:
    return group.is_active and is_member


def can_be_added(membership: Membership | None) -> bool:
    """Who can become a member: everyone but report viewers, who read only."""
    return _role(membership) in CONTRIBUTORS


def access_focus_group(*, user, slug: str, pk: int):
    """(initiative, membership, group, is_member) for a viewer who may see the group.

    Http404 for people outside the initiative and for a group that does not exist there; a
    participant asking for a group they do not belong to gets Http404 too, because the list they
    see does not contain it either.
    """
    from focusgroups.models import FocusGroup

    initiative, membership = access_initiative(user=user, slug=slug)
    group = FocusGroup.objects.filter(initiative=initiative, pk=pk).first()
    if group is None:
        raise Http404
    group.initiative = initiative
    is_member = group.members.filter(user=user).exists()
    if not can_view_focus_group(membership, is_member=is_member):
        raise Http404
    return initiative, membership, group, is_member


# Steps 4 and 5: prototypes, their success criteria and the participants' feedback


def can_work_on_prototypes(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Plan prototypes, define criteria, enter results, hand out feedback links, plan a second
    round: the backbone office, and the group's members (participants included, since the
    criteria are meant to come from the target group's point of view)."""
    if not group.is_active:
        return False
    role = _role(membership)
    return role == Role.COORDINATOR or (is_member and role in CONTRIBUTORS)


def access_prototype(*, user, slug: str, pk: int, prototype_pk: int):
    """(initiative, membership, group, is_member, prototype) for a viewer who may see the group;
    Http404 for a prototype of another group, like for a group the viewer may not see."""
    from focusgroups.models import Prototype

    initiative, membership, group, is_member = access_focus_group(user=user, slug=slug, pk=pk)
    prototype = (
        Prototype.objects.filter(group=group, pk=prototype_pk)
        .select_related("concept", "previous", "created_by")
        .first()
    )
    if prototype is None:
        raise Http404
    prototype.group = group
    return initiative, membership, group, is_member, prototype


# --- Step 5: the guide (Leitfaden), the group's outcome and its links to the agenda -------


def can_edit_guide(membership: Membership | None, group, guide, *, is_member: bool) -> bool:
    """Write the sections and fill them from the group's content: the group's members and the
    backbone office, while the group is active and the guide is a draft."""
    if not group.is_active or (guide is not None and guide.is_final):
        return False
    role = _role(membership)
    return role == Role.COORDINATOR or (is_member and role in CONTRIBUTORS)


def can_finalise_guide(membership: Membership | None, group, guide, *, is_member: bool) -> bool:
    """Declare the draft final (it is locked then): whoever runs the group."""
    return (
        guide is not None
        and not guide.is_final
        and can_manage_focus_group(membership, group, is_member=is_member)
    )


def can_reopen_guide(membership: Membership | None, group, guide) -> bool:
    """Open a final guide for changes again: the backbone office, while the group is active."""
    return (
        guide is not None
        and guide.is_final
        and group.is_active
        and _role(membership) == Role.COORDINATOR
    )


def can_record_outcome(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Record that the practice was made permanent or scaled: whoever runs the group."""
    return can_manage_focus_group(membership, group, is_member=is_member)


def can_link_objectives(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Name the objectives and indicators the group's problem relates to."""
    return can_manage_focus_group(membership, group, is_member=is_member)


def can_request_guide_pdf(membership: Membership | None) -> bool:
    """Ask for the guide as a PDF: whoever generates reports (DOMAIN.md: coordinators,
    partner members and report viewers; `reports.permissions` holds the same rule)."""
    return _role(membership) in {Role.COORDINATOR, Role.PARTNER, Role.VIEWER}


# Step 3: concepts, tasks, sprints, retrospectives and sessions.


def can_work_on_concepts(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Write concepts, tasks, sprints and retrospective notes: the group's active members,
    participants included (the method is hierarchy-free); readers of the group only read."""
    return can_contribute(membership, group, is_member=is_member)


def can_schedule_session(membership: Membership | None, group, *, is_member: bool) -> bool:
    """Plan a session of the group as a meeting: those who run the group (meetings are
    scheduled by coordinators and partner members only)."""
    return can_manage_focus_group(membership, group, is_member=is_member)
