import copy

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import bar_chart
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from core.navigation import start_page
from initiatives import forms, permissions, selectors, services
from initiatives.models import (
    AgendaDraft,
    AgendaText,
    GlossaryTerm,
    Invitation,
    Membership,
    Organisation,
    Sector,
)

PAGE_SIZE = 25


def _initiative(request, slug):
    return permissions.access_initiative_page(request, slug)


@login_required
def home(request):
    """Start page: straight into the only initiative, else the list of one's initiatives."""
    memberships = list(selectors.membership_list_for_user(user=request.user)[:2])
    if len(memberships) == 1:
        membership = memberships[0]
        page = start_page(membership.initiative, membership)
        return redirect(request, page[1] if page else membership.initiative)
    return redirect(request, "initiatives:initiative-list")


@login_required
def initiative_start(request, slug):
    """Opening an initiative: the member's start page if their role has one (the backbone
    office's cockpit), else the overview."""
    initiative, membership = _initiative(request, slug)
    page = start_page(initiative, membership)
    return redirect(request, page[1] if page else initiative.get_absolute_url())


@login_required
def initiative_list(request):
    page = Paginator(selectors.initiative_list(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "initiatives/initiative_list.html",
        {"page": page, "can_create": permissions.can_create_initiative(request.user)},
    )


@login_required
def initiative_create(request):
    require(permissions.can_create_initiative(request.user))
    form = forms.InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” has been created. Next, add the partner organisations.")
                % {"name": initiative.name},
            )
            return redirect(request, initiative)
    return render_form_page(
        request, "initiatives/initiative_form.html", {"form": form, "is_new": True}
    )


@login_required
def initiative_detail(request, slug):
    initiative, membership = _initiative(request, slug)
    sector_counts = selectors.organisation_sector_counts(initiative=initiative)
    context = {
        "initiative": initiative,
        "membership": membership,
        "organisation_count": sum(n for *_, n in sector_counts),
        "member_count": initiative.memberships.count(),
        "sector_counts": sector_counts,
        "can_manage": permissions.can_manage_initiative(membership),
        "can_view_members": permissions.can_view_members(membership),
        "agenda": selectors.agenda_summary(initiative=initiative),
    }
    return render(request, "initiatives/initiative_detail.html", context)


@login_required
def initiative_update(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    form = forms.InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, initiative)
    # A rejected form must not leak its unsaved values into the navigation.
    initiative.refresh_from_db()
    return render_form_page(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": initiative, "is_new": False},
    )


def sector_chart(sector_counts, initiative):
    return bar_chart(
        title=_("Partner organisations by sector"),
        description=_("How many partner organisations of %(name)s come from each sector.")
        % {"name": initiative.name},
        data=[(label, n) for _value, label, n in sector_counts],
        value_label=_("Organisations"),
    )


@login_required
def organisation_list(request, slug):
    initiative, membership = _initiative(request, slug)
    sector = request.GET.get("sektor") or None
    if sector not in Sector.values:
        sector = None
    sector_counts = selectors.organisation_sector_counts(initiative=initiative)
    page = Paginator(
        selectors.organisation_list(initiative=initiative, sector=sector), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "initiative": initiative,
        "membership": membership,
        "page": page,
        "sector": sector,
        "sectors": Sector.choices,
        "chart": sector_chart(sector_counts, initiative),
        "show_details": permissions.can_view_partner_details(membership),
        "can_manage": permissions.can_manage_initiative(membership),
    }
    return render_page(request, "initiatives/organisation_list.html", context, partial="results")


@login_required
def organisation_detail(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_partner_details(membership))
    organisation = get_object_or_404(Organisation, initiative=initiative, pk=pk)
    members = (
        organisation.memberships.select_related("user").order_by("user__full_name")
        if permissions.can_view_members(membership)
        else Membership.objects.none()
    )
    return render(
        request,
        "initiatives/organisation_detail.html",
        {
            "initiative": initiative,
            "organisation": organisation,
            "members": members,
            "can_manage": permissions.can_manage_initiative(membership),
        },
    )


@login_required
def organisation_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” has been added. You can now invite its members.")
                % {"name": organisation.name},
            )
            if "another" in request.POST:
                return redirect(request, "initiatives:organisation-create", slug=initiative.slug)
            return redirect(request, "initiatives:organisation-list", slug=initiative.slug)
    return render_form_page(
        request,
        "initiatives/organisation_form.html",
        {"form": form, "initiative": initiative, "is_new": True},
    )


@login_required
def organisation_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    organisation = get_object_or_404(Organisation, initiative=initiative, pk=pk)
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                acting_user=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, "initiatives:organisation-detail", slug=initiative.slug, pk=pk)
    organisation.refresh_from_db()
    return render_form_page(
        request,
        "initiatives/organisation_form.html",
        {"form": form, "initiative": initiative, "organisation": organisation, "is_new": False},
    )


@login_required
def organisation_delete(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    organisation = get_object_or_404(Organisation, initiative=initiative, pk=pk)
    status = 200
    if request.method == "POST":
        try:
            services.organisation_delete(acting_user=request.user, organisation=organisation)
        except ApplicationError as exc:
            problem, status = exc, 409
        else:
            messages.success(
                request, _("“%(name)s” has been removed.") % {"name": organisation.name}
            )
            return redirect(request, "initiatives:organisation-list", slug=initiative.slug)
    else:
        problem = services.organisation_delete_problem(organisation=organisation)
    return render(
        request,
        "initiatives/organisation_confirm_delete.html",
        {
            "initiative": initiative,
            "organisation": organisation,
            "error": problem.message if problem else None,
            "error_code": problem.code if problem else None,
        },
        status=status,
    )


@login_required
def membership_list(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_members(membership))
    can_manage = permissions.can_manage_initiative(membership)
    page = Paginator(selectors.membership_list(initiative=initiative), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "initiative": initiative,
        "page": page,
        "can_manage": can_manage,
        "show_emails": permissions.can_view_member_emails(membership),
        "invitations": selectors.invitation_list_open(initiative=initiative) if can_manage else [],
    }
    return render(request, "initiatives/membership_list.html", context)


@login_required
def invitation_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    initial = {}
    if request.GET.get("organisation"):
        initial = {"role": "partner", "organisation": request.GET["organisation"]}
    form = forms.InvitationForm(request.POST or None, initiative=initiative, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            if "another" in request.POST:
                return redirect(request, "initiatives:invitation-create", slug=initiative.slug)
            return redirect(request, "initiatives:membership-list", slug=initiative.slug)
    return render_form_page(
        request, "initiatives/invitation_form.html", {"form": form, "initiative": initiative}
    )


def _invitation(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    return get_object_or_404(Invitation, initiative=initiative, pk=pk)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    invitation = _invitation(request, slug, pk)
    try:
        services.invitation_resend(acting_user=request.user, invitation=invitation)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been sent again.") % {"email": invitation.email},
        )
    return redirect(request, "initiatives:membership-list", slug=slug)


@login_required
def invitation_revoke(request, slug, pk):
    invitation = _invitation(request, slug, pk)
    if request.method == "POST":
        try:
            services.invitation_revoke(acting_user=request.user, invitation=invitation)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
            )
        return redirect(request, "initiatives:membership-list", slug=slug)
    return render(
        request,
        "initiatives/invitation_confirm_revoke.html",
        {"initiative": invitation.initiative, "invitation": invitation},
    )


@login_required
def membership_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_initiative(membership))
    target = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), initiative=initiative, pk=pk
    )
    # Validating writes the submitted role onto the form's instance; the service must still see
    # the stored role to protect the last coordinator, so the form works on a copy.
    form = forms.MembershipForm(
        request.POST or None, instance=copy.copy(target), initiative=initiative
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                acting_user=request.user,
                membership=target,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("The role of %(name)s has been changed.") % {"name": target.user}
            )
            return redirect(request, "initiatives:membership-list", slug=slug)
    target.refresh_from_db()
    return render_form_page(
        request,
        "initiatives/membership_form.html",
        {"form": form, "initiative": initiative, "target": target},
    )


@login_required
def membership_remove(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    target = get_object_or_404(
        Membership.objects.select_related("user"), initiative=initiative, pk=pk
    )
    # Decided before the delete, which sets `target.pk` to None.
    is_self = target.pk == membership.pk
    require(permissions.can_manage_initiative(membership) or is_self)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(acting_user=request.user, membership=target)
        except ApplicationError as exc:
            error = exc.message
        else:
            if is_self:
                messages.success(
                    request, _("You have left “%(name)s”.") % {"name": initiative.name}
                )
                return redirect(request, "home")
            messages.success(
                request, _("%(name)s has been removed from the initiative.") % {"name": target.user}
            )
            return redirect(request, "initiatives:membership-list", slug=slug)
    return render(
        request,
        "initiatives/membership_confirm_remove.html",
        {
            "initiative": initiative,
            "target": target,
            "is_self": is_self,
            "error": error,
        },
        status=409 if error else 200,
    )


def invitation_accept(request, token):
    """The page behind the link in an invitation e-mail."""
    invitation = services.invitation_get_by_token(token=token)
    context = {"invitation": invitation, "token": token}
    if invitation is None:
        context["error"] = _(
            "This invitation link is not valid. Please check that you copied it completely."
        )
        context["error_code"] = "invitation_invalid"
        return render(request, "initiatives/invitation_accept.html", context, status=404)
    if invitation.status != Invitation.Status.OPEN:
        try:
            services.invitation_check_usable(invitation=invitation)
        except services.InvitationUnusable as exc:
            context["error"] = exc.message
            context["error_code"] = exc.code
        return render(request, "initiatives/invitation_accept.html", context, status=410)

    user = request.user
    account_exists = (
        not user.is_authenticated
        and services.User.objects.filter(email__iexact=invitation.email).exists()
    )
    form = None
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["error"] = _(
                "This invitation is addressed to %(email)s, but you are logged in as %(current)s. "
                "Please log out and open the link again."
            ) % {"email": invitation.email, "current": user.email}
            context["error_code"] = "invitation_other_user"
            return render(request, "initiatives/invitation_accept.html", context, status=403)
        if request.method == "POST":
            try:
                membership = services.invitation_accept(token=token, acting_user=user)
            except services.InvitationUnusable as exc:  # e.g. accepted in another tab meanwhile
                context.update(error=exc.message, error_code=exc.code)
                return render(request, "initiatives/invitation_accept.html", context, status=410)
            messages.success(
                request, _("Welcome to “%(name)s”.") % {"name": membership.initiative.name}
            )
            return redirect(request, membership.initiative)
    elif not account_exists:
        form = forms.InvitationAcceptForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                membership = services.invitation_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except services.InvitationUnusable as exc:
                context.update(error=exc.message, error_code=exc.code)
                return render(request, "initiatives/invitation_accept.html", context, status=410)
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to “%(name)s”.") % {"name": membership.initiative.name}
            )
            return redirect(request, membership.initiative)
    context.update(
        {
            "form": form,
            "account_exists": account_exists,
            "login_url": reverse("accounts:login") + "?next=" + request.path,
        }
    )
    return render(
        request,
        "initiatives/invitation_accept.html",
        context,
        status=422 if form is not None and form.errors else 200,
    )


# The common agenda


def _agenda_url(slug: str, anchor: str = "") -> str:
    url = reverse("initiatives:agenda-detail", kwargs={"slug": slug})
    return f"{url}#{anchor}" if anchor else url


@login_required
def agenda_detail(request, slug):
    """The current version, who carries it, and the shared language."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_agenda(membership))
    overview = selectors.endorsement_overview(initiative=initiative)
    can_edit = permissions.can_edit_agenda(membership)
    can_endorse = permissions.can_endorse_agenda(membership) and overview.version is not None
    context = {
        "initiative": initiative,
        "version": overview.version,
        "overview": overview,
        "own_row": overview.row_for(membership.organisation_id) if can_endorse else None,
        "glossary": selectors.glossary_term_list(initiative=initiative),
        "draft": selectors.agenda_draft_get(initiative=initiative) if can_edit else None,
        "can_edit": can_edit,
        "can_endorse": can_endorse,
        "show_people": permissions.can_view_endorsers(membership),
    }
    return render(request, "initiatives/agenda_detail.html", context)


@login_required
def agenda_draft_update(request, slug):
    """Edit the working draft; without one, a new draft starts from the current text."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_edit_agenda(membership))
    draft = selectors.agenda_draft_get(initiative=initiative)
    current = selectors.agenda_version_current(initiative=initiative)
    if draft is not None:
        instance = copy.copy(draft)
    else:
        start = {name: getattr(current, name) for name in AgendaText.SECTIONS} if current else {}
        instance = AgendaDraft(initiative=initiative, **start)
    form = forms.AgendaDraftForm(request.POST or None, instance=instance)
    # The state of the draft the next save starts from: the one this page showed, unless a
    # conflict just showed a newer one.
    stamp = request.POST.get("base_stamp") or services.agenda_draft_stamp(draft)
    conflict_diffs = None
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_draft_save(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except services.AgendaDraftConflictError as error:
            form_add_service_error(form, error)
            stamp = error.extra["stamp"]
            draft = selectors.agenda_draft_get(initiative=initiative)
            if draft is not None:  # what saving now would change in the colleague's draft
                conflict_diffs = selectors.agenda_section_diffs(old=draft, new=form.instance)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            if "review" in request.POST:
                return redirect(request, "initiatives:agenda-publish", slug=slug)
            messages.success(
                request,
                _("The draft has been saved. The partners see it only once you publish it."),
            )
            return redirect(request, "initiatives:agenda-detail", slug=slug)
    return render_form_page(
        request,
        "initiatives/agenda_draft_form.html",
        {
            "form": form,
            "initiative": initiative,
            "draft": draft,
            "current": current,
            "draft_stamp": stamp,
            "conflict_diffs": conflict_diffs,
        },
    )


@login_required
def agenda_draft_discard(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_edit_agenda(membership))
    draft = selectors.agenda_draft_get(initiative=initiative)
    if draft is None:
        messages.info(request, _("There is no draft to discard."))
        return redirect(request, "initiatives:agenda-detail", slug=slug)
    if request.method == "POST":
        try:
            services.agenda_draft_discard(acting_user=request.user, initiative=initiative)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The draft has been discarded."))
        return redirect(request, "initiatives:agenda-detail", slug=slug)
    return render(
        request,
        "initiatives/agenda_confirm_discard.html",
        {"initiative": initiative, "draft": draft},
    )


def _problem_messages(problem) -> list[str]:
    if problem is None:
        return []
    if isinstance(problem, ApplicationError):
        return [problem.message]
    return list(problem.messages)


@login_required
def agenda_publish(request, slug):
    """Show what the publication changes and who is asked again; publish on confirmation."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_edit_agenda(membership))
    draft = selectors.agenda_draft_get(initiative=initiative)
    if draft is None:
        messages.info(request, _("There is no draft to publish yet. Write it here first."))
        return redirect(request, "initiatives:agenda-draft-update", slug=slug)
    current = selectors.agenda_version_current(initiative=initiative)
    status, conflict = 200, None
    if request.method == "POST":
        try:
            version = services.agenda_publish(
                acting_user=request.user,
                initiative=initiative,
                base_stamp=request.POST.get("base_stamp") or None,
            )
        except services.AgendaDraftConflictError as exc:
            # The page below shows the draft as it is now, to be reviewed and confirmed again.
            conflict, status = exc.message, 409
            draft = selectors.agenda_draft_get(initiative=initiative)
            current = selectors.agenda_version_current(initiative=initiative)
            problem = services.agenda_draft_problems(draft=draft, current=current)
        except ValidationError as exc:
            problem, status = exc, 422
        except ApplicationError as exc:
            problem, status = exc, 409
        else:
            messages.success(
                request,
                _(
                    "Version %(number)s has been published. Every partner organisation is now "
                    "asked whether it carries it."
                )
                % {"number": version.number},
            )
            return redirect(request, "initiatives:agenda-detail", slug=slug)
    else:
        problem = services.agenda_draft_problems(draft=draft, current=current)
    context = {
        "initiative": initiative,
        "draft": draft,
        "current": current,
        "next_number": current.number + 1 if current else 1,
        "diffs": selectors.agenda_section_diffs(old=current, new=draft),
        "problems": _problem_messages(problem),
        "conflict": conflict,
        "draft_stamp": services.agenda_draft_stamp(draft),
        "organisation_count": initiative.organisations.count(),
    }
    return render(request, "initiatives/agenda_confirm_publish.html", context, status=status)


@login_required
def endorsement_edit(request, slug):
    """A partner member states how their organisation carries the current version.

    The statement is stored on the version the page showed (its number comes back with the
    form); if another version was published meanwhile, the service refuses and the form
    shows the new version with what was typed.
    """
    initiative, membership = _initiative(request, slug)
    require(permissions.can_endorse_agenda(membership))
    version = selectors.agenda_version_current(initiative=initiative)
    if version is None:
        raise Http404
    organisation = membership.organisation
    existing = selectors.endorsement_get(version=version, organisation=organisation)
    form = forms.EndorsementForm(
        request.POST or None, instance=copy.copy(existing) if existing else None
    )
    if request.method == "POST" and form.is_valid():
        statement = dict(form.cleaned_data)
        number = statement.pop("version_number")
        shown = (
            version
            if number is None or number == version.number
            else selectors.agenda_version_get(initiative=initiative, number=number)
        )
        try:
            if shown is None:
                raise ApplicationError(forms.ENDORSEMENT_PAGE_OUT_OF_DATE)
            services.endorsement_set(
                acting_user=request.user,
                version=shown,
                organisation=organisation,
                **statement,
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The partners now see how %(name)s carries version %(number)s.")
                % {"name": organisation.name, "number": shown.number},
            )
            return redirect(request, _agenda_url(slug, "mittragen"))
    return render_form_page(
        request,
        "initiatives/endorsement_form.html",
        {
            "form": form,
            "initiative": initiative,
            "version": version,
            "organisation": organisation,
            "existing": existing,
        },
    )


@login_required
def agenda_version_list(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_agenda(membership))
    return render(
        request,
        "initiatives/agenda_version_list.html",
        {
            "initiative": initiative,
            "versions": selectors.agenda_version_list(initiative=initiative),
            "show_people": permissions.can_view_endorsers(membership),
        },
    )


@login_required
def agenda_version_detail(request, slug, number):
    """One version as it was published, what changed against the one before, who carried it."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_agenda(membership))
    version = selectors.agenda_version_get(initiative=initiative, number=number)
    if version is None:
        raise Http404
    previous = (
        selectors.agenda_version_get(initiative=initiative, number=number - 1)
        if number > 1
        else None
    )
    current = selectors.agenda_version_current(initiative=initiative)
    context = {
        "initiative": initiative,
        "version": version,
        "previous": previous,
        "current": current,
        "diffs": selectors.agenda_section_diffs(old=previous, new=version),
        "endorsements": selectors.endorsement_list(version=version),
        "show_people": permissions.can_view_endorsers(membership),
    }
    return render(request, "initiatives/agenda_version_detail.html", context)


@login_required
def glossary_term_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_edit_agenda(membership))
    form = forms.GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            glossary_term = services.glossary_term_create(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(term)s” has been added to the glossary.") % {"term": glossary_term.term},
            )
            if "another" in request.POST:
                return redirect(request, "initiatives:glossary-term-create", slug=slug)
            return redirect(request, _agenda_url(slug, "glossar"))
    return render_form_page(
        request,
        "initiatives/glossary_term_form.html",
        {"form": form, "initiative": initiative, "is_new": True},
    )


@login_required
def glossary_term_update(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_edit_agenda(membership))
    glossary_term = get_object_or_404(GlossaryTerm, initiative=initiative, pk=pk)
    form = forms.GlossaryTermForm(request.POST or None, instance=copy.copy(glossary_term))
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_update(
                acting_user=request.user, glossary_term=glossary_term, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _agenda_url(slug, "glossar"))
    return render_form_page(
        request,
        "initiatives/glossary_term_form.html",
        {
            "form": form,
            "initiative": initiative,
            "glossary_term": glossary_term,
            "is_new": False,
        },
    )


@login_required
def glossary_term_delete(request, slug, pk):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_edit_agenda(membership))
    glossary_term = get_object_or_404(GlossaryTerm, initiative=initiative, pk=pk)
    if request.method == "POST":
        services.glossary_term_delete(acting_user=request.user, glossary_term=glossary_term)
        messages.success(
            request,
            _("“%(term)s” has been removed from the glossary.") % {"term": glossary_term.term},
        )
        return redirect(request, _agenda_url(slug, "glossar"))
    return render(
        request,
        "initiatives/glossary_term_confirm_delete.html",
        {"initiative": initiative, "glossary_term": glossary_term},
    )
