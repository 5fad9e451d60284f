"""Focus group pages: thin views that parse, authorise, call a service or selector and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget

from coordination import permissions as coordination_permissions
from core.errors import ApplicationError, PermissionDeniedError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from focusgroups import forms, permissions, selectors, services
from focusgroups.models import BarrierCard, BarrierCluster, FocusGroup
from initiatives.permissions import access_initiative_page


def _initiative(request, slug):
    return access_initiative_page(request, slug)


def _group(request, slug, pk):
    initiative, membership, group, is_member = permissions.access_focus_group(
        user=request.user, slug=slug, pk=pk
    )
    request.initiative, request.membership = initiative, membership
    return initiative, membership, group, is_member


def _rights(membership, group, is_member) -> dict:
    return {
        "is_member": is_member,
        "can_contribute": permissions.can_contribute(membership, group, is_member=is_member),
        "can_manage": permissions.can_manage_focus_group(membership, group, is_member=is_member),
        "can_add_members": permissions.can_add_members(membership, group, is_member=is_member),
        "can_dissolve": permissions.can_dissolve_focus_group(
            membership, group, is_member=is_member
        ),
        "can_join": permissions.can_join(membership, group, is_member=is_member),
        "can_leave": permissions.can_leave(membership, group, is_member=is_member),
        "can_confirm": permissions.can_confirm_problem(membership, group),
        "can_skip_gate": permissions.can_skip_stage_gate(membership, group),
    }


def _refuse(error: ApplicationError):
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(error.message)


@login_required
def group_list(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_view_focus_groups(membership))
    perspectives = selectors.initiative_perspectives(initiative=initiative)
    active, archive = (
        list(
            selectors.focus_group_list(
                initiative=initiative, viewer=request.user, membership=membership, status=status
            )
        )
        for status in (FocusGroup.Status.ACTIVE, FocusGroup.Status.DISSOLVED)
    )
    for group in active:
        group.diversity = selectors.group_diversity(
            members=group.members.all(), perspectives=perspectives
        )
    return render(
        request,
        "focusgroups/group_list.html",
        {
            "initiative": initiative,
            "active": active,
            "archive": archive,
            "can_found": permissions.can_found_focus_group(membership),
            "sees_all": permissions.can_view_all_focus_groups(membership),
        },
    )


@login_required
def group_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_found_focus_group(membership))
    candidates = selectors.candidate_members(initiative=initiative).exclude(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = forms.FocusGroupFoundForm(data, candidates=candidates)
    if request.method == "GET" and request.GET.get("preview"):
        # The diversity preview while founding: the founder plus the people ticked so far.
        form = forms.FocusGroupFoundForm(request.GET, candidates=candidates)
        ids = [request.user.pk, *form.selected_ids()]
        return render(
            request,
            "focusgroups/group_form.html#diversity",
            {"diversity": selectors.diversity_for_users(initiative=initiative, user_ids=ids)},
        )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.focus_group_create(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("The focus group “%(name)s” has been founded.") % {"name": group.name}
            )
            return redirect(request, group)
    ids = [request.user.pk, *form.selected_ids()]
    return render_form_page(
        request,
        "focusgroups/group_form.html",
        {
            "form": form,
            "initiative": initiative,
            "is_new": True,
            "diversity": selectors.diversity_for_users(initiative=initiative, user_ids=ids),
        },
    )


@login_required
def group_update(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_manage_focus_group(membership, group, is_member=is_member))
    form = forms.FocusGroupForm(request.POST or None, instance=FocusGroup.objects.get(pk=group.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_group_update(acting_user=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, group)
    return render_form_page(
        request,
        "focusgroups/group_form.html",
        {"form": form, "initiative": initiative, "group": group, "is_new": False},
    )


@login_required
def group_detail(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    perspectives = selectors.initiative_perspectives(initiative=initiative)
    members = selectors.member_list(group=group, perspectives=perspectives)
    rights = _rights(membership, group, is_member)
    candidates = (
        selectors.candidate_members(initiative=initiative, exclude_group=group)
        if rights["can_add_members"]
        else []
    )
    objectives, indicators = selectors.group_links_get(group=group)
    return render(
        request,
        "focusgroups/group_detail.html",
        {
            "initiative": initiative,
            "group": group,
            "members": members,
            "diversity": selectors.group_diversity(members=members, perspectives=perspectives),
            "problem": selectors.problem_get(group=group, viewer=request.user),
            "steps": selectors.group_stage_summary(group=group),
            "objectives": objectives,
            "indicators": indicators,
            "member_form": forms.MemberAddForm(candidates=candidates) if candidates else None,
            "sessions": selectors.session_list(group=group),
            "can_schedule_session": permissions.can_schedule_session(
                membership, group, is_member=is_member
            ),
            "can_view_meetings": coordination_permissions.can_view_meetings(membership),
            **rights,
        },
    )


@login_required
def group_pipeline(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    rights = _rights(membership, group, is_member)
    form = forms.StageAdvanceForm(request.POST or None)
    if request.method == "POST":
        require(rights["can_manage"])
        if form.is_valid():
            try:
                services.focus_group_stage_advance(
                    acting_user=request.user,
                    group=group,
                    note=form.cleaned_data["note"],
                    from_stage=form.cleaned_data["from_stage"],
                )
            except ValidationError as error:
                form_add_service_error(form, error)
            except ApplicationError as error:
                _refuse(error)
                if error.code == "stage_moved":
                    # The page was out of date (a second click): show where the group is now,
                    # with the reason on top; the form may not even be offered there.
                    messages.error(request, error.message)
                    return redirect(request, "focusgroups:group-pipeline", slug=slug, pk=pk)
                form_add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("The group now works on step %(number)s: %(title)s.")
                    % {"number": group.stage, "title": group.get_stage_display()},
                )
                return redirect(request, "focusgroups:group-pipeline", slug=slug, pk=pk)
    # After a refusal the service has refreshed `group`: the steps show where it is now.
    steps = selectors.group_stage_summary(group=group)
    current = steps[group.stage - 1]
    return render_form_page(
        request,
        "focusgroups/group_pipeline.html",
        {
            "form": form,
            "initiative": initiative,
            "group": group,
            "steps": steps,
            "current": current,
            **_prototype_context(membership, group, is_member),
            "step3": selectors.step3_overview(group=group) if group.stage >= 3 else None,
            "can_work": permissions.can_work_on_concepts(membership, group, is_member=is_member),
            "may_advance": rights["can_manage"]
            and group.stage < 5
            and (current.ready or rights["can_skip_gate"]),
            **rights,
        },
    )


def _prototype_context(membership, group, is_member) -> dict:
    """Steps 4 and 5 on the five-step page: the prototypes and what each needs next."""
    return {
        "prototypes": list(selectors.prototype_list(group=group)),
        "can_work_on_prototypes": permissions.can_work_on_prototypes(
            membership, group, is_member=is_member
        ),
    }


@login_required
def group_dissolve(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_dissolve_focus_group(membership, group, is_member=is_member))
    form = forms.DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_group_dissolve(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The focus group “%(name)s” has been dissolved. It stays readable in the "
                    "archive."
                )
                % {"name": group.name},
            )
            return redirect(request, group)
    return render_form_page(
        request,
        "focusgroups/group_dissolve.html",
        {"form": form, "initiative": initiative, "group": group},
    )


@login_required
@require_POST
def group_join(request, slug, pk):
    _this_initiative, _membership, group, _is_member = _group(request, slug, pk)
    try:
        services.focus_group_join(acting_user=request.user, group=group)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are now a member of this focus group."))
    return redirect(request, group)


@login_required
@require_POST
def group_leave(request, slug, pk):
    _this_initiative, membership, group, _is_member = _group(request, slug, pk)
    try:
        services.focus_group_leave(acting_user=request.user, group=group)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have left the focus group."))
    if permissions.can_view_all_focus_groups(membership):
        return redirect(request, group)
    return redirect(request, "focusgroups:group-list", slug=slug)


@login_required
@require_POST
def member_add(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_add_members(membership, group, is_member=is_member))
    candidates = selectors.candidate_members(initiative=initiative, exclude_group=group)
    form = forms.MemberAddForm(request.POST, candidates=candidates)
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.focus_group_member_add(acting_user=request.user, group=group, user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now a member of the group.")
                % {"name": user.full_name or user.email},
            )
    else:
        messages.error(request, _("Please choose a person to add."))
    return redirect(request, reverse("focusgroups:group-detail", args=[slug, pk]) + "#mitglieder")


@login_required
def problem_edit(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_manage_focus_group(membership, group, is_member=is_member))
    statement = getattr(group, "problem", None)
    form = forms.ProblemStatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        services.problem_statement_save(acting_user=request.user, group=group, **form.cleaned_data)
        messages.success(
            request, _("The problem statement has been saved. Now the group can agree to it.")
        )
        return redirect(request, reverse("focusgroups:group-detail", args=[slug, pk]) + "#problem")
    return render_form_page(
        request,
        "focusgroups/problem_form.html",
        {"form": form, "initiative": initiative, "group": group},
    )


@login_required
@require_POST
def problem_agree(request, slug, pk):
    _this_initiative, _membership, group, _is_member = _group(request, slug, pk)
    action = request.POST.get("action", "agree")
    service = {
        "agree": services.problem_statement_agree,
        "withdraw": services.problem_statement_withdraw,
        "confirm": services.problem_statement_confirm,
    }.get(action)
    if service is None:
        raise Http404
    try:
        statement = service(acting_user=request.user, group=group)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        if statement.is_agreed:
            messages.success(request, _("Thank you. The problem statement is agreed by the group."))
        else:
            messages.success(request, _("Thank you. Your answer has been saved."))
    return redirect(request, reverse("focusgroups:group-detail", args=[slug, pk]) + "#problem")


# The barrier board


def _sort(request) -> str:
    return "votes" if request.GET.get("sort") == "votes" else ""


def _board_context(request, initiative, membership, group, is_member, **extra) -> dict:
    sort = _sort(request)
    return {
        "initiative": initiative,
        "group": group,
        "board": selectors.board_get(group=group, viewer=request.user, sort=sort),
        "version": group.board_version,
        "sort": sort,
        **_rights(membership, group, is_member),
        **extra,
    }


@login_required
def board(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    context = _board_context(request, initiative, membership, group, is_member)
    context["card_form"] = forms.BarrierCardForm(group=group)
    context["cluster_form"] = forms.ClusterForm()
    return render_page(request, "focusgroups/board.html", context, partial="cards")


@login_required
@require_GET
def board_version(request, slug, pk):
    """What open boards poll: 204 while nothing changed, else the cards with the new version.

    Only the cards are sent, never the forms: what someone is typing stays untouched.
    """
    initiative, membership, group, is_member = _group(request, slug, pk)
    known = request.GET.get("v", "")
    if known == str(group.board_version):
        return HttpResponse(status=204)
    context = _board_context(request, initiative, membership, group, is_member)
    return render(request, "focusgroups/board.html#cards", context)


def _board_answer(request, slug, pk, initiative, membership, group, is_member, error=None):
    """After a board write: htmx gets the fresh cards, a plain browser the board page."""
    if error:
        messages.error(request, error)
    if getattr(request, "htmx", False):
        fresh = FocusGroup.objects.get(pk=group.pk)
        fresh.initiative = initiative
        context = _board_context(request, initiative, membership, fresh, is_member, error=error)
        return render(request, "focusgroups/board.html#cards", context)
    url = reverse("focusgroups:board", args=[slug, pk])
    if _sort(request):
        url += "?sort=votes"
    return redirect(request, url)


@login_required
@require_POST
def card_create(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_contribute(membership, group, is_member=is_member))
    form = forms.BarrierCardForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.barrier_card_create(acting_user=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
    if form.errors:
        context = _board_context(request, initiative, membership, group, is_member)
        context["card_form"] = form
        context["cluster_form"] = forms.ClusterForm()
        if getattr(request, "htmx", False):
            response = render(request, "focusgroups/board.html#card-form", context, status=422)
            return retarget(response, "#card-form")
        return render(request, "focusgroups/board.html", context, status=422)
    if not getattr(request, "htmx", False):
        messages.success(request, _("Your card is on the board."))
    return _board_answer(request, slug, pk, initiative, membership, group, is_member)


@login_required
@require_POST
def cluster_create(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_contribute(membership, group, is_member=is_member))
    form = forms.ClusterForm(request.POST)
    if form.is_valid():
        try:
            services.barrier_cluster_create(
                acting_user=request.user, group=group, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_add_service_error(form, error)
    if form.errors:
        context = _board_context(request, initiative, membership, group, is_member)
        context["card_form"] = forms.BarrierCardForm(group=group)
        context["cluster_form"] = form
        if getattr(request, "htmx", False):
            response = render(request, "focusgroups/board.html#cluster-form", context, status=422)
            return retarget(response, "#cluster-form")
        return render(request, "focusgroups/board.html", context, status=422)
    return _board_answer(request, slug, pk, initiative, membership, group, is_member)


@login_required
def cluster_update(request, slug, pk, cluster_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_contribute(membership, group, is_member=is_member))
    cluster = get_object_or_404(BarrierCluster, group=group, pk=cluster_pk)
    cluster.group = group
    form = forms.ClusterForm(request.POST or None, initial={"name": cluster.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_cluster_rename(
                acting_user=request.user, cluster=cluster, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The cluster has been renamed."))
            return redirect(request, reverse("focusgroups:board", args=[slug, pk]))
    return render_form_page(
        request,
        "focusgroups/cluster_form.html",
        {"form": form, "initiative": initiative, "group": group, "cluster": cluster},
    )


def _card(group, card_pk) -> BarrierCard:
    card = get_object_or_404(BarrierCard, group=group, pk=card_pk)
    card.group = group
    return card


@login_required
@require_POST
def card_vote(request, slug, pk, card_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_contribute(membership, group, is_member=is_member))
    card = _card(group, card_pk)
    remove = request.POST.get("action") == "remove"
    error = None
    try:
        if remove:
            services.barrier_vote_remove(acting_user=request.user, card=card)
        else:
            services.barrier_vote_add(acting_user=request.user, card=card)
    except ApplicationError as exc:
        _refuse(exc)
        error = exc.message
    return _board_answer(request, slug, pk, initiative, membership, group, is_member, error)


@login_required
@require_POST
def card_move(request, slug, pk, card_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_contribute(membership, group, is_member=is_member))
    card = _card(group, card_pk)
    raw = request.POST.get("cluster", "")
    cluster = None
    if raw:
        cluster = BarrierCluster.objects.filter(group=group, pk=raw if raw.isdigit() else 0).first()
        if cluster is None:
            return _board_answer(
                request,
                slug,
                pk,
                initiative,
                membership,
                group,
                is_member,
                _("Please choose one of the board's clusters."),
            )
    services.barrier_card_move(acting_user=request.user, card=card, cluster=cluster)
    return _board_answer(request, slug, pk, initiative, membership, group, is_member)
