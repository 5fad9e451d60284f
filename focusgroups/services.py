"""Writes of the focus groups: atomic, checking their rules, each writing an audit row.

Every change on the barrier board counts up the group's `board_version`, which open boards poll
to know when to refresh. A dissolved group accepts nothing: every service checks `is_active`
through the permission predicates before it writes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
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
    FocusGroup,
    FocusGroupMember,
    ProblemAgreement,
    ProblemStatement,
    Stage,
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
def focus_group_stage_advance(*, acting_user, group: FocusGroup, note: str = "") -> FocusGroup:
    """Move the group to the next step.

    With the current step complete, anyone who runs the group may move on; with something still
    missing only a coordinator may, and must write down why (`note`).
    """
    from focusgroups.selectors import group_facts

    membership, is_member = _context(acting_user, group)
    _require_active(group)
    _require(permissions.can_manage_focus_group(membership, group, is_member=is_member))
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
        group=group, text=text, perspective=perspective, cluster=cluster, author=acting_user
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
    from focusgroups.selectors import guide_source_get

    membership, is_member = _context(acting_user, group)
    _require_active(group)
    guide = _guide_for_update(group)
    _require_draft(guide)
    _require(permissions.can_edit_guide(membership, group, guide, is_member=is_member))
    sections = guide_sections(guide_source_get(group=group))
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
