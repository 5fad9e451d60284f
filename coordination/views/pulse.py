"""HTML pages of the partnership pulse: the rounds with the trend, one round's results, the
anonymous answer form, and opening and closing rounds (the backbone office)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import forms, permissions, selectors, services
from coordination.charts import pulse_trend_chart
from coordination.models import PULSE_MIN_ANSWERS, PulseQuestion
from core.errors import ApplicationError
from core.forms import form_add_service_error
from core.htmx import redirect, render_form_page, render_page
from core.http import require
from initiatives.permissions import access_initiative_page

# A round is open for three weeks unless the backbone office chooses otherwise.
DEFAULT_ROUND_DAYS = 21


def _initiative(request, slug):
    return access_initiative_page(request, slug, permissions.can_view_pulse)


def _round(request, initiative, pk):
    pulse_round = selectors.pulse_round_get(viewer=request.user, initiative=initiative, pk=pk)
    if pulse_round is None:
        raise Http404
    return pulse_round


def _round_url(initiative, pulse_round) -> str:
    return reverse(
        "coordination:pulse-round-detail", kwargs={"slug": initiative.slug, "pk": pulse_round.pk}
    )


@login_required
def pulse_list(request, slug):
    """The open round (with a way to answer), the trend over closed rounds and every round."""
    initiative, membership = _initiative(request, slug)
    rounds = list(selectors.pulse_round_list(viewer=request.user, initiative=initiative))
    answered = selectors.pulse_answered_round_ids(viewer=request.user, initiative=initiative)
    points = selectors.pulse_trend_get(viewer=request.user, initiative=initiative)
    for pulse_round in rounds:
        pulse_round.answered = pulse_round.pk in answered
    context = {
        "initiative": initiative,
        "membership": membership,
        "rounds": rounds,
        "open_rounds": [r for r in rounds if r.is_open],
        "points": points,
        "shown_points": [p for p in points if p.questions],
        "questions": list(PulseQuestion),
        "chart": pulse_trend_chart(points),
        "minimum": PULSE_MIN_ANSWERS,
        "can_manage": permissions.can_manage_pulse(membership),
        "can_answer": permissions.can_answer_pulse(membership),
    }
    return render_page(request, "coordination/pulse_list.html", context)


@login_required
def pulse_round_create(request, slug):
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_pulse(membership))
    today = timezone.localdate()
    form = forms.PulseRoundForm(
        request.POST or None,
        initial={
            "title": services.pulse_round_suggested_title(initiative=initiative, today=today),
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=DEFAULT_ROUND_DAYS),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            pulse_round = services.pulse_round_open(
                acting_user=request.user, initiative=initiative, **form.cleaned_data
            )
        except (ValidationError, ApplicationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The round “%(title)s” is open. The members can answer it now.")
                % {"title": pulse_round.title},
            )
            return redirect(request, _round_url(initiative, pulse_round))
    return render_form_page(
        request, "coordination/pulse_round_form.html", {"initiative": initiative, "form": form}
    )


@login_required
def pulse_round_detail(request, slug, pk):
    """One round: its results once it has closed with enough answers, else how many answered."""
    initiative, membership = _initiative(request, slug)
    pulse_round = _round(request, initiative, pk)
    results = selectors.pulse_results_get(viewer=request.user, pulse_round=pulse_round)
    answered = pulse_round.pk in selectors.pulse_answered_round_ids(
        viewer=request.user, initiative=initiative
    )
    context = {
        "initiative": initiative,
        "membership": membership,
        "pulse_round": pulse_round,
        "results": results,
        "answered": answered,
        "can_answer": permissions.can_answer_pulse(membership)
        and pulse_round.is_open
        and not answered,
        "can_close": permissions.can_manage_pulse(membership) and not pulse_round.is_closed,
        "scale": forms.PULSE_SCALE_LABELS,
    }
    return render_page(request, "coordination/pulse_round_detail.html", context)


@login_required
def pulse_answer(request, slug, pk):
    """The anonymous answer form; once answered (or closed) it says so instead."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_answer_pulse(membership))
    pulse_round = _round(request, initiative, pk)
    answered = pulse_round.pk in selectors.pulse_answered_round_ids(
        viewer=request.user, initiative=initiative
    )
    form = None
    if pulse_round.is_open and not answered:
        form = forms.PulseAnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.pulse_answer_submit(
                    acting_user=request.user,
                    pulse_round=pulse_round,
                    ratings=form.ratings(),
                    comment=form.cleaned_data["comment"],
                )
            except (ValidationError, ApplicationError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your answer has been saved without your name. The results "
                        "are shown once the round has closed."
                    ),
                )
                return redirect(request, _round_url(initiative, pulse_round))
    elif request.method == "POST":
        messages.info(
            request,
            _("You have already answered this round. Thank you!")
            if answered
            else _("This round is not open for answers."),
        )
        return redirect(request, _round_url(initiative, pulse_round))
    return render_form_page(
        request,
        "coordination/pulse_answer_form.html",
        {
            "initiative": initiative,
            "pulse_round": pulse_round,
            "form": form,
            "answered": answered,
        },
    )


@login_required
def pulse_round_close(request, slug, pk):
    """Ask first; closing shows the results (from three answers on) and takes no more answers."""
    initiative, membership = _initiative(request, slug)
    require(permissions.can_manage_pulse(membership))
    pulse_round = _round(request, initiative, pk)
    if request.method == "POST":
        services.pulse_round_close(acting_user=request.user, pulse_round=pulse_round)
        messages.success(request, _("The round “%(title)s” is closed.") % {"title": pulse_round})
        return redirect(request, _round_url(initiative, pulse_round))
    return render(
        request,
        "coordination/pulse_round_confirm_close.html",
        {"initiative": initiative, "pulse_round": pulse_round, "minimum": PULSE_MIN_ANSWERS},
    )
