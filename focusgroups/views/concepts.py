"""Step 3 pages: solution concepts, the tasks board, sprints with their retrospectives, and
sessions of the group planned as meetings. Thin views: parse, authorise, call a service or
selector, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination import permissions as coordination_permissions
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from focusgroups import forms, permissions, selectors, services
from focusgroups.models import FocusGroupMember, RetroItem, SolutionConcept, Sprint, Task
from focusgroups.views.groups import _group, _refuse, _rights
from impact import permissions as impact_permissions

# A sprint lasts two weeks unless the group says otherwise.
SPRINT_DAYS = 14


def _can_work(membership, group, is_member) -> bool:
    return permissions.can_work_on_concepts(membership, group, is_member=is_member)


def _base(initiative, membership, group, is_member, **extra) -> dict:
    return {
        "initiative": initiative,
        "group": group,
        "can_work": _can_work(membership, group, is_member),
        **_rights(membership, group, is_member),
        **extra,
    }


def _url(name, slug, pk, *args) -> str:
    return reverse(f"focusgroups:{name}", args=[slug, pk, *args])


# Solution concepts


@login_required
def concept_list(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    context = _base(
        initiative,
        membership,
        group,
        is_member,
        concepts=selectors.concept_objectives_attach(selectors.concept_list(group=group)),
    )
    return render_page(request, "focusgroups/concept_list.html", context)


def _concept(group, concept_pk) -> SolutionConcept:
    concept = get_object_or_404(SolutionConcept, group=group, pk=concept_pk)
    concept.group = group
    return concept


def _objectives(membership, initiative):
    """The objectives a concept may serve; None (the form leaves the field out, an update keeps
    the concept's objectives) for those who may not see the results framework, participants."""
    if not impact_permissions.can_view_framework(membership):
        return None
    return selectors.objective_choices(initiative=initiative)


@login_required
def concept_create(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    cards = selectors.barrier_choices(group=group)
    form = forms.ConceptForm(
        request.POST or None,
        cards=cards,
        objectives=_objectives(membership, initiative),
    )
    if request.method == "POST" and form.is_valid():
        try:
            concept = services.solution_concept_create(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("The concept “%(title)s” has been saved.") % {"title": concept.title}
            )
            return redirect(request, _url("concept-detail", slug, pk, concept.pk))
    return render_form_page(
        request,
        "focusgroups/concept_form.html",
        _base(initiative, membership, group, is_member, form=form, cards=cards, is_new=True),
    )


@login_required
def concept_detail(request, slug, pk, concept_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    concept = selectors.concept_get(group=group, pk=concept_pk)
    if concept is None:
        raise Http404
    selectors.concept_objectives_attach([concept])
    affects = selectors.barrier_objectives(concept.barriers.all())
    for card in concept.barriers.all():
        card.objective_list = affects.get(card.pk, [])
    return render_page(
        request,
        "focusgroups/concept_detail.html",
        _base(initiative, membership, group, is_member, concept=concept),
    )


@login_required
def concept_update(request, slug, pk, concept_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    concept = _concept(group, concept_pk)
    cards = selectors.barrier_choices(group=group)
    form = forms.ConceptForm(
        request.POST or None,
        cards=cards,
        objectives=_objectives(membership, initiative),
        concept=concept,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_concept_update(
                acting_user=request.user, concept=concept, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _url("concept-detail", slug, pk, concept.pk))
    return render_form_page(
        request,
        "focusgroups/concept_form.html",
        _base(
            initiative,
            membership,
            group,
            is_member,
            form=form,
            cards=cards,
            concept=concept,
            is_new=False,
        ),
    )


@login_required
def concept_delete(request, slug, pk, concept_pk):
    """GET asks for confirmation; POST deletes, unless a prototype tests the concept."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    concept = selectors.concept_get(group=group, pk=concept_pk)
    if concept is None:
        raise Http404
    if request.method == "POST":
        try:
            services.solution_concept_delete(acting_user=request.user, concept=concept)
        except ApplicationError as error:
            _refuse(error)
            messages.error(request, error.message)
            return redirect(request, _url("concept-detail", slug, pk, concept.pk))
        messages.success(
            request, _("The concept “%(title)s” has been deleted.") % {"title": concept.title}
        )
        return redirect(request, _url("concept-list", slug, pk))
    return render_page(
        request,
        "focusgroups/concept_confirm_delete.html",
        _base(initiative, membership, group, is_member, concept=concept),
    )


# The tasks board


def _board_url(request, slug, pk) -> str:
    """Where a status move returns: the board with the filters it was sent from."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return _url("task-board", slug, pk)


def _task_board_context(request, initiative, membership, group, is_member) -> dict:
    mine = request.GET.get("mine") == "1"
    sprint = request.GET.get("sprint", "")
    board = selectors.task_board(group=group, viewer=request.user, mine=mine, sprint=sprint)
    return _base(
        initiative,
        membership,
        group,
        is_member,
        board=board,
        statuses=Task.Status.choices,
        is_filtered=mine or bool(sprint),
        board_url=request.get_full_path(),
    )


@login_required
def task_board(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    context = _task_board_context(request, initiative, membership, group, is_member)
    return render_page(request, "focusgroups/task_board.html", context, partial="board")


def _task_form(request, group, task=None, initial=None):
    members = FocusGroupMember.objects.filter(group=group).select_related("user")
    members = members.order_by("user__full_name", "user__email")
    concepts = SolutionConcept.objects.filter(group=group).order_by("created_at", "pk")
    sprints = Sprint.objects.filter(group=group).exclude(status=Sprint.Status.FINISHED)
    if task is not None and task.sprint_id:
        sprints = Sprint.objects.filter(group=group).exclude(
            status=Sprint.Status.FINISHED
        ) | Sprint.objects.filter(pk=task.sprint_id)
    return forms.TaskForm(
        request.POST or None,
        members=members,
        concepts=concepts,
        sprints=sprints.order_by("start_date", "pk"),
        task=task,
        initial=initial,
    )


def _task_initial(request, group) -> dict:
    """Sensible defaults: the viewer does it, in the running sprint, for the concept the link
    came from, due at the end of the sprint or in a week."""
    initial = {"status": Task.Status.TODO, "concept": request.GET.get("concept")}
    if group.members.filter(user=request.user).exists():
        initial["owner"] = request.user.pk
    running = Sprint.objects.filter(group=group, status=Sprint.Status.RUNNING).first()
    if running is not None:
        initial["sprint"] = running.pk
        initial["due_date"] = running.end_date
    else:
        initial["due_date"] = timezone.localdate() + datetime.timedelta(days=7)
    return initial


@login_required
def task_create(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    form = _task_form(request, group, initial=_task_initial(request, group))
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(acting_user=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The task “%(title)s” is on the board.") % {"title": task})
            return redirect(request, _url("task-board", slug, pk) + f"#task-{task.pk}")
    return render_form_page(
        request,
        "focusgroups/task_form.html",
        _base(initiative, membership, group, is_member, form=form, is_new=True),
    )


def _task(group, task_pk) -> Task:
    task = get_object_or_404(Task, group=group, pk=task_pk)
    task.group = group
    return task


@login_required
def task_update(request, slug, pk, task_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    task = _task(group, task_pk)
    form = _task_form(request, group, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(acting_user=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _url("task-board", slug, pk) + f"#task-{task.pk}")
    return render_form_page(
        request,
        "focusgroups/task_form.html",
        _base(initiative, membership, group, is_member, form=form, task=task, is_new=False),
    )


@login_required
@require_POST
def task_status(request, slug, pk, task_pk):
    """Move a task to another column (buttons, so it works by keyboard and on a phone)."""
    _initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    task = _task(group, task_pk)
    status = request.POST.get("status", "")
    try:
        services.task_set_status(acting_user=request.user, task=task, status=status)
    except ValidationError:
        messages.error(request, _("Please choose a column of the board."))
    else:
        messages.success(
            request,
            _("“%(title)s” is now in “%(status)s”.")
            % {"title": task.title, "status": task.get_status_display()},
        )
    return redirect(request, _board_url(request, slug, pk) + f"#task-{task.pk}")


# Sprints and retrospectives


@login_required
def sprint_list(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    return render_page(
        request,
        "focusgroups/sprint_list.html",
        _base(
            initiative,
            membership,
            group,
            is_member,
            sprints=list(selectors.sprint_list(group=group)),
        ),
    )


@login_required
def sprint_create(request, slug, pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    today = timezone.localdate()
    form = forms.SprintForm(
        request.POST or None,
        initial={
            "start_date": today,
            "end_date": today + datetime.timedelta(days=SPRINT_DAYS - 1),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            sprint = services.sprint_create(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The sprint is planned. Start it when the group begins."))
            return redirect(request, _url("sprint-detail", slug, pk, sprint.pk))
    return render_form_page(
        request,
        "focusgroups/sprint_form.html",
        _base(initiative, membership, group, is_member, form=form),
    )


def _sprint_context(request, initiative, membership, group, is_member, sprint_pk, **extra):
    sprint = selectors.sprint_get(group=group, pk=sprint_pk, viewer=request.user)
    if sprint is None:
        raise Http404
    return _base(
        initiative,
        membership,
        group,
        is_member,
        sprint=sprint,
        retro_form=extra.pop("retro_form", None) or forms.RetroItemForm(),
        **extra,
    )


@login_required
def sprint_detail(request, slug, pk, sprint_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    context = _sprint_context(request, initiative, membership, group, is_member, sprint_pk)
    return render_page(request, "focusgroups/sprint_detail.html", context)


@login_required
@require_POST
def sprint_status(request, slug, pk, sprint_pk):
    """Start a planned sprint or finish the running one."""
    _initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    sprint = get_object_or_404(Sprint, group=group, pk=sprint_pk)
    sprint.group = group
    action = request.POST.get("action")
    service = {"start": services.sprint_start, "finish": services.sprint_finish}.get(action)
    if service is None:
        raise Http404
    try:
        service(acting_user=request.user, sprint=sprint)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        if action == "start":
            messages.success(request, _("The sprint is running. Good luck!"))
        else:
            messages.success(
                request,
                _(
                    "The sprint is finished. Unfinished tasks are back on the board. Now look "
                    "back together: what went well, what to improve, what you try next."
                ),
            )
    url = _url("sprint-detail", slug, pk, sprint.pk)
    return redirect(request, url + ("#retro" if action == "finish" else ""))


@login_required
@require_POST
def retro_item_create(request, slug, pk, sprint_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    sprint = get_object_or_404(Sprint, group=group, pk=sprint_pk)
    sprint.group = group
    form = forms.RetroItemForm(request.POST)
    if form.is_valid():
        try:
            services.retro_item_create(acting_user=request.user, sprint=sprint, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        except ApplicationError as error:
            _refuse(error)
            form.add_error(None, error.message)
    if form.errors:
        context = _sprint_context(
            request, initiative, membership, group, is_member, sprint_pk, retro_form=form
        )
        response = render_page(
            request, "focusgroups/sprint_detail.html", context, partial="retro-form", status=422
        )
        return response
    return redirect(request, _url("sprint-detail", slug, pk, sprint.pk) + "#retro")


@login_required
@require_POST
def retro_item_task(request, slug, pk, sprint_pk, item_pk):
    """One click: a "we try next" note becomes a task on the board, linked back to it."""
    _initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    item = get_object_or_404(
        RetroItem.objects.select_related("sprint"),
        sprint__group=group,
        sprint_id=sprint_pk,
        pk=item_pk,
    )
    item.sprint.group = group
    try:
        task = services.retro_item_to_task(acting_user=request.user, item=item)
    except ApplicationError as error:
        _refuse(error)
        messages.error(request, error.message)
        return redirect(request, _url("sprint-detail", slug, pk, sprint_pk) + "#retro")
    messages.success(
        request,
        _("“%(title)s” is now a task on the board. Who takes it on?") % {"title": task.title},
    )
    return redirect(request, _url("sprint-detail", slug, pk, sprint_pk) + f"#retro-{item.pk}")


# Sessions


@login_required
def session_create(request, slug, pk):
    """Plan a session of the group as a meeting. The first session is suggested in person:
    trust and commitment grow there (seed 003); later ones default to online."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(permissions.can_schedule_session(membership, group, is_member=is_member))
    first = not group.sessions.exists()
    number = group.sessions.count() + 1
    form = forms.SessionForm(
        request.POST or None,
        initial={
            "title": _("%(name)s: session %(number)s") % {"name": group.name, "number": number},
            "duration_minutes": 90,
            "format": "in_person" if first else "online",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.focus_group_session_create(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The session on %(date)s is planned.")
                % {
                    "date": date_format(
                        timezone.localtime(session.meeting.starts_at), "DATE_FORMAT"
                    )
                },
            )
            return redirect(request, group.get_absolute_url() + "#sitzungen")
    return render_form_page(
        request,
        "focusgroups/session_form.html",
        _base(
            initiative,
            membership,
            group,
            is_member,
            form=form,
            first=first,
            can_view_meetings=coordination_permissions.can_view_meetings(membership),
        ),
    )


@login_required
def task_delete(request, slug, pk, task_pk):
    """GET asks for confirmation; POST deletes the task."""
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    task = _task(group, task_pk)
    if request.method == "POST":
        services.task_delete(acting_user=request.user, task=task)
        messages.success(request, _("The task “%(title)s” has been deleted.") % {"title": task})
        return redirect(request, _url("task-board", slug, pk))
    return render_page(
        request,
        "focusgroups/task_confirm_delete.html",
        _base(initiative, membership, group, is_member, task=task),
    )


@login_required
def sprint_update(request, slug, pk, sprint_pk):
    initiative, membership, group, is_member = _group(request, slug, pk)
    require(_can_work(membership, group, is_member))
    sprint = get_object_or_404(Sprint, group=group, pk=sprint_pk)
    sprint.group = group
    form = forms.SprintForm(
        request.POST or None,
        initial={"goal": sprint.goal, "start_date": sprint.start_date, "end_date": sprint.end_date},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sprint_update(acting_user=request.user, sprint=sprint, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(request, _url("sprint-detail", slug, pk, sprint.pk))
    return render_form_page(
        request,
        "focusgroups/sprint_form.html",
        _base(initiative, membership, group, is_member, form=form, sprint=sprint),
    )
