"""Writes of the initiatives app: atomic, checking their rules, each writing an audit row."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDeniedError
from core.mail import email_enqueue
from initiatives import permissions
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
    Role,
    invitation_token_hash,
)

User = get_user_model()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("You are not allowed to do this."))


def _require_manager(acting_user, initiative: Initiative) -> None:
    membership = permissions.membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_manage_initiative(membership))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name_free(*, name: str, exclude_pk: int | None = None) -> None:
    qs = Initiative.objects.filter(name__iexact=name.strip())
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(
            {"name": _("An initiative with this name already exists. Please choose another name.")}
        )


def _check_dates(start_date, planned_end_date) -> None:
    if planned_end_date and start_date and planned_end_date <= start_date:
        raise ValidationError(
            {"planned_end_date": _("The planned end date must be after the start date.")}
        )


@transaction.atomic
def initiative_create(
    *,
    acting_user,
    name: str,
    problem_statement: str,
    target_group: str,
    region: str,
    start_date: datetime.date,
    planned_end_date: datetime.date | None = None,
    status: str = Initiative.Status.PLANNING,
) -> Initiative:
    """Found an initiative; the founder becomes its first member of the backbone office."""
    _require(permissions.can_create_initiative(acting_user))
    _check_name_free(name=name)
    _check_dates(start_date, planned_end_date)
    try:
        with transaction.atomic():
            initiative = Initiative.objects.create(
                name=name.strip(),
                slug=_unique_slug(name),
                problem_statement=problem_statement,
                target_group=target_group,
                region=region,
                start_date=start_date,
                planned_end_date=planned_end_date,
                status=status,
            )
    except IntegrityError as exc:  # a concurrent request (a double submit) created it first
        raise ValidationError(
            {"name": _("An initiative with this name already exists. Please choose another name.")}
        ) from exc
    Membership.objects.create(user=acting_user, initiative=initiative, role=Role.COORDINATOR)
    audit_record(
        actor=acting_user, verb="initiative.created", initiative=initiative, target=initiative
    )
    return initiative


@transaction.atomic
def initiative_update(*, acting_user, initiative: Initiative, **fields) -> Initiative:
    _require_manager(acting_user, initiative)
    allowed = {
        "name",
        "problem_statement",
        "target_group",
        "region",
        "start_date",
        "planned_end_date",
        "status",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if "name" in fields:
        _check_name_free(name=fields["name"], exclude_pk=initiative.pk)
        fields["name"] = fields["name"].strip()
    _check_dates(
        fields.get("start_date", initiative.start_date),
        fields.get("planned_end_date", initiative.planned_end_date),
    )
    for key, value in fields.items():
        setattr(initiative, key, value)
    initiative.save()
    audit_record(
        actor=acting_user,
        verb="initiative.updated",
        initiative=initiative,
        target=initiative,
        fields=sorted(fields),
    )
    return initiative


def _check_organisation_name_free(*, initiative, name: str, exclude_pk: int | None = None) -> None:
    qs = Organisation.objects.filter(initiative=initiative, name__iexact=name.strip())
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(
            {"name": _("This initiative already has a partner organisation with this name.")}
        )


@transaction.atomic
def organisation_create(
    *,
    acting_user,
    initiative: Initiative,
    name: str,
    sector: str,
    website: str = "",
    contribution: str = "",
) -> Organisation:
    _require_manager(acting_user, initiative)
    _check_organisation_name_free(initiative=initiative, name=name)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                initiative=initiative,
                name=name.strip(),
                sector=sector,
                website=website,
                contribution=contribution,
            )
    except IntegrityError as exc:  # a concurrent request (a double submit) added it first
        raise ValidationError(
            {"name": _("This initiative already has a partner organisation with this name.")}
        ) from exc
    audit_record(
        actor=acting_user, verb="organisation.created", initiative=initiative, target=organisation
    )
    return organisation


@transaction.atomic
def organisation_update(*, acting_user, organisation: Organisation, **fields) -> Organisation:
    initiative = organisation.initiative
    _require_manager(acting_user, initiative)
    unknown = set(fields) - {"name", "sector", "website", "contribution"}
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if "name" in fields:
        _check_organisation_name_free(
            initiative=initiative, name=fields["name"], exclude_pk=organisation.pk
        )
        fields["name"] = fields["name"].strip()
    for key, value in fields.items():
        setattr(organisation, key, value)
    organisation.save()
    audit_record(
        actor=acting_user, verb="organisation.updated", initiative=initiative, target=organisation
    )
    return organisation


def organisation_delete_problem(*, organisation: Organisation) -> ApplicationError | None:
    """Why `organisation` cannot be removed now, or None; the confirmation page shows it
    beforehand.

    Members must be removed first. So must open invitations (not accepted, withdrawn or
    expired): removing the organisation would delete them with it, and the invited people
    would hold a link that stops working without a word. Withdrawing is the coordinator's
    decision, made on the members page, where it is recorded.
    """
    if organisation.memberships.exists():
        return ApplicationError(
            _("%(name)s still has members. Remove them or give them another role first.")
            % {"name": organisation.name},
            code="organisation_has_members",
        )
    emails = list(
        organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("email")
        .values_list("email", flat=True)
    )
    if emails:
        return ApplicationError(
            ngettext(
                "%(name)s still has an open invitation (%(emails)s). Withdraw it first on the "
                "members page, so that nobody is left with a link that no longer works.",
                "%(name)s still has %(count)s open invitations (%(emails)s). Withdraw them "
                "first on the members page, so that nobody is left with a link that no longer "
                "works.",
                len(emails),
            )
            % {"name": organisation.name, "count": len(emails), "emails": ", ".join(emails)},
            code="organisation_has_open_invitations",
        )
    return None


@transaction.atomic
def organisation_delete(*, acting_user, organisation: Organisation) -> None:
    """Remove an organisation without members and without open invitations.

    Raises ApplicationError while either exists (see `organisation_delete_problem`), or
    when reported data refers to the organisation.
    """
    initiative = organisation.initiative
    _require_manager(acting_user, initiative)
    in_use = ApplicationError(
        _(
            "%(name)s still has members or reported data. Remove the members first; "
            "organisations with reported data stay in the directory."
        )
        % {"name": organisation.name},
        code="organisation_in_use",
    )
    # Held until the end: a new member or invitation referring to the organisation waits for
    # the removal (the database locks the row it refers to), and is seen by the check below if
    # it came first.
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
    problem = organisation_delete_problem(organisation=organisation)
    if problem is not None:
        raise problem
    audit_record(
        actor=acting_user, verb="organisation.deleted", initiative=initiative, target=organisation
    )
    try:
        with transaction.atomic():
            organisation.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise in_use from exc


def _validate_role_organisation(*, initiative, role: str, organisation: Organisation | None):
    if role == Role.PARTNER:
        if organisation is None:
            raise ValidationError(
                {"organisation": _("Partner members need an organisation. Please choose one.")}
            )
        if organisation.initiative_id != initiative.pk:
            raise ValidationError(
                {"organisation": _("This organisation does not belong to the initiative.")}
            )
        return organisation
    return None


def _send_invitation(*, invitation: Invitation, token: str) -> None:
    path = reverse("initiatives:invitation-accept", kwargs={"token": token})
    existing = User.objects.filter(email__iexact=invitation.email).first()
    email_enqueue(
        key=f"invitation:{invitation.pk}:{invitation.sent_count}",
        to_email=invitation.email,
        template="invitation",
        context={
            "initiative_name": invitation.initiative.name,
            "role": invitation.get_role_display,
            "role_value": invitation.role,
            "organisation_name": invitation.organisation.name if invitation.organisation else "",
            "inviter_name": invitation.invited_by.full_name if invitation.invited_by else "",
            "message": invitation.message,
            "accept_path": path,
            "expires_at": invitation.expires_at,
        },
        language=existing.language if existing else settings.LANGUAGE_CODE,
    )


@transaction.atomic
def invitation_create(
    *,
    acting_user,
    initiative: Initiative,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    message: str = "",
) -> Invitation:
    """Invite a person by e-mail. Side effect: the invitation e-mail is sent after commit."""
    _require_manager(acting_user, initiative)
    email = User.objects.normalize_email(email).strip().lower()
    organisation = _validate_role_organisation(
        initiative=initiative, role=role, organisation=organisation
    )
    if Membership.objects.filter(initiative=initiative, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the initiative.")})
    if Invitation.objects.filter(
        initiative=initiative,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).exists():
        raise ValidationError(
            {
                "email": _(
                    "An invitation to this address is still open. Send it again from the list "
                    "of open invitations, or withdraw it first."
                )
            }
        )
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                initiative=initiative,
                email=email,
                role=role,
                organisation=organisation,
                message=message,
                token_hash=invitation_token_hash(token),
                invited_by=acting_user,
                expires_at=timezone.now() + settings.INVITATION_VALIDITY,
            )
    except IntegrityError as exc:  # a concurrent invitation to the same address won
        raise ValidationError({"email": _("An invitation to this address is still open.")}) from exc
    _send_invitation(invitation=invitation, token=token)
    audit_record(
        actor=acting_user, verb="invitation.created", initiative=initiative, target=email, role=role
    )
    return invitation


@transaction.atomic
def invitation_resend(*, acting_user, invitation: Invitation) -> Invitation:
    """Send an open or expired invitation again with a new link and a new validity period."""
    initiative = invitation.initiative
    _require_manager(acting_user, initiative)
    if invitation.status in {Invitation.Status.ACCEPTED, Invitation.Status.REVOKED}:
        raise ApplicationError(_("This invitation has been accepted or withdrawn already."))
    token = secrets.token_urlsafe(32)
    invitation.token_hash = invitation_token_hash(token)
    invitation.expires_at = timezone.now() + settings.INVITATION_VALIDITY
    invitation.sent_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "sent_count", "updated_at"])
    _send_invitation(invitation=invitation, token=token)
    audit_record(
        actor=acting_user, verb="invitation.resent", initiative=initiative, target=invitation.email
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, acting_user, invitation: Invitation) -> None:
    initiative = invitation.initiative
    _require_manager(acting_user, initiative)
    if invitation.accepted_at:
        raise ApplicationError(_("This invitation has already been accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=acting_user, verb="invitation.revoked", initiative=initiative, target=invitation.email
    )


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("initiative", "organisation", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


class InvitationUnusable(ApplicationError):
    code = "invitation_unusable"


def invitation_check_usable(*, invitation: Invitation) -> None:
    """Raise InvitationUnusable if the invitation was used, withdrawn or has expired."""
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise InvitationUnusable(
            _("This invitation has already been used. Please log in with your account."),
            code="invitation_used",
        )
    if status == Invitation.Status.REVOKED:
        raise InvitationUnusable(
            _("This invitation has been withdrawn. Please contact the backbone office."),
            code="invitation_revoked",
        )
    if status == Invitation.Status.EXPIRED:
        raise InvitationUnusable(
            _(
                "This invitation expired on %(date)s. Please ask the backbone office to send "
                "you a new one."
            )
            % {"date": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y")},
            code="invitation_expired",
        )


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    acting_user=None,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Turn an invitation into a membership.

    With `acting_user` (logged in), the invitation must be addressed to that user's e-mail.
    Without, a new account is created for the invited address with `full_name` and `password`
    (the link proves that the person can read mail sent to that address).
    Raises InvitationUnusable for used, withdrawn and expired links.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("initiative", "organisation")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable(_("This invitation link is not valid."), code="invitation_invalid")
    invitation_check_usable(invitation=invitation)
    if acting_user is not None and acting_user.is_authenticated:
        if acting_user.email.lower() != invitation.email.lower():
            raise InvitationUnusable(
                _(
                    "This invitation is addressed to %(email)s, but you are logged in as "
                    "%(current)s. Please log out and open the link again."
                )
                % {"email": invitation.email, "current": acting_user.email},
                code="invitation_other_user",
            )
        user = acting_user
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationUnusable(
                _("An account with this e-mail address exists. Please log in to accept."),
                code="invitation_login_required",
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name.strip()
        )
    membership, created = Membership.objects.get_or_create(
        user=user,
        initiative=invitation.initiative,
        defaults={"role": invitation.role, "organisation": invitation.organisation},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        actor=user,
        verb="invitation.accepted",
        initiative=invitation.initiative,
        target=invitation.email,
        new_membership=created,
    )
    return membership


def _lock_coordinators(initiative) -> None:
    """Serialise changes to the backbone office so two demotions cannot remove the last one."""
    list(
        Membership.objects.select_for_update()
        .filter(initiative=initiative, role=Role.COORDINATOR)
        .values_list("pk", flat=True)
    )


def _coordinator_count(initiative) -> int:
    return Membership.objects.filter(initiative=initiative, role=Role.COORDINATOR).count()


@transaction.atomic
def membership_update(
    *, acting_user, membership: Membership, role: str, organisation: Organisation | None = None
) -> Membership:
    initiative = membership.initiative
    _require_manager(acting_user, initiative)
    organisation = _validate_role_organisation(
        initiative=initiative, role=role, organisation=organisation
    )
    _lock_coordinators(initiative)
    current_role = Membership.objects.values_list("role", flat=True).get(pk=membership.pk)
    if (
        current_role == Role.COORDINATOR
        and role != Role.COORDINATOR
        and _coordinator_count(initiative) <= 1
    ):
        raise ApplicationError(
            _("An initiative needs at least one member of the backbone office."),
            code="last_coordinator",
        )
    membership.role = role
    membership.organisation = organisation
    membership.save(update_fields=["role", "organisation", "updated_at"])
    membership.user.__dict__.pop("_membership_cache", None)
    audit_record(
        actor=acting_user,
        verb="membership.updated",
        initiative=initiative,
        target=membership.user.email,
        role=role,
    )
    return membership


@transaction.atomic
def membership_remove(*, acting_user, membership: Membership) -> None:
    initiative = membership.initiative
    own = membership.user_id == acting_user.pk
    if not own:
        _require_manager(acting_user, initiative)
    _lock_coordinators(initiative)
    current_role = Membership.objects.values_list("role", flat=True).get(pk=membership.pk)
    if current_role == Role.COORDINATOR and _coordinator_count(initiative) <= 1:
        raise ApplicationError(
            _("An initiative needs at least one member of the backbone office."),
            code="last_coordinator",
        )
    audit_record(
        actor=acting_user,
        verb="membership.removed",
        initiative=initiative,
        target=membership.user.email,
    )
    membership.delete()


# The common agenda


def _require_agenda_editor(acting_user, initiative: Initiative) -> None:
    membership = permissions.membership_get(user=acting_user, initiative=initiative)
    _require(permissions.can_edit_agenda(membership))


def _lock_agenda(initiative: Initiative) -> None:
    """Serialise publishing and endorsing within one initiative.

    An endorsement must belong to the version that is current when it is stored; holding the
    initiative's row keeps a publication from slipping in between the check and the write.
    """
    list(Initiative.objects.select_for_update().filter(pk=initiative.pk).values_list("pk"))


def _clean_text(text: str) -> str:
    """Line breaks as browsers send them (CRLF) become LF; no trailing blanks on any line."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


class AgendaDraftConflictError(ApplicationError):
    """The draft changed since the writer loaded it; nothing was saved or published.

    `extra` carries the draft's `stamp` now (to send along once the writer has compared) and
    `by`, who changed it last.
    """

    code = "agenda_draft_conflict"


# The stamp of "there is no draft": a form opened then conflicts with a draft started meanwhile.
NO_DRAFT_STAMP = "none"


def agenda_draft_stamp(draft: AgendaDraft | None) -> str:
    """What a form sends back to say which state of the draft it showed."""
    return draft.updated_at.isoformat() if draft is not None else NO_DRAFT_STAMP


def _check_draft_unchanged(
    *, draft: AgendaDraft | None, base_stamp: str | None, next_step: str
) -> None:
    """Raise AgendaDraftConflictError if `draft` is no longer in the state `base_stamp` names.

    Without `base_stamp` (a caller that did not show the draft) nothing is checked.
    """
    stamp = agenda_draft_stamp(draft)
    if base_stamp is None or base_stamp == stamp:
        return
    if draft is None:
        what = _("The draft has been published or discarded in the meantime.")
        by = ""
    else:
        when = formats.date_format(timezone.localtime(draft.updated_at), "SHORT_DATETIME_FORMAT")
        by = (draft.updated_by.full_name or draft.updated_by.email) if draft.updated_by else ""
        if by:
            what = _("The draft has been changed by %(name)s in the meantime (%(time)s).") % {
                "name": by,
                "time": when,
            }
        else:
            what = _("The draft has been changed in the meantime (%(time)s).") % {"time": when}
    raise AgendaDraftConflictError(f"{what} {next_step}", extra={"stamp": stamp, "by": by})


@transaction.atomic
def agenda_draft_save(
    *,
    acting_user,
    initiative: Initiative,
    vision: str,
    problem: str,
    approach: str,
    principles: str,
    change_note: str = "",
    base_stamp: str | None = None,
) -> AgendaDraft:
    """Create or change the initiative's one working draft. Sections may still be empty.

    `base_stamp` is `agenda_draft_stamp` of the draft the writer started from; if a colleague
    saved, published or discarded it since, AgendaDraftConflictError is raised and nothing is
    saved. Without it the draft is replaced unchecked.
    """
    _require_agenda_editor(acting_user, initiative)
    texts = {
        "vision": _clean_text(vision),
        "problem": _clean_text(problem),
        "approach": _clean_text(approach),
        "principles": _clean_text(principles),
        "change_note": _clean_text(change_note),
    }
    # The initiative's row, not the draft's: it also serialises the start of a new draft
    # and a publication, which removes the draft.
    _lock_agenda(initiative)
    draft = AgendaDraft.objects.select_related("updated_by").filter(initiative=initiative).first()
    _check_draft_unchanged(
        draft=draft,
        base_stamp=base_stamp,
        next_step=_(
            "Your text is kept. Compare it with the saved draft shown below, then save again "
            "to replace it."
        )
        if draft is not None
        else _("Your text is kept; saving it again starts a new draft."),
    )
    created = draft is None
    if created:
        draft = AgendaDraft.objects.create(initiative=initiative, **texts, updated_by=acting_user)
    else:
        for key, value in texts.items():
            setattr(draft, key, value)
        draft.updated_by = acting_user
        draft.save()
    audit_record(
        actor=acting_user,
        verb="agenda.draft_created" if created else "agenda.draft_saved",
        initiative=initiative,
        target=initiative,
    )
    return draft


@transaction.atomic
def agenda_draft_discard(*, acting_user, initiative: Initiative) -> None:
    """Throw the working draft away; the published versions stay as they are."""
    _require_agenda_editor(acting_user, initiative)
    deleted, _counts = AgendaDraft.objects.filter(initiative=initiative).delete()
    if not deleted:
        raise ApplicationError(_("There is no draft to discard."), code="agenda_no_draft")
    audit_record(
        actor=acting_user, verb="agenda.draft_discarded", initiative=initiative, target=initiative
    )


def agenda_draft_problems(
    *, draft: AgendaText, current: AgendaVersion | None
) -> ValidationError | ApplicationError | None:
    """Why `draft` cannot be published now, or None; the publish page shows it beforehand."""
    missing = {
        name: _("Please fill in “%(section)s” before publishing.") % {"section": label}
        for name, label, text in draft.section_items()
        if not text.strip()
    }
    if missing:
        return ValidationError(missing)
    if current is not None and all(
        getattr(draft, name) == getattr(current, name) for name in AgendaText.SECTIONS
    ):
        return ApplicationError(
            _(
                "The draft has the same text as version %(number)s. Change the text before "
                "publishing, so that the partners are not asked again for nothing."
            )
            % {"number": current.number},
            code="agenda_draft_unchanged",
        )
    return None


@transaction.atomic
def agenda_publish(
    *, acting_user, initiative: Initiative, base_stamp: str | None = None
) -> AgendaVersion:
    """Freeze the working draft as the next version and remove the draft.

    The new version starts without endorsements: every partner organisation is asked again,
    and the endorsements of earlier versions stay with those versions.
    `base_stamp` is `agenda_draft_stamp` of the draft the publisher reviewed; if it changed
    since, AgendaDraftConflictError is raised and nothing is published.
    Raises ApplicationError without a draft or when the text is unchanged, ValidationError
    (per section) when a section is empty.
    """
    _require_agenda_editor(acting_user, initiative)
    _lock_agenda(initiative)
    draft = AgendaDraft.objects.select_related("updated_by").filter(initiative=initiative).first()
    if draft is None:
        raise ApplicationError(_("There is no draft to publish."), code="agenda_no_draft")
    _check_draft_unchanged(
        draft=draft,
        base_stamp=base_stamp,
        next_step=_("Please check the changes below again before you publish."),
    )
    current = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    problem = agenda_draft_problems(draft=draft, current=current)
    if problem is not None:
        raise problem
    version = AgendaVersion.objects.create(
        initiative=initiative,
        number=current.number + 1 if current else 1,
        vision=draft.vision,
        problem=draft.problem,
        approach=draft.approach,
        principles=draft.principles,
        change_note=draft.change_note,
        published_at=timezone.now(),
        published_by=acting_user,
    )
    draft.delete()
    audit_record(
        actor=acting_user,
        verb="agenda.published",
        initiative=initiative,
        target=version,
        number=version.number,
    )
    return version


@transaction.atomic
def endorsement_set(
    *,
    acting_user,
    version: AgendaVersion,
    organisation: Organisation | None,
    level: str,
    reservation: str = "",
    comment: str = "",
) -> tuple[Endorsement, bool]:
    """State for `organisation` how it carries `version`; answers (endorsement, created).

    Only a partner member of the organisation may do so, and only for the current version;
    a second call changes the statement (the audit row keeps the earlier one). "With
    reservations" needs the reservation written down; "fully" takes none.
    Raises PermissionDeniedError, ApplicationError (version no longer current) or
    ValidationError on the field concerned.
    """
    initiative = version.initiative
    membership = permissions.membership_get(user=acting_user, initiative=initiative)
    _require(organisation is not None and permissions.can_endorse_agenda(membership, organisation))
    if level not in Endorsement.Level.values:
        raise ValidationError({"level": _("Please choose how your organisation carries it.")})
    reservation, comment = _clean_text(reservation), _clean_text(comment)
    if level == Endorsement.Level.WITH_RESERVATIONS and not reservation:
        raise ValidationError(
            {
                "reservation": _(
                    "Please write down your reservation, so that the partners can talk about it."
                )
            }
        )
    if level == Endorsement.Level.FULLY and reservation:
        raise ValidationError(
            {
                "reservation": _(
                    "You chose “we carry it fully”. Please remove the reservation, or choose "
                    "“we carry it with reservations”."
                )
            }
        )
    _lock_agenda(initiative)
    current = (
        AgendaVersion.objects.filter(initiative=initiative)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if version.number != current:
        raise ApplicationError(
            _(
                "Version %(number)s has been replaced by version %(current)s. Please read the "
                "current version and state your position on it."
            )
            % {"number": version.number, "current": current},
            code="agenda_version_not_current",
        )
    statement = {"level": level, "reservation": reservation, "comment": comment}
    endorsement = Endorsement.objects.filter(version=version, organisation=organisation).first()
    if endorsement is not None:
        previous = {key: getattr(endorsement, key) for key in statement}
        if previous == statement:
            return endorsement, False
        for key, value in statement.items():
            setattr(endorsement, key, value)
        endorsement.endorsed_by = acting_user
        endorsement.endorsed_at = timezone.now()
        endorsement.save()
        audit_record(
            actor=acting_user,
            verb="agenda.endorsement_changed",
            initiative=initiative,
            target=organisation,
            number=version.number,
            previous=previous,
            level=level,
        )
        return endorsement, False
    endorsement = Endorsement.objects.create(
        version=version,
        organisation=organisation,
        endorsed_by=acting_user,
        endorsed_at=timezone.now(),
        **statement,
    )
    audit_record(
        actor=acting_user,
        verb="agenda.endorsed",
        initiative=initiative,
        target=organisation,
        number=version.number,
        level=level,
    )
    return endorsement, True


def _check_glossary_term_free(*, initiative, term: str, exclude_pk: int | None = None) -> None:
    qs = GlossaryTerm.objects.filter(initiative=initiative, term__iexact=term)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(
            {"term": _("The glossary already explains “%(term)s”.") % {"term": term}}
        )


def _glossary_fields(term: str, definition: str) -> dict[str, str]:
    term, definition = " ".join(term.split()), _clean_text(definition)
    errors = {}
    if not term:
        errors["term"] = _("Please enter the term.")
    if not definition:
        errors["definition"] = _("Please explain what the partners mean by it.")
    if errors:
        raise ValidationError(errors)
    return {"term": term, "definition": definition}


@transaction.atomic
def glossary_term_create(
    *, acting_user, initiative: Initiative, term: str, definition: str
) -> GlossaryTerm:
    """Add a term to the shared language; each term once per initiative, in any spelling."""
    _require_agenda_editor(acting_user, initiative)
    fields = _glossary_fields(term, definition)
    _check_glossary_term_free(initiative=initiative, term=fields["term"])
    try:
        with transaction.atomic():
            glossary_term = GlossaryTerm.objects.create(initiative=initiative, **fields)
    except IntegrityError as exc:  # a concurrent request added the same term
        raise ValidationError(
            {"term": _("The glossary already explains “%(term)s”.") % {"term": fields["term"]}}
        ) from exc
    audit_record(
        actor=acting_user, verb="glossary.created", initiative=initiative, target=glossary_term
    )
    return glossary_term


@transaction.atomic
def glossary_term_update(
    *, acting_user, glossary_term: GlossaryTerm, term: str, definition: str
) -> GlossaryTerm:
    initiative = glossary_term.initiative
    _require_agenda_editor(acting_user, initiative)
    fields = _glossary_fields(term, definition)
    _check_glossary_term_free(
        initiative=initiative, term=fields["term"], exclude_pk=glossary_term.pk
    )
    for key, value in fields.items():
        setattr(glossary_term, key, value)
    glossary_term.save()
    audit_record(
        actor=acting_user, verb="glossary.updated", initiative=initiative, target=glossary_term
    )
    return glossary_term


@transaction.atomic
def glossary_term_delete(*, acting_user, glossary_term: GlossaryTerm) -> None:
    initiative = glossary_term.initiative
    _require_agenda_editor(acting_user, initiative)
    audit_record(
        actor=acting_user, verb="glossary.deleted", initiative=initiative, target=glossary_term
    )
    glossary_term.delete()
