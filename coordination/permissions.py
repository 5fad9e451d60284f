"""Who may do what with activities and output logs: predicates on the viewer's membership.

The rules (DOMAIN.md, "Who may do what"):
- coordinators, partner members and report viewers see every activity and output log of the
  initiative; participants see the agenda and news only, so nothing of this (403 on pages,
  nothing in the API); people outside the initiative get 404;
- a partner member registers, changes and deletes the activities of their OWN organisation,
  and logs, changes and deletes their outputs;
- the backbone office does not register activities or log outputs itself: activities belong to
  the partners who run them (DOMAIN.md gives coordinators the population indicators, not
  activities). It may correct or delete any activity or output log, e.g. a duplicate or a
  wrong date; each such change writes an audit row naming the coordinator, like every write;
- report viewers only read.

Predicates take the `Membership` of the acting user in the initiative concerned (or None) and
do not query. `access_*` helpers fetch and authorise at once, answering Http404 alike for
missing objects and objects of initiatives the user does not belong to.
"""

from django.http import Http404

from coordination.models import ActionItem, Activity, EarlyWarning, Meeting, OutputLog
from initiatives.models import Membership, Organisation, Role
from initiatives.permissions import membership_get

READERS = frozenset({Role.COORDINATOR, Role.PARTNER, Role.VIEWER})


def _role(membership: Membership | None) -> str | None:
    return membership.role if membership is not None else None


def _is_own(membership: Membership | None, organisation_id: int | None) -> bool:
    return (
        _role(membership) == Role.PARTNER
        and organisation_id is not None
        and membership.organisation_id == organisation_id
    )


def can_view_activities(membership: Membership | None) -> bool:
    """Activities, output logs, the alignment view and partners' contributions."""
    return _role(membership) in READERS


def can_create_activity(
    membership: Membership | None, organisation: Organisation | None = None
) -> bool:
    """Register an activity: partner members, for their own organisation only.

    Without `organisation`, whether the member may register activities at all.
    """
    if organisation is None:
        return _role(membership) == Role.PARTNER and membership.organisation_id is not None
    return _is_own(membership, organisation.pk)


def can_change_activity(membership: Membership | None, activity: Activity) -> bool:
    """Edit or delete an activity: its own organisation's members, or the backbone office
    correcting it."""
    return _role(membership) == Role.COORDINATOR or _is_own(membership, activity.organisation_id)


def can_log_output(membership: Membership | None, activity: Activity) -> bool:
    """Log what an activity reached: the members of the organisation that runs it."""
    return _is_own(membership, activity.organisation_id)


def can_change_output_log(membership: Membership | None, log: OutputLog) -> bool:
    """Correct or delete a logged output: the organisation's members or the backbone office."""
    return can_change_activity(membership, log.activity)


def access_activity(*, user, pk, initiative=None) -> tuple[Activity, Membership]:
    """Fetch an activity for a member of its initiative; Http404 for missing and forbidden.

    With `initiative`, an activity of another initiative counts as missing. Members who may
    not see activities (participants) get the activity back; the caller answers 403.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    activity = (
        Activity.objects.select_related("initiative", "organisation", "created_by")
        .filter(pk=pk)
        .first()
    )
    if activity is None or (initiative is not None and activity.initiative_id != initiative.pk):
        raise Http404
    membership = membership_get(user=user, initiative=activity.initiative)
    if membership is None:
        raise Http404
    return activity, membership


# --- Meetings, decisions and action items ---------------------------------------------------
#
# Coordinators and partner members schedule meetings, add agenda items, take notes, record
# decisions and create action items; report viewers read; participants see none of it (they
# take part in their focus groups only). The status of an action item is changed by the person
# responsible, a member of the organisation responsible, whoever created it, or the backbone
# office.

WRITERS = frozenset({Role.COORDINATOR, Role.PARTNER})


def can_view_meetings(membership: Membership | None) -> bool:
    """Meetings, their record, decisions and the action-items board."""
    return _role(membership) in READERS


def can_schedule_meeting(membership: Membership | None) -> bool:
    return _role(membership) in WRITERS


def can_change_meeting(membership: Membership | None, meeting: Meeting) -> bool:
    """Edit or cancel a meeting: the backbone office, or the member who scheduled it."""
    if _role(membership) == Role.COORDINATOR:
        return True
    return _role(membership) == Role.PARTNER and meeting.created_by_id == membership.user_id


def can_edit_record(membership: Membership | None, meeting: Meeting) -> bool:
    """Add agenda items, take notes and record decisions, unless the meeting was cancelled."""
    return _role(membership) in WRITERS and meeting.status != Meeting.Status.CANCELLED


def can_create_action_item(membership: Membership | None) -> bool:
    return _role(membership) in WRITERS


def can_change_action_item_status(membership: Membership | None, item: ActionItem) -> bool:
    """The person responsible, a member of the organisation responsible, the creator, or the
    backbone office."""
    role = _role(membership)
    if role == Role.COORDINATOR:
        return True
    if role not in WRITERS:
        return False
    return (
        item.assignee_id == membership.user_id
        or item.created_by_id == membership.user_id
        or _is_own(membership, item.organisation_id)
    )


# --- News and comments ----------------------------------------------------------------------
#
# Every member reads the news, participants included (DOMAIN.md: "agenda and news only"). The
# backbone office writes, edits and deletes posts. Coordinators, partner members and report
# viewers comment (DOMAIN.md gives report viewers "comment only" and participants comments in
# their focus groups only, so they read initiative news without commenting); each edits and
# deletes their own comments, and the backbone office may remove any comment.

COMMENTERS = frozenset({Role.COORDINATOR, Role.PARTNER, Role.VIEWER})


def can_view_news(membership: Membership | None) -> bool:
    return membership is not None


def can_manage_news(membership: Membership | None) -> bool:
    """Write, edit, pin and delete news posts: the backbone office."""
    return _role(membership) == Role.COORDINATOR


def can_comment_news(membership: Membership | None) -> bool:
    return _role(membership) in COMMENTERS


def can_mention(membership: Membership | None) -> bool:
    """Look up members to mention: whoever may write a post or a comment."""
    return can_manage_news(membership) or can_comment_news(membership)


def can_edit_comment(membership: Membership | None, comment) -> bool:
    """Edit a comment: its author, while they may still comment."""
    return can_comment_news(membership) and comment.author_id == membership.user_id


def can_delete_comment(membership: Membership | None, comment) -> bool:
    """Delete a comment: its author, or the backbone office."""
    return can_edit_comment(membership, comment) or can_manage_news(membership)


# --- Partnership pulse and early warnings ---------------------------------------------------
#
# The pulse asks the partnership about itself, so the backbone office and the partner members
# answer it and see its results (aggregates only, from three answers on, after the round has
# closed); report viewers and participants are not asked and see none of it. The backbone
# office opens and closes rounds.
#
# Early warnings: every member who reads the initiative's working pages (coordinators, partner
# members, report viewers) may note one and sees those meant for all members; a warning marked
# for the backbone office is seen only by coordinators and its author. Its status and follow-up
# notes are written by coordinators and by its author. Participants see the agenda and news
# only, so nothing of this.

PULSE_MEMBERS = frozenset({Role.COORDINATOR, Role.PARTNER})


def can_view_pulse(membership: Membership | None) -> bool:
    """The pulse page, its rounds and their aggregated results."""
    return _role(membership) in PULSE_MEMBERS


def can_answer_pulse(membership: Membership | None) -> bool:
    return _role(membership) in PULSE_MEMBERS


def can_manage_pulse(membership: Membership | None) -> bool:
    """Open and close rounds: the backbone office."""
    return _role(membership) == Role.COORDINATOR


def can_view_warnings(membership: Membership | None) -> bool:
    """The early-warning list (what each member sees of it: `can_view_warning`)."""
    return _role(membership) in READERS


def can_create_warning(membership: Membership | None) -> bool:
    return _role(membership) in READERS


def can_view_warning(membership: Membership | None, warning: EarlyWarning) -> bool:
    if not can_view_warnings(membership):
        return False
    if warning.visibility == EarlyWarning.Visibility.MEMBERS:
        return True
    return _role(membership) == Role.COORDINATOR or warning.author_id == membership.user_id


def can_follow_up_warning(membership: Membership | None, warning: EarlyWarning) -> bool:
    """Change the status and add follow-up notes: the backbone office and the author."""
    if not can_view_warning(membership, warning):
        return False
    return _role(membership) == Role.COORDINATOR or warning.author_id == membership.user_id


# --- The cockpit ----------------------------------------------------------------------------


def can_view_cockpit(membership: Membership | None) -> bool:
    """The backbone office's start page of what needs attention."""
    return _role(membership) == Role.COORDINATOR


# --- Meeting roles, speakers' list, changing the record (meetings without minutes) ---------
#
# Roles for one meeting are assigned by whoever may manage the meeting (the backbone office or
# its scheduler). Every member who reads meetings (coordinators, partner members, report
# viewers) may put themselves on the speakers' list: speaking up is taking part, not writing
# the record. Who holds the moderation for the meeting, and the backbone office, give the
# floor. Agenda items, decisions and action items are changed or deleted by who added them or
# the backbone office; agenda items also by whoever manages the meeting.


def _open(meeting: Meeting) -> bool:
    return meeting.status != Meeting.Status.CANCELLED


def can_assign_meeting_roles(membership: Membership | None, meeting: Meeting) -> bool:
    return _open(meeting) and can_change_meeting(membership, meeting)


def can_join_speakers(membership: Membership | None, meeting: Meeting) -> bool:
    return _open(meeting) and _role(membership) in READERS


def can_moderate(membership: Membership | None, meeting: Meeting, moderator_id: int | None) -> bool:
    """Give the floor: the moderator of this meeting, or the backbone office."""
    if not _open(meeting) or _role(membership) not in READERS:
        return False
    return _role(membership) == Role.COORDINATOR or (
        moderator_id is not None and moderator_id == membership.user_id
    )


def can_change_agenda_item(membership: Membership | None, item) -> bool:
    """Edit, move or delete an agenda item (`item.meeting` must be set)."""
    meeting = item.meeting
    if not can_edit_record(membership, meeting):
        return False
    return (
        _role(membership) == Role.COORDINATOR
        or item.created_by_id == membership.user_id
        or can_change_meeting(membership, meeting)
    )


def can_change_decision(membership: Membership | None, decision, meeting: Meeting) -> bool:
    """Edit or delete a decision: who recorded it, or the backbone office."""
    if not can_edit_record(membership, meeting):
        return False
    return _role(membership) == Role.COORDINATOR or decision.recorded_by_id == membership.user_id


def can_change_action_item(membership: Membership | None, item: ActionItem) -> bool:
    """Edit or delete an action item: who created it, or the backbone office."""
    role = _role(membership)
    if role == Role.COORDINATOR:
        return True
    return role == Role.PARTNER and item.created_by_id == membership.user_id
