"""Writes of the focus groups: atomic, checking their rules, each writing an audit row.

Every change on the barrier board counts up the group's `board_version`, which open boards poll
to know when to refresh. A dissolved group accepts nothing: every service checks `is_active`
through the permission predicates before it writes.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDeniedError
from focusgroups import permissions
from focusgroups.models import (
    BarrierCard,
    BarrierCluster,
    BarrierVote,
    FeedbackLink,
    FeedbackResponse,
    FocusGroup,
    FocusGroupMember,
    FocusGroupSession,
    ProblemAgreement,
    ProblemStatement,
    Prototype,
    RetroItem,
    SolutionConcept,
    Sprint,
    Stage,
    SuccessCriterion,
    Task,
)
from focusgroups.stages import stage_summary
from initiatives.models import Initiative, Membership
from initiatives.permissions import membership_get


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("You are not allowed to do this."))


def _require_active(group: FocusGroup) -> None:
    if not group.is_active:
        raise ApplicationError(
            _("This focus group has been dissolved; its archive can no longer be changed."),
            code="group_dissolved",
        )


def _context(acting_user, group: FocusGroup) -> tuple[Membership | None, bool]:
    membership = membership_get(user=acting_user, initiative=group.initiative)
    is_member = group.members.filter(user=acting_user).exists()
    return membership, is_member


def _bump(group: FocusGroup) -> None:
    FocusGroup.objects.filter(pk=group.pk).update(board_version=F("board_version") + 1)


def _clean_tags(tags) -> list[str]:
    cleaned = []
    for tag in tags or []:
        tag = str(tag).strip()[:60]
        if tag and tag.lower() not in {t.lower() for t in cleaned}:
            cleaned.append(tag)
    return cleaned


def _check_name_free(initiative, name: str, exclude_pk=None) -> None:
    qs = FocusGroup.objects.filter(initiative=initiative, name__iexact=name.strip())
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(
            {"name": _("A focus group with this name already exists in this initiative.")}
        )


def _addable_membership(initiative, user) -> Membership:
    membership = Membership.objects.filter(initiative=initiative, user=user).first()
    if not permissions.can_be_added(membership):
        raise ValidationError(
            {"members": _("Only coordinators, partner members and participants can join.")}
        )
    return membership


@transaction.atomic
def focus_group_create(
    *,
    acting_user,
    initiative: Initiative,
    name: str,
    target_group: str,
    desired_change: str,
    members=(),
    open_to_join: bool = True,
    hide_authorship: bool = False,
    dots_per_person: int = 5,
    card_tags=None,
) -> FocusGroup:
    """Found a group; the founder and the chosen `members` (users of the initiative) join it."""
    membership = membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_found_focus_group(membership))
    _check_name_free(initiative, name)
    if not 1 <= int(dots_per_person) <= 20:
        raise ValidationError({"dots_per_person": _("Please choose between 1 and 20 dots.")})
    group = FocusGroup.objects.create(
        initiative=initiative,
        name=name.strip(),
        target_group=target_group,
        desired_change=desired_change,
        open_to_join=open_to_join,
        hide_authorship=hide_authorship,
        dots_per_person=dots_per_person,
        card_tags=_clean_tags(card_tags),
        founded_by=acting_user,
    )
    people = {acting_user.pk: acting_user}
    for user in members:
        people.setdefault(user.pk, user)
    for user in people.values():
        _addable_membership(initiative, user)
        FocusGroupMember.objects.create(group=group, user=user, added_by=acting_user)
    audit_record(
        actor=acting_user,
        verb="focus_group.created",
        initiative=initiative,
        target=group,
        members=sorted(people),
    )
    return group


@transaction.atomic
def focus_group_update(*, acting_user, group: FocusGroup, **fields) -> FocusGroup:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_manage_focus_group(membership, group, is_member=is_member))
    allowed = {
        "name",
        "target_group",
        "desired_change",
        "open_to_join",
        "hide_authorship",
        "dots_per_person",
        "card_tags",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if "name" in fields:
        _check_name_free(group.initiative, fields["name"], exclude_pk=group.pk)
        fields["name"] = fields["name"].strip()
    if "dots_per_person" in fields and not 1 <= int(fields["dots_per_person"]) <= 20:
        raise ValidationError({"dots_per_person": _("Please choose between 1 and 20 dots.")})
    if "card_tags" in fields:
        fields["card_tags"] = _clean_tags(fields["card_tags"])
    for key, value in fields.items():
        setattr(group, key, value)
    group.save()
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="focus_group.updated",
        initiative=group.initiative_id,
        target=group,
        fields=sorted(fields),
    )
    return group


@transaction.atomic
def focus_group_dissolve(
    *, acting_user, group: FocusGroup, reason: str, handover_note: str = ""
) -> FocusGroup:
    """Dissolve the group: it stays readable as an archive and accepts no new content."""
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_dissolve_focus_group(membership, group, is_member=is_member))
    if not reason.strip():
        raise ValidationError({"reason": _("Please say why the group dissolves.")})
    group.status = FocusGroup.Status.DISSOLVED
    group.dissolved_at = timezone.now()
    group.dissolved_by = acting_user
    group.dissolved_reason = reason.strip()
    group.handover_note = handover_note.strip()
    group.save()
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="focus_group.dissolved",
        initiative=group.initiative_id,
        target=group,
    )
    return group


@transaction.atomic
def focus_group_member_add(*, acting_user, group: FocusGroup, user) -> FocusGroupMember:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_add_members(membership, group, is_member=is_member))
    _addable_membership(group.initiative, user)
    if group.members.filter(user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the group.")})
    member = FocusGroupMember.objects.create(group=group, user=user, added_by=acting_user)
    audit_record(
        actor=acting_user,
        verb="focus_group.member_added",
        initiative=group.initiative_id,
        target=group,
        user=user.pk,
    )
    return member


@transaction.atomic
def focus_group_join(*, acting_user, group: FocusGroup) -> FocusGroupMember:
    """Join on one's own: only where the group is open to joining (not for participants)."""
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    if is_member:
        raise ApplicationError(_("You are already a member of this group."))
    if not group.open_to_join:
        raise PermissionDeniedError(
            _("This group is not open to joining. Ask one of its members to add you.")
        )
    _require(permissions.can_join(membership, group, is_member=is_member))
    member = FocusGroupMember.objects.create(group=group, user=acting_user, added_by=acting_user)
    audit_record(
        actor=acting_user, verb="focus_group.joined", initiative=group.initiative_id, target=group
    )
    return member


@transaction.atomic
def focus_group_leave(*, acting_user, group: FocusGroup) -> None:
    """Leave the group. Cards and dots stay: they belong to the group's work."""
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_leave(membership, group, is_member=is_member))
    group.members.filter(user=acting_user).delete()
    audit_record(
        actor=acting_user, verb="focus_group.left", initiative=group.initiative_id, target=group
    )


# Step 1: the problem statement


def _update_agreement(statement: ProblemStatement) -> None:
    """Record the moment the statement became agreed (or withdraw it) by the majority rule."""
    member_ids = set(statement.group.members.values_list("user_id", flat=True))
    agreed = statement.agreements.filter(user_id__in=member_ids).count()
    majority = bool(member_ids) and agreed * 2 > len(member_ids)
    if (majority or statement.confirmed_by_id) and statement.agreed_at is None:
        statement.agreed_at = timezone.now()
        statement.save(update_fields=["agreed_at", "updated_at"])
    elif not (majority or statement.confirmed_by_id) and statement.agreed_at is not None:
        statement.agreed_at = None
        statement.save(update_fields=["agreed_at", "updated_at"])


@transaction.atomic
def problem_statement_save(
    *, acting_user, group: FocusGroup, affected: str, hindrance: str, change: str
) -> ProblemStatement:
    """Write or change the problem statement. A changed text needs the group's agreement again."""
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_manage_focus_group(membership, group, is_member=is_member))
    statement = ProblemStatement.objects.filter(group=group).first()
    text = {"affected": affected.strip(), "hindrance": hindrance.strip(), "change": change.strip()}
    if statement is None:
        statement = ProblemStatement.objects.create(group=group, updated_by=acting_user, **text)
    else:
        changed = any(getattr(statement, k) != v for k, v in text.items())
        for key, value in text.items():
            setattr(statement, key, value)
        statement.updated_by = acting_user
        if changed:
            statement.agreed_at = None
            statement.confirmed_by = None
            statement.agreements.all().delete()
        statement.save()
    audit_record(
        actor=acting_user,
        verb="focus_group.problem_saved",
        initiative=group.initiative_id,
        target=group,
    )
    return statement


@transaction.atomic
def problem_statement_agree(*, acting_user, group: FocusGroup) -> ProblemStatement:
    """A member says "I agree" to the current text; a second click changes nothing."""
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    statement = ProblemStatement.objects.filter(group=group).first()
    if statement is None:
        raise ApplicationError(_("There is no problem statement to agree to yet."))
    statement.group = group
    ProblemAgreement.objects.get_or_create(statement=statement, user=acting_user)
    _update_agreement(statement)
    audit_record(
        actor=acting_user,
        verb="focus_group.problem_agreed",
        initiative=group.initiative_id,
        target=group,
    )
    return statement


@transaction.atomic
def problem_statement_withdraw(*, acting_user, group: FocusGroup) -> ProblemStatement:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    statement = ProblemStatement.objects.filter(group=group).first()
    if statement is None:
        raise ApplicationError(_("There is no problem statement to agree to yet."))
    statement.group = group
    statement.agreements.filter(user=acting_user).delete()
    _update_agreement(statement)
    audit_record(
        actor=acting_user,
        verb="focus_group.problem_withdrawn",
        initiative=group.initiative_id,
        target=group,
    )
    return statement


@transaction.atomic
def problem_statement_confirm(*, acting_user, group: FocusGroup) -> ProblemStatement:
    """A coordinator confirms the statement for the group (e.g. agreed in a meeting)."""
    membership = membership_get(user=acting_user, initiative=group.initiative)
    _require_active(group)
    _require(permissions.can_confirm_problem(membership, group))
    statement = ProblemStatement.objects.filter(group=group).first()
    if statement is None:
        raise ApplicationError(_("There is no problem statement to agree to yet."))
    statement.confirmed_by = acting_user
    statement.agreed_at = statement.agreed_at or timezone.now()
    statement.save()
    audit_record(
        actor=acting_user,
        verb="focus_group.problem_confirmed",
        initiative=group.initiative_id,
        target=group,
    )
    return statement


# The pipeline


@transaction.atomic
def focus_group_stage_advance(
    *, acting_user, group: FocusGroup, note: str = "", from_stage: int | None = None
) -> FocusGroup:
    """Move the group to the next step.

    With the current step complete, anyone who runs the group may move on; with something still
    missing only a coordinator may, and must write down why (`note`). `from_stage` is the step
    the caller saw: when the group is no longer there (a second click on the same button, an old
    tab) an ApplicationError refuses instead of moving on once more. The group's row is locked
    and `group` refreshed from it, so two requests at once cannot both move it.
    """
    from focusgroups.selectors import group_facts

    membership, is_member = _context(acting_user, group)
    group.refresh_from_db(from_queryset=FocusGroup.objects.select_for_update())
    _require_active(group)
    _require(permissions.can_manage_focus_group(membership, group, is_member=is_member))
    if from_stage is not None and group.stage != from_stage:
        raise ApplicationError(
            _("The group is already at step %(number)s.") % {"number": group.stage},
            code="stage_moved",
        )
    if group.stage >= Stage.HAND_ON:
        raise ApplicationError(_("The group is already at the last step."))
    steps = stage_summary(current_stage=group.stage, facts=group_facts(group=group))
    current = steps[group.stage - 1]
    if not current.ready:
        if not permissions.can_skip_stage_gate(membership, group):
            raise PermissionDeniedError(
                _(
                    "Something is still missing for the next step; the backbone office can "
                    "move on anyway."
                )
            )
        if not note.strip():
            raise ValidationError(
                {"note": _("Please note why the group moves on although something is missing.")}
            )
    group.stage += 1
    group.stage_note = note.strip()
    group.save(update_fields=["stage", "stage_note", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="focus_group.stage_advanced",
        initiative=group.initiative_id,
        target=group,
        stage=group.stage,
        gate_skipped=not current.ready,
    )
    return group


# Step 2: the barrier board


@transaction.atomic
def barrier_card_create(
    *, acting_user, group: FocusGroup, text: str, perspective: str, cluster=None
) -> BarrierCard:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please describe the barrier.")})
    if len(text) > 500:
        raise ValidationError({"text": _("Please keep a card to 500 characters.")})
    perspective = (perspective or "").strip()
    if perspective not in group.tags:
        raise ValidationError({"perspective": _("Please choose one of the group's perspectives.")})
    if cluster is not None and cluster.group_id != group.pk:
        raise ValidationError({"cluster": _("This cluster belongs to another group.")})
    card = BarrierCard.objects.create(
        group=group,
        text=text,
        perspective=perspective,
        cluster=cluster,
        author=acting_user,
        author_hidden=group.hide_authorship,
    )
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="barrier_card.created",
        initiative=group.initiative_id,
        target=group,
        card=card.pk,
    )
    return card


@transaction.atomic
def barrier_card_move(
    *, acting_user, card: BarrierCard, cluster: BarrierCluster | None
) -> BarrierCard:
    """Put a card into a cluster, or take it out again (`cluster=None`)."""
    group = card.group
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    if cluster is not None and cluster.group_id != group.pk:
        raise ValidationError({"cluster": _("This cluster belongs to another group.")})
    card.cluster = cluster
    card.save(update_fields=["cluster", "updated_at"])
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="barrier_card.moved",
        initiative=group.initiative_id,
        target=group,
        card=card.pk,
        cluster=cluster.pk if cluster else None,
    )
    return card


@transaction.atomic
def barrier_cluster_create(*, acting_user, group: FocusGroup, name: str) -> BarrierCluster:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the cluster a name.")})
    if group.clusters.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A cluster with this name already exists.")})
    cluster = BarrierCluster.objects.create(group=group, name=name)
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="barrier_cluster.created",
        initiative=group.initiative_id,
        target=group,
        cluster=cluster.pk,
    )
    return cluster


@transaction.atomic
def barrier_cluster_rename(*, acting_user, cluster: BarrierCluster, name: str) -> BarrierCluster:
    group = cluster.group
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the cluster a name.")})
    if group.clusters.filter(name__iexact=name).exclude(pk=cluster.pk).exists():
        raise ValidationError({"name": _("A cluster with this name already exists.")})
    cluster.name = name
    cluster.save(update_fields=["name", "updated_at"])
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="barrier_cluster.renamed",
        initiative=group.initiative_id,
        target=group,
        cluster=cluster.pk,
    )
    return cluster


@transaction.atomic
def barrier_vote_add(*, acting_user, card: BarrierCard) -> BarrierVote:
    """Give one dot to `card`; several on one card are allowed, up to the group's limit.

    The group row is locked, so two quick clicks cannot both take the last dot.
    """
    group = FocusGroup.objects.select_for_update().get(pk=card.group_id)
    group.initiative = card.group.initiative
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    used = BarrierVote.objects.filter(card__group=group, user=acting_user).count()
    if used >= group.dots_per_person:
        raise ApplicationError(
            _(
                "You have already given all your %(limit)s dots. Take a dot back from another "
                "card first."
            )
            % {"limit": group.dots_per_person},
            code="dot_limit",
        )
    vote = BarrierVote.objects.create(card=card, user=acting_user)
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="barrier_vote.added",
        initiative=group.initiative_id,
        target=group,
        card=card.pk,
    )
    return vote


@transaction.atomic
def barrier_vote_remove(*, acting_user, card: BarrierCard) -> None:
    """Take back one of one's own dots from `card`."""
    group = card.group
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_contribute(membership, group, is_member=is_member))
    vote = BarrierVote.objects.filter(card=card, user=acting_user).order_by("-pk").first()
    if vote is None:
        raise ApplicationError(_("You have no dot on this card."), code="no_dot")
    vote.delete()
    _bump(group)
    audit_record(
        actor=acting_user,
        verb="barrier_vote.removed",
        initiative=group.initiative_id,
        target=group,
        card=card.pk,
    )


# Steps 4 and 5: prototypes, success criteria, feedback, the second iteration

FEEDBACK_TEXT_LIMIT = 2000


def _require_prototype_work(acting_user, group: FocusGroup) -> None:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_work_on_prototypes(membership, group, is_member=is_member))


def _require_planned(prototype: Prototype) -> None:
    if prototype.status != Prototype.Status.PLANNED:
        raise ApplicationError(
            _(
                "Success criteria are fixed before the test, so that the result cannot bend "
                "them. Set the prototype back to “planned” to change them."
            ),
            code="criteria_fixed",
        )


def _clean_prototype_title(title: str) -> str:
    return _clean_title(title, "title", _("Please give the prototype a title."))


@transaction.atomic
def prototype_create(
    *,
    acting_user,
    group: FocusGroup,
    concept: SolutionConcept,
    title: str,
    plan: str = "",
    test_date=None,
    place: str = "",
) -> Prototype:
    """Plan a prototype of one of the group's concepts; it starts as "planned"."""
    _require_prototype_work(acting_user, group)
    if concept.group_id != group.pk:
        raise ValidationError({"concept": _("Please choose one of this group's concepts.")})
    prototype = Prototype.objects.create(
        group=group,
        concept=concept,
        title=_clean_prototype_title(title),
        plan=plan.strip(),
        test_date=test_date,
        place=place.strip(),
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        verb="prototype.created",
        initiative=group.initiative_id,
        target=prototype,
        group=group.pk,
    )
    return prototype


PROTOTYPE_FIELDS = {
    "concept",
    "title",
    "plan",
    "test_date",
    "place",
    "results_summary",
    "changes_from_previous",
}


@transaction.atomic
def prototype_update(*, acting_user, prototype: Prototype, **fields) -> Prototype:
    """Change the plan, date, place, or after the test what the group learned."""
    group = prototype.group
    _require_prototype_work(acting_user, group)
    unknown = set(fields) - PROTOTYPE_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if "title" in fields:
        fields["title"] = _clean_prototype_title(fields["title"])
    if "concept" in fields and fields["concept"].group_id != group.pk:
        raise ValidationError({"concept": _("Please choose one of this group's concepts.")})
    for key, value in fields.items():
        setattr(prototype, key, value.strip() if isinstance(value, str) else value)
    prototype.save()
    audit_record(
        actor=acting_user,
        verb="prototype.updated",
        initiative=group.initiative_id,
        target=prototype,
        fields=sorted(fields),
    )
    return prototype


# Which status may follow which: forward through the test, one step back to correct a mistake.
PROTOTYPE_TRANSITIONS = {
    Prototype.Status.PLANNED: {Prototype.Status.TESTED},
    Prototype.Status.TESTED: {Prototype.Status.PLANNED, Prototype.Status.EVALUATED},
    Prototype.Status.EVALUATED: {Prototype.Status.TESTED},
}


@transaction.atomic
def prototype_status_set(*, acting_user, prototype: Prototype, status: str) -> Prototype:
    """Move a prototype planned → tested → evaluated (or one step back).

    "Tested" needs at least one success criterion and a test date that has come; "evaluated"
    needs a result for every criterion. Going back from "tested" to "planned" is refused once
    results are entered (criteria could be bent to fit them).
    """
    group = prototype.group
    _require_prototype_work(acting_user, group)
    if status not in PROTOTYPE_TRANSITIONS.get(prototype.status, set()):
        raise ApplicationError(
            _("A prototype cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": Prototype.Status(prototype.status).label,
                "new": Prototype.Status(status).label if status in Prototype.Status else status,
            },
            code="status_transition",
        )
    criteria = prototype.criteria.all()
    if status == Prototype.Status.TESTED and prototype.status == Prototype.Status.PLANNED:
        if not criteria.exists():
            raise ApplicationError(
                _("Please define at least one success criterion before the test."),
                code="no_criteria",
            )
        if prototype.test_date and prototype.test_date > timezone.localdate():
            raise ApplicationError(
                _("The test date is still to come. Change the date if the test took place."),
                code="test_in_future",
            )
    if status == Prototype.Status.EVALUATED:
        open_count = criteria.filter(actual_value__isnull=True).count()
        if open_count:
            raise ApplicationError(
                _("Please enter a result for every criterion first (%(count)s still open).")
                % {"count": open_count},
                code="results_missing",
            )
    if status == Prototype.Status.PLANNED and criteria.filter(actual_value__isnull=False).exists():
        raise ApplicationError(
            _("Results have been entered already; the prototype stays tested."),
            code="results_entered",
        )
    old = prototype.status
    prototype.status = status
    prototype.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="prototype.status_changed",
        initiative=group.initiative_id,
        target=prototype,
        old=old,
        new=status,
    )
    return prototype


def _criterion_values(description: str, direction: str, target_value) -> dict:
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = _("Please say what is measured.")
    if direction not in SuccessCriterion.Direction.values:
        errors["direction"] = _("Please choose “at least” or “at most”.")
    if target_value is None:
        errors["target_value"] = _("Please say how much counts as success.")
    elif target_value < 0:
        errors["target_value"] = _("Please enter a number of 0 or more.")
    if errors:
        raise ValidationError(errors)
    return {"description": description, "direction": direction, "target_value": target_value}


def _check_indicator(group: FocusGroup, indicator) -> None:
    """A criterion may only name an indicator of the group's own initiative."""
    if indicator is None:
        return
    from impact.models import Indicator

    if not Indicator.objects.filter(
        pk=indicator.pk, objective__goal__initiative_id=group.initiative_id
    ).exists():
        raise ValidationError({"indicator": _("Choose an indicator of this initiative.")})


# A keyword's default meaning "leave this as it is" where None is a value (no indicator).
KEEP = object()


@transaction.atomic
def success_criterion_add(
    *,
    acting_user,
    prototype: Prototype,
    description: str,
    direction: str,
    target_value,
    unit: str = "",
    indicator=None,
) -> SuccessCriterion:
    """Add a measurable criterion: what, at least or at most, how much, in which unit, and
    optionally the indicator of the common agenda its result contributes to."""
    group = prototype.group
    _require_prototype_work(acting_user, group)
    _require_planned(prototype)
    _check_indicator(group, indicator)
    criterion = SuccessCriterion.objects.create(
        prototype=prototype,
        unit=(unit or "").strip(),
        indicator=indicator,
        **_criterion_values(description, direction, target_value),
    )
    audit_record(
        actor=acting_user,
        verb="success_criterion.added",
        initiative=group.initiative_id,
        target=prototype,
        criterion=criterion.pk,
    )
    return criterion


@transaction.atomic
def success_criterion_update(
    *,
    acting_user,
    criterion: SuccessCriterion,
    description: str,
    direction: str,
    target_value,
    unit: str = "",
    indicator=KEEP,
) -> SuccessCriterion:
    """Change a criterion; leaving `indicator` out keeps the indicator it names (a participant's
    form, which does not show the results framework, has no such field)."""
    prototype = criterion.prototype
    group = prototype.group
    _require_prototype_work(acting_user, group)
    _require_planned(prototype)
    if indicator is not KEEP:
        _check_indicator(group, indicator)
        criterion.indicator = indicator
    for key, value in _criterion_values(description, direction, target_value).items():
        setattr(criterion, key, value)
    criterion.unit = (unit or "").strip()
    criterion.save()
    audit_record(
        actor=acting_user,
        verb="success_criterion.updated",
        initiative=group.initiative_id,
        target=prototype,
        criterion=criterion.pk,
    )
    return criterion


@transaction.atomic
def success_criterion_delete(*, acting_user, criterion: SuccessCriterion) -> None:
    prototype = criterion.prototype
    group = prototype.group
    _require_prototype_work(acting_user, group)
    _require_planned(prototype)
    pk = criterion.pk
    criterion.delete()
    audit_record(
        actor=acting_user,
        verb="success_criterion.deleted",
        initiative=group.initiative_id,
        target=prototype,
        criterion=pk,
    )


@transaction.atomic
def prototype_results_save(
    *, acting_user, prototype: Prototype, results: dict, results_summary: str | None = None
) -> Prototype:
    """Enter what the test reached: `results` maps criterion id → (value or None, note).

    Only a tested prototype takes results (an evaluated one is closed; set it back to "tested"
    to correct a value). Criteria not named in `results` stay as they are.
    """
    group = prototype.group
    _require_prototype_work(acting_user, group)
    if prototype.status != Prototype.Status.TESTED:
        raise ApplicationError(
            _("Results are entered after the test: set the prototype to “tested” first."),
            code="not_tested",
        )
    criteria = {c.pk: c for c in prototype.criteria.all()}
    unknown = set(results) - set(criteria)
    if unknown:
        raise ValidationError(_("Some criteria do not belong to this prototype."))
    for pk, (value, note) in results.items():
        if value is not None and value < 0:
            raise ValidationError(
                {f"value_{pk}": _("Please enter a number of 0 or more.")}, code="negative"
            )
        criterion = criteria[pk]
        criterion.actual_value = value
        criterion.result_note = (note or "").strip()
        criterion.save(update_fields=["actual_value", "result_note", "updated_at"])
    if results_summary is not None:
        prototype.results_summary = results_summary.strip()
        prototype.save(update_fields=["results_summary", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="prototype.results_saved",
        initiative=group.initiative_id,
        target=prototype,
        criteria=sorted(results),
    )
    return prototype


@transaction.atomic
def prototype_iterate(
    *,
    acting_user,
    prototype: Prototype,
    changes_from_previous: str,
    title: str = "",
    plan: str = "",
    test_date=None,
    place: str = "",
) -> Prototype:
    """Step 5: plan a second, improved round of a tested prototype.

    The new prototype tests the same concept, points back to `prototype` and starts with copies
    of its success criteria (without results), so both rounds are measured alike. What changed
    because of the feedback is required. A prototype is improved on once; the next round
    improves on the second.
    """
    group = prototype.group
    _require_prototype_work(acting_user, group)
    if prototype.status == Prototype.Status.PLANNED:
        raise ApplicationError(
            _("A second round follows a test: this prototype has not been tested yet."),
            code="not_tested",
        )
    if prototype.next_iterations.exists():
        raise ApplicationError(
            _("A next round of this prototype is planned already."), code="already_iterated"
        )
    changes = (changes_from_previous or "").strip()
    if not changes:
        raise ValidationError(
            {"changes_from_previous": _("Please say what changes because of the feedback.")}
        )
    title = (title or "").strip() or _("%(title)s (round 2)") % {"title": prototype.title}
    new = Prototype.objects.create(
        group=group,
        concept_id=prototype.concept_id,
        title=title[:200],
        plan=(plan or "").strip() or prototype.plan,
        test_date=test_date,
        place=(place or "").strip() or prototype.place,
        previous=prototype,
        changes_from_previous=changes,
        created_by=acting_user,
    )
    SuccessCriterion.objects.bulk_create(
        SuccessCriterion(
            prototype=new,
            description=c.description,
            direction=c.direction,
            target_value=c.target_value,
            unit=c.unit,
            indicator_id=c.indicator_id,
        )
        for c in prototype.criteria.all()
    )
    audit_record(
        actor=acting_user,
        verb="prototype.iterated",
        initiative=group.initiative_id,
        target=new,
        previous=prototype.pk,
    )
    return new


@transaction.atomic
def feedback_link_create(
    *, acting_user, prototype: Prototype, label: str = "", one_per_device: bool = True
) -> FeedbackLink:
    """A new public link for participants' feedback, with a fresh random token."""
    group = prototype.group
    _require_prototype_work(acting_user, group)
    link = FeedbackLink.objects.create(
        prototype=prototype,
        label=(label or "").strip()[:120],
        one_per_device=one_per_device,
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        verb="feedback_link.created",
        initiative=group.initiative_id,
        target=prototype,
        link=link.pk,
    )
    return link


@transaction.atomic
def feedback_link_close(*, acting_user, link: FeedbackLink) -> FeedbackLink:
    """Close a link: it answers with a friendly "closed" page and takes no more answers."""
    group = link.prototype.group
    _require_prototype_work(acting_user, group)
    if link.closed_at is None:
        link.closed_at = timezone.now()
        link.save(update_fields=["closed_at", "updated_at"])
        audit_record(
            actor=acting_user,
            verb="feedback_link.closed",
            initiative=group.initiative_id,
            target=link.prototype,
            link=link.pk,
        )
    return link


def feedback_link_get(*, token: str) -> FeedbackLink | None:
    """The link behind a public token, with its prototype and group (None if unknown)."""
    return (
        FeedbackLink.objects.filter(token=token)
        .select_related("prototype__group__initiative")
        .first()
    )


def _feedback_already_received() -> ApplicationError:
    return ApplicationError(
        _("This answer has already been received. Thank you!"), code="already_received"
    )


def feedback_link_usable(link: FeedbackLink) -> bool:
    return link.is_open and link.prototype.group.is_active


@transaction.atomic
def feedback_submit(
    *,
    link: FeedbackLink,
    rating,
    went_well: str = "",
    to_change: str = "",
    consent: bool,
    form_nonce: str | None = None,
) -> FeedbackResponse:
    """Store one participant's answer; no account, no personal data.

    `form_nonce` is the random mark of the form as it was shown: an answer with a mark already
    stored is the same form sent again (a double tap) and raises ApplicationError (code
    "already_received") without storing anything; a unique constraint holds this across
    processes. Raises ApplicationError (code "link_closed") when the link is closed or the
    group is dissolved, ValidationError without consent or with a rating outside 1 to 5. Spam
    checks (honeypot, fill time, rate limit, one per device) belong to the page that receives
    the answer.
    """
    if not feedback_link_usable(link):
        raise ApplicationError(
            _("This feedback link is closed. Thank you for your interest."), code="link_closed"
        )
    errors = {}
    if not consent:
        errors["consent"] = _("Please agree to how your answer is stored, or leave the page.")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = _("Please choose a value from 1 to 5.")
    went_well, to_change = (went_well or "").strip(), (to_change or "").strip()
    for name, text in (("went_well", went_well), ("to_change", to_change)):
        if len(text) > FEEDBACK_TEXT_LIMIT:
            errors[name] = _("Please keep it to %(limit)s characters.") % {
                "limit": FEEDBACK_TEXT_LIMIT
            }
    if errors:
        raise ValidationError(errors)
    form_nonce = form_nonce or None
    if form_nonce and FeedbackResponse.objects.filter(form_nonce=form_nonce).exists():
        raise _feedback_already_received()
    try:
        with transaction.atomic():
            response = FeedbackResponse.objects.create(
                link=link,
                prototype=link.prototype,
                rating=rating,
                went_well=went_well,
                to_change=to_change,
                consent_at=timezone.now(),
                form_nonce=form_nonce,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        if form_nonce and FeedbackResponse.objects.filter(form_nonce=form_nonce).exists():
            raise _feedback_already_received() from None
        raise
    audit_record(
        actor=None,
        verb="feedback.received",
        initiative=link.prototype.group.initiative_id,
        target=link.prototype,
        link=link.pk,
    )
    return response


def feedback_purge_expired(*, now=None) -> int:
    """Delete answers older than the retention period the consent text promises."""
    from datetime import timedelta

    from focusgroups.models import FEEDBACK_RETENTION_DAYS

    cutoff = (now or timezone.now()) - timedelta(days=FEEDBACK_RETENTION_DAYS)
    deleted, _rows = FeedbackResponse.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- Step 5: the guide (Leitfaden), the outcome and the links to the common agenda --------


def _guide_for_update(group: FocusGroup):
    from focusgroups.models import Guide

    guide = Guide.objects.select_for_update().filter(group=group).first()
    if guide is not None:
        guide.group = group
    return guide


def _require_draft(guide) -> None:
    if guide is not None and guide.is_final:
        raise ApplicationError(
            _("The guide is final. The backbone office can reopen it for changes."),
            code="guide_final",
        )


@transaction.atomic
def guide_assemble(*, acting_user, group: FocusGroup):
    """Fill every section of the guide from the group's content, replacing what was there.

    Creates the guide as a draft if the group has none. Refused for a final guide and for
    people who may not edit it.
    """
    from focusgroups.guide import guide_sections
    from focusgroups.models import Guide
    from focusgroups.selectors import criteria_indicators_attach, guide_source_get

    membership, is_member = _context(acting_user, group)
    _require_active(group)
    guide = _guide_for_update(group)
    _require_draft(guide)
    _require(permissions.can_edit_guide(membership, group, guide, is_member=is_member))
    source = guide_source_get(group=group)
    criteria_indicators_attach(c for p in source.prototypes for c in p.criteria.all())
    sections = guide_sections(source)
    if guide is None:
        guide = Guide(group=group)
    for name, text in sections.items():
        setattr(guide, name, text)
    guide.assembled_at = timezone.now()
    guide.updated_by = acting_user
    guide.save()
    audit_record(
        actor=acting_user,
        verb="focus_group.guide_assembled",
        initiative=group.initiative_id,
        target=group,
    )
    return guide


@transaction.atomic
def guide_update(*, acting_user, group: FocusGroup, **sections):
    """Change the text of some sections of the draft (creating the draft if needed)."""
    from focusgroups.models import Guide

    unknown = set(sections) - set(Guide.SECTIONS)
    if unknown:
        raise ValueError(f"Unknown sections: {sorted(unknown)}")
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    guide = _guide_for_update(group)
    _require_draft(guide)
    _require(permissions.can_edit_guide(membership, group, guide, is_member=is_member))
    if guide is None:
        guide = Guide(group=group)
    for name, text in sections.items():
        setattr(guide, name, (text or "").strip())
    guide.updated_by = acting_user
    guide.save()
    audit_record(
        actor=acting_user,
        verb="focus_group.guide_updated",
        initiative=group.initiative_id,
        target=group,
        sections=sorted(sections),
    )
    return guide


@transaction.atomic
def guide_finalise(*, acting_user, group: FocusGroup):
    """Declare the guide final: it is locked until a coordinator reopens it.

    ValidationError naming the sections that are still empty (problem, barriers, concept,
    results and recommendations must be written).
    """
    from focusgroups.models import Guide

    membership, is_member = _context(acting_user, group)
    _require_active(group)
    guide = _guide_for_update(group)
    if guide is None:
        raise ApplicationError(_("There is no guide yet. Assemble it first."), code="no_guide")
    _require_draft(guide)
    _require(permissions.can_finalise_guide(membership, group, guide, is_member=is_member))
    missing = [name for name in Guide.REQUIRED_SECTIONS if not getattr(guide, name).strip()]
    if missing:
        labels = ", ".join(str(Guide._meta.get_field(name).verbose_name) for name in missing)
        raise ValidationError(
            _("Before the guide can be final, please write these sections: %(sections)s.")
            % {"sections": labels}
        )
    guide.status = Guide.Status.FINAL
    guide.finalised_at = timezone.now()
    guide.finalised_by = acting_user
    guide.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="focus_group.guide_finalised",
        initiative=group.initiative_id,
        target=group,
    )
    return guide


@transaction.atomic
def guide_reopen(*, acting_user, group: FocusGroup):
    """Make a final guide a draft again, so the group can change it (coordinators)."""
    from focusgroups.models import Guide

    membership = membership_get(user=acting_user, initiative=group.initiative)
    _require_active(group)
    guide = _guide_for_update(group)
    if guide is None or not guide.is_final:
        raise ApplicationError(_("The guide is not final."), code="guide_not_final")
    _require(permissions.can_reopen_guide(membership, group, guide))
    guide.status = Guide.Status.DRAFT
    guide.finalised_at = None
    guide.finalised_by = None
    guide.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="focus_group.guide_reopened",
        initiative=group.initiative_id,
        target=group,
    )
    return guide


@transaction.atomic
def focus_group_outcome_set(
    *, acting_user, group: FocusGroup, outcome: str, where: str = "", date=None
) -> FocusGroup:
    """Record what became of the practice: made permanent, scaled or both, where and since
    when (`outcome=""` clears it). ValidationError for a missing place or date."""
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_record_outcome(membership, group, is_member=is_member))
    where = (where or "").strip()
    if outcome and outcome not in FocusGroup.Outcome.values:
        raise ValidationError({"outcome": _("Please choose one of the options.")})
    if outcome:
        errors = {}
        if not where:
            errors["where"] = _("Please say where and by whom the practice is carried on.")
        if date is None:
            errors["date"] = _("Please give the date it took effect.")
        if errors:
            raise ValidationError(errors)
    else:
        where, date = "", None
    group.outcome, group.outcome_where, group.outcome_date = outcome, where, date
    group.save(update_fields=["outcome", "outcome_where", "outcome_date", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="focus_group.outcome_set",
        initiative=group.initiative_id,
        target=group,
        outcome=outcome,
    )
    return group


@transaction.atomic
def focus_group_links_set(
    *, acting_user, group: FocusGroup, objectives=(), indicators=()
) -> FocusGroup:
    """Name the objectives (and optionally indicators) of the initiative's results framework
    the group's problem relates to. Each indicator must measure one of the chosen objectives."""
    from impact.models import Indicator, Objective

    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_link_objectives(membership, group, is_member=is_member))
    objective_ids = {o.pk for o in objectives}
    indicator_ids = {i.pk for i in indicators}
    found = set(
        Objective.objects.filter(
            pk__in=objective_ids, goal__initiative_id=group.initiative_id
        ).values_list("pk", flat=True)
    )
    if found != objective_ids:
        raise ValidationError({"objectives": _("Choose objectives of this initiative.")})
    measured = dict(
        Indicator.objects.filter(
            pk__in=indicator_ids, objective__goal__initiative_id=group.initiative_id
        ).values_list("pk", "objective_id")
    )
    if set(measured) != indicator_ids:
        raise ValidationError({"indicators": _("Choose indicators of this initiative.")})
    if any(objective_id not in objective_ids for objective_id in measured.values()):
        raise ValidationError(
            {"indicators": _("Choose only indicators of the objectives you have ticked.")}
        )
    group.objectives.set(objective_ids)
    group.indicators.set(indicator_ids)
    audit_record(
        actor=acting_user,
        verb="focus_group.links_set",
        initiative=group.initiative_id,
        target=group,
        objectives=sorted(objective_ids),
        indicators=sorted(indicator_ids),
    )
    return group


# Step 3: solution concepts, tasks, sprints and retrospectives


def _require_worker(acting_user, group: FocusGroup) -> None:
    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_work_on_concepts(membership, group, is_member=is_member))


def _clean_barriers(group: FocusGroup, barriers) -> list[BarrierCard]:
    barriers = list(barriers or [])
    if any(card.group_id != group.pk for card in barriers):
        raise ValidationError({"barriers": _("Please choose barrier cards of this group.")})
    return barriers


def _clean_objectives(group: FocusGroup, objectives) -> list:
    """The objectives a concept serves: only those of the group's initiative."""
    from impact.models import Objective

    objectives = list(objectives or [])
    ids = {o.pk for o in objectives}
    found = set(
        Objective.objects.filter(pk__in=ids, goal__initiative_id=group.initiative_id).values_list(
            "pk", flat=True
        )
    )
    if found != ids:
        raise ValidationError({"objectives": _("Choose objectives of this initiative.")})
    return objectives


def _clean_title(value: str, field: str, message: str, limit: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Please keep it to %(limit)s characters.") % {"limit": limit}}
        )
    return value


@transaction.atomic
def solution_concept_create(
    *,
    acting_user,
    group: FocusGroup,
    title: str,
    description: str = "",
    barriers=(),
    objectives=(),
) -> SolutionConcept:
    """A concept of the group, naming the barrier cards (of the same group) it addresses and
    the objectives of the initiative's common agenda it serves."""
    _require_worker(acting_user, group)
    title = _clean_title(title, "title", _("Please give the concept a short title."))
    cards = _clean_barriers(group, barriers)
    chosen = _clean_objectives(group, objectives)
    concept = SolutionConcept.objects.create(
        group=group, title=title, description=(description or "").strip(), created_by=acting_user
    )
    concept.barriers.set(cards)
    concept.objectives.set(chosen)
    audit_record(
        actor=acting_user,
        verb="solution_concept.created",
        initiative=group.initiative_id,
        target=group,
        concept=concept.pk,
        barriers=sorted(c.pk for c in cards),
        objectives=sorted(o.pk for o in chosen),
    )
    return concept


@transaction.atomic
def solution_concept_update(
    *,
    acting_user,
    concept: SolutionConcept,
    title: str,
    description: str = "",
    barriers=(),
    objectives=None,
) -> SolutionConcept:
    """Change a concept; `objectives=None` leaves the objectives it serves as they are."""
    group = concept.group
    _require_worker(acting_user, group)
    concept.title = _clean_title(title, "title", _("Please give the concept a short title."))
    concept.description = (description or "").strip()
    cards = _clean_barriers(group, barriers)
    chosen = None if objectives is None else _clean_objectives(group, objectives)
    concept.save()
    concept.barriers.set(cards)
    if chosen is not None:
        concept.objectives.set(chosen)
    audit_record(
        actor=acting_user,
        verb="solution_concept.updated",
        initiative=group.initiative_id,
        target=group,
        concept=concept.pk,
        barriers=sorted(c.pk for c in cards),
        objectives=None if chosen is None else sorted(o.pk for o in chosen),
    )
    return concept


@transaction.atomic
def solution_concept_delete(*, acting_user, concept: SolutionConcept) -> None:
    """Delete a concept that no prototype tests; its tasks stay on the board without it."""
    group = concept.group
    _require_worker(acting_user, group)
    if concept.prototypes.exists():
        raise ApplicationError(
            _(
                "A prototype tests this concept, so it cannot be deleted: the test results "
                "would lose what they tested."
            ),
            code="concept_in_use",
        )
    pk, title = concept.pk, concept.title
    concept.delete()
    audit_record(
        actor=acting_user,
        verb="solution_concept.deleted",
        initiative=group.initiative_id,
        target=group,
        concept=pk,
        title=title,
    )


def _clean_task_links(group: FocusGroup, *, owner, concept, sprint) -> None:
    errors = {}
    if owner is not None and not group.members.filter(user=owner).exists():
        errors["owner"] = _("Please choose a member of the group.")
    if concept is not None and concept.group_id != group.pk:
        errors["concept"] = _("Please choose a concept of this group.")
    if sprint is not None:
        if sprint.group_id != group.pk:
            errors["sprint"] = _("Please choose a sprint of this group.")
        elif sprint.status == Sprint.Status.FINISHED:
            errors["sprint"] = _("This sprint is finished; please choose a planned or running one.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(
    *,
    acting_user,
    group: FocusGroup,
    title: str,
    owner=None,
    due_date=None,
    status: str = Task.Status.TODO,
    concept: SolutionConcept | None = None,
    sprint: Sprint | None = None,
    retro_item: RetroItem | None = None,
) -> Task:
    _require_worker(acting_user, group)
    title = _clean_title(title, "title", _("Please say what is to be done."))
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Please choose a status of the board.")})
    _clean_task_links(group, owner=owner, concept=concept, sprint=sprint)
    task = Task.objects.create(
        group=group,
        title=title,
        owner=owner,
        due_date=due_date,
        status=status,
        concept=concept,
        sprint=sprint,
        retro_item=retro_item,
        done_at=timezone.now() if status == Task.Status.DONE else None,
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        verb="task.created",
        initiative=group.initiative_id,
        target=group,
        task=task.pk,
    )
    return task


TASK_FIELDS = ("title", "owner", "due_date", "status", "concept", "sprint")


@transaction.atomic
def task_update(*, acting_user, task: Task, **changes) -> Task:
    """Change a task; fields left out stay as they are."""
    group = task.group
    _require_worker(acting_user, group)
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"task_update() got unexpected fields: {sorted(unknown)}")
    data = {name: changes.get(name, getattr(task, name)) for name in TASK_FIELDS}
    data["title"] = _clean_title(data["title"], "title", _("Please say what is to be done."))
    if data["status"] not in Task.Status.values:
        raise ValidationError({"status": _("Please choose a status of the board.")})
    sprint = data["sprint"]
    if sprint is not None and sprint.pk == task.sprint_id:
        # A task may stay in the finished sprint it was done in.
        _clean_task_links(group, owner=data["owner"], concept=data["concept"], sprint=None)
    else:
        _clean_task_links(group, owner=data["owner"], concept=data["concept"], sprint=sprint)
    was_done = task.status == Task.Status.DONE
    for name, value in data.items():
        setattr(task, name, value)
    if task.status == Task.Status.DONE and not was_done:
        task.done_at = timezone.now()
    elif task.status != Task.Status.DONE:
        task.done_at = None
    task.save()
    audit_record(
        actor=acting_user,
        verb="task.updated",
        initiative=group.initiative_id,
        target=group,
        task=task.pk,
        fields=sorted(changes),
    )
    return task


def task_set_status(*, acting_user, task: Task, status: str) -> Task:
    return task_update(acting_user=acting_user, task=task, status=status)


@transaction.atomic
def task_delete(*, acting_user, task: Task) -> None:
    group = task.group
    _require_worker(acting_user, group)
    pk, title = task.pk, task.title
    task.delete()
    audit_record(
        actor=acting_user,
        verb="task.deleted",
        initiative=group.initiative_id,
        target=group,
        task=pk,
        title=title,
    )


def _clean_sprint(goal: str, start_date, end_date) -> dict:
    goal = _clean_title(goal, "goal", _("Please name the goal of the sprint."), limit=255)
    errors = {}
    if start_date is None:
        errors["start_date"] = _("Please enter the first day of the sprint.")
    if end_date is None:
        errors["end_date"] = _("Please enter the last day of the sprint.")
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("The sprint cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    return {"goal": goal, "start_date": start_date, "end_date": end_date}


@transaction.atomic
def sprint_create(*, acting_user, group: FocusGroup, goal: str, start_date, end_date) -> Sprint:
    """Plan a sprint; it runs once someone starts it."""
    _require_worker(acting_user, group)
    sprint = Sprint.objects.create(
        group=group, created_by=acting_user, **_clean_sprint(goal, start_date, end_date)
    )
    audit_record(
        actor=acting_user,
        verb="sprint.created",
        initiative=group.initiative_id,
        target=group,
        sprint=sprint.pk,
    )
    return sprint


@transaction.atomic
def sprint_update(*, acting_user, sprint: Sprint, goal: str, start_date, end_date) -> Sprint:
    group = sprint.group
    _require_worker(acting_user, group)
    for name, value in _clean_sprint(goal, start_date, end_date).items():
        setattr(sprint, name, value)
    sprint.save()
    audit_record(
        actor=acting_user,
        verb="sprint.updated",
        initiative=group.initiative_id,
        target=group,
        sprint=sprint.pk,
    )
    return sprint


@transaction.atomic
def sprint_start(*, acting_user, sprint: Sprint) -> Sprint:
    """Start a planned sprint. Only one sprint of a group runs at a time: the running one must
    be finished (with its retrospective) first. The group row is locked, so two people
    starting sprints at once cannot both succeed."""
    group = FocusGroup.objects.select_for_update().get(pk=sprint.group_id)
    group.initiative = sprint.group.initiative
    _require_worker(acting_user, group)
    if sprint.status != Sprint.Status.PLANNED:
        raise ApplicationError(_("Only a planned sprint can be started."), code="sprint_state")
    running = Sprint.objects.filter(group=group, status=Sprint.Status.RUNNING).first()
    if running is not None:
        raise ApplicationError(
            _(
                "The sprint “%(goal)s” is still running. Finish it with a retrospective first: "
                "the group works on one goal at a time."
            )
            % {"goal": running.goal},
            code="sprint_running",
        )
    sprint.status = Sprint.Status.RUNNING
    sprint.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="sprint.started",
        initiative=group.initiative_id,
        target=group,
        sprint=sprint.pk,
    )
    return sprint


@transaction.atomic
def sprint_finish(*, acting_user, sprint: Sprint) -> Sprint:
    """Finish the running sprint. Tasks not done leave it and go back to the board, where the
    next sprint can take them on; the done ones stay as its record."""
    group = sprint.group
    _require_worker(acting_user, group)
    if sprint.status != Sprint.Status.RUNNING:
        raise ApplicationError(_("Only a running sprint can be finished."), code="sprint_state")
    carried = sprint.tasks.exclude(status=Task.Status.DONE).update(sprint=None)
    sprint.status = Sprint.Status.FINISHED
    sprint.finished_at = timezone.now()
    sprint.save(update_fields=["status", "finished_at", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="sprint.finished",
        initiative=group.initiative_id,
        target=group,
        sprint=sprint.pk,
        carried_over=carried,
    )
    return sprint


@transaction.atomic
def retro_item_create(*, acting_user, sprint: Sprint, kind: str, text: str) -> RetroItem:
    """A note for the sprint's retrospective, once the sprint has started."""
    group = sprint.group
    _require_worker(acting_user, group)
    if sprint.status == Sprint.Status.PLANNED:
        raise ApplicationError(
            _("The retrospective starts once the sprint runs."), code="sprint_state"
        )
    if kind not in RetroItem.Kind.values:
        raise ValidationError({"kind": _("Please choose a column.")})
    text = _clean_title(text, "text", _("Please write the note."), limit=500)
    item = RetroItem.objects.create(sprint=sprint, kind=kind, text=text, author=acting_user)
    audit_record(
        actor=acting_user,
        verb="retro_item.created",
        initiative=group.initiative_id,
        target=group,
        sprint=sprint.pk,
        item=item.pk,
    )
    return item


@transaction.atomic
def retro_item_to_task(*, acting_user, item: RetroItem) -> Task:
    """Turn a "we try next" note into a task on the board (one click, linked both ways).

    The task goes into the group's running or next planned sprint if there is one, otherwise
    onto the board without a sprint. A note becomes a task only once.
    """
    sprint = item.sprint
    group = sprint.group
    _require_worker(acting_user, group)
    if item.kind != RetroItem.Kind.TRY_NEXT:
        raise ApplicationError(
            _("Only “we try next” notes become tasks."), code="retro_not_try_next"
        )
    if Task.objects.filter(retro_item=item).exists():
        raise ApplicationError(_("This note is already a task."), code="retro_already_task")
    target = (
        Sprint.objects.filter(group=group, status=Sprint.Status.RUNNING).first()
        or Sprint.objects.filter(group=group, status=Sprint.Status.PLANNED)
        .order_by("start_date", "pk")
        .first()
    )
    return task_create(
        acting_user=acting_user,
        group=group,
        title=item.text[:200],
        sprint=target,
        retro_item=item,
    )


# Sessions of the group are meetings of the initiative


@transaction.atomic
def focus_group_session_create(
    *, acting_user, group: FocusGroup, **meeting_fields
) -> FocusGroupSession:
    """Schedule a session of the group: a `coordination` meeting (agenda, notes, decisions,
    temporary roles) linked to the group. Takes the fields of `meeting_create`."""
    from coordination import services as coordination_services

    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_schedule_session(membership, group, is_member=is_member))
    meeting = coordination_services.meeting_create(
        acting_user=acting_user, initiative=group.initiative, **meeting_fields
    )
    session = FocusGroupSession.objects.create(group=group, meeting=meeting)
    audit_record(
        actor=acting_user,
        verb="focus_group.session_scheduled",
        initiative=group.initiative_id,
        target=group,
        meeting=meeting.pk,
    )
    return session
