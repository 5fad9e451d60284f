"""The impact API: the results framework, periods and progress to read; reported values to
enter, submit, review and correct. Reads are scoped to the caller's memberships with the
predicates of `impact.permissions`; every write calls a service of `impact.services`, so the
API answers with the same rules and messages as the pages.

Missing and forbidden look the same (404) wherever existence itself is private: outsiders,
participants and partners of other organisations (for drafts) get 404.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from impact import permissions, selectors, services
from impact.api import serializers as s
from impact.models import (
    Breakdown,
    Goal,
    Indicator,
    Objective,
    ReportingPeriod,
    Submission,
)
from initiatives.models import Membership, Organisation, Role


def _memberships(user) -> dict[int, Membership]:
    """The caller's memberships by initiative id: one query per request."""
    cache = getattr(user, "_impact_api_memberships", None)
    if cache is None:
        cache = {
            m.initiative_id: m
            for m in Membership.objects.filter(user=user).select_related("initiative")
        }
        user._impact_api_memberships = cache
    return cache


def _readable(user) -> list[int]:
    """Initiatives whose results framework the caller may read."""
    return [pk for pk, m in _memberships(user).items() if permissions.can_view_framework(m)]


class InitiativeFilter(django_filters.FilterSet):
    """`?initiative=<slug>`, shared by every resource of an initiative."""

    initiative = django_filters.CharFilter(field_name="initiative__slug", label="initiative (slug)")


class GoalFilter(InitiativeFilter):
    class Meta:
        model = Goal
        fields = ["initiative"]


class IndicatorFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(
        field_name="objective__goal__initiative__slug", label="initiative (slug)"
    )
    goal = django_filters.NumberFilter(field_name="objective__goal_id", label="goal (id)")
    objective = django_filters.NumberFilter(field_name="objective_id", label="objective (id)")

    class Meta:
        model = Indicator
        fields = ["initiative", "goal", "objective", "scope", "frequency"]


class ReportingPeriodFilter(InitiativeFilter):
    class Meta:
        model = ReportingPeriod
        fields = ["initiative", "frequency"]


class SubmissionFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(
        field_name="period__initiative__slug", label="initiative (slug)"
    )
    # Plain numbers: a choice filter would answer 400 for unknown ids and 200 for ids of other
    # initiatives, telling the two apart.
    indicator = django_filters.NumberFilter(field_name="indicator_id", label="indicator (id)")
    period = django_filters.NumberFilter(field_name="period_id", label="period (id)")
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label="organisation (id)"
    )
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices)

    class Meta:
        model = Submission
        fields = ["initiative", "indicator", "period", "organisation", "status"]


class GoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ziele mit ihren Wirkungszielen und den Ids ihrer Indikatoren, für alle Mitglieder außer
    Teilnehmenden. / Goals with their objectives and the ids of their indicators, for every
    member but participants."""

    queryset = Goal.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.GoalOutput
    filterset_class = GoalFilter

    def get_queryset(self):
        objectives = Objective.objects.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.only("pk", "objective_id"))
        )
        return (
            Goal.objects.filter(initiative__in=_readable(self.request.user))
            .select_related("initiative")
            .prefetch_related(Prefetch("objectives", queryset=objectives))
            .order_by("initiative__name", "order", "pk")
        )


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Indikatoren mit Definition, Regeln, Basiswert, Zielen, berichtenden Organisationen und
    Aufschlüsselungen; `progress` zeigt den Fortschritt aus freigegebenen Werten. / Indicators
    with definition, rules, baseline, targets, reporting organisations and breakdowns;
    `progress` shows progress from approved values."""

    queryset = Indicator.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.IndicatorOutput
    filterset_class = IndicatorFilter

    def get_queryset(self):
        return (
            selectors.indicator_queryset()
            .prefetch_related("period_targets")
            .filter(objective__goal__initiative__in=_readable(self.request.user))
            .order_by(
                "objective__goal__initiative__name",
                "objective__goal__order",
                "objective__order",
                "order",
                "pk",
            )
        )

    @extend_schema(
        responses=s.IndicatorProgressOutput,
        description=(
            "Status, Ist und Soll je Periode aus freigegebenen Werten. / Status, actual and "
            "target per period, from approved values."
        ),
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def progress(self, request, pk=None):
        indicator = self.get_object()
        result = selectors.indicator_progress_get(viewer=request.user, indicator=indicator)
        if result is None:
            raise Http404
        return Response(s.IndicatorProgressOutput(result).data)


class ReportingPeriodViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Berichtsperioden mit Sperrstatus. / Reporting periods with their locked state."""

    queryset = ReportingPeriod.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.ReportingPeriodOutput
    filterset_class = ReportingPeriodFilter

    def get_queryset(self):
        return (
            ReportingPeriod.objects.filter(initiative__in=_readable(self.request.user))
            .select_related("initiative")
            .order_by("initiative__name", "frequency", "start")
        )


# --- Reported values -------------------------------------------------------------------------


def _entry(data: dict, *, indicator: Indicator, fallback: Submission | None = None) -> dict:
    """The keyword arguments of `submission_create`/`submission_update` from the parsed input.

    Without any of value, numerator and denominator, `fallback`'s stay (a PATCH of the comment
    alone). Raises ValidationError for the wrong kind of number or a malformed breakdown.
    """
    errors: dict[str, str] = {}
    numbers = {key: data.get(key) for key in ("value", "numerator", "denominator")}
    if fallback is not None and all(v is None for v in numbers.values()):
        numbers = {key: getattr(fallback, key) for key in numbers}
    if indicator.is_percentage:
        if numbers["value"] not in (None, ""):
            errors["value"] = _(
                "Percentages are entered as two numbers: numerator and denominator."
            )
    elif numbers["numerator"] is not None or numbers["denominator"] is not None:
        errors["numerator"] = _("Only percentages have a numerator and a denominator.")
    entry = {
        "value": None if indicator.is_percentage else numbers["value"],
        "numerator": numbers["numerator"] if indicator.is_percentage else None,
        "denominator": numbers["denominator"] if indicator.is_percentage else None,
    }
    if "breakdown" in data:
        breakdown = {}
        for item in data["breakdown"]:
            category = item["category"]
            if category in breakdown:
                errors["breakdown"] = _("Each category may appear only once.")
            if indicator.is_percentage:
                breakdown[category] = (item.get("numerator"), item.get("denominator"))
                wrong = item.get("value") is not None
            else:
                breakdown[category] = item.get("value")
                wrong = item.get("numerator") is not None or item.get("denominator") is not None
            if wrong:
                errors["breakdown"] = _(
                    "Breakdowns use the same kind of number as the total: numerator and "
                    "denominator for percentages, otherwise a value."
                )
        entry["breakdown"] = breakdown
    if "comment" in data:
        entry["comment"] = data["comment"]
    if errors:
        raise ValidationError(errors)
    return entry


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Gemeldete Werte. Partner sehen und bearbeiten die Werte ihrer eigenen Organisation und
    sehen freigegebene Werte der anderen; die Koordinierungsstelle sieht eingereichte Werte,
    gibt sie frei oder gibt sie mit Begründung zurück und erfasst Bevölkerungsindikatoren;
    Berichtslesende sehen nur freigegebene Werte. Fehlerfelder der Aufschlüsselung:
    `breakdown_<Kategorie-Id>`, `dimension_<Dimensions-Id>`. /
    Reported values. Partners see and edit their own organisation's values and see approved
    values of the others; the backbone office sees submitted values, approves them or returns
    them with a reason, and enters population indicators; report viewers see approved values
    only. Error fields of a breakdown: `breakdown_<category id>`, `dimension_<dimension id>`."""

    queryset = Submission.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.SubmissionOutput
    filterset_class = SubmissionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        visible = Q(pk__in=[])
        for initiative_id, membership in _memberships(self.request.user).items():
            visible |= Q(period__initiative_id=initiative_id) & (
                permissions.submission_visibility(membership)
            )
        qs = Submission.objects.filter(visible)
        if self.request.query_params.get("status") != Submission.Status.SUPERSEDED:
            qs = qs.exclude(status=Submission.Status.SUPERSEDED)
        return (
            qs.select_related("period__initiative", "organisation")
            .prefetch_related(
                Prefetch(
                    "breakdowns",
                    queryset=Breakdown.objects.select_related("category").order_by(
                        "category__dimension__order", "category__order", "category_id"
                    ),
                )
            )
            .order_by("period__initiative__name", "indicator_id", "period__start", "pk")
        )

    def _access(self, pk) -> tuple[Submission, Membership]:
        try:
            return permissions.access_submission(user=self.request.user, pk=int(pk))
        except (TypeError, ValueError) as exc:
            raise Http404 from exc

    def _detail(self, submission: Submission, membership, *, code=status.HTTP_200_OK):
        fresh = (
            self.get_queryset().filter(pk=submission.pk).first()
            # A superseded revision is still readable by its id.
            or Submission.objects.select_related("period__initiative", "organisation").get(
                pk=submission.pk
            )
        )
        context = {
            **self.get_serializer_context(),
            "membership": membership,
            "history": selectors.submission_history(viewer=self.request.user, submission=fresh),
        }
        return Response(s.SubmissionDetailOutput(fresh, context=context).data, status=code)

    @extend_schema(responses=s.SubmissionDetailOutput)
    def retrieve(self, request, pk=None):
        submission, membership = self._access(pk)
        return self._detail(submission, membership)

    @extend_schema(request=s.SubmissionCreateInput, responses={201: s.SubmissionDetailOutput})
    def create(self, request):
        data = s.SubmissionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        indicator, membership = permissions.access_indicator(
            user=request.user, pk=fields["indicator"]
        )
        initiative = indicator.initiative
        period = ReportingPeriod.objects.filter(pk=fields["period"], initiative=initiative).first()
        if period is None:
            raise ValidationError({"period": _("This period does not belong to the initiative.")})
        organisation = None
        if "organisation" in fields:
            if fields["organisation"] is not None:
                organisation = Organisation.objects.filter(
                    pk=fields["organisation"], initiative=initiative
                ).first()
                if organisation is None:
                    raise ValidationError(
                        {"organisation": _("This organisation does not belong to the initiative.")}
                    )
        elif not indicator.is_population and membership.role == Role.PARTNER:
            organisation = membership.organisation
        submission = services.submission_create(
            acting_user=request.user,
            indicator=indicator,
            period=period,
            organisation=organisation,
            **_entry(fields, indicator=indicator),
        )
        return self._detail(submission, membership, code=status.HTTP_201_CREATED)

    @extend_schema(request=s.SubmissionUpdateInput, responses=s.SubmissionDetailOutput)
    def partial_update(self, request, pk=None):
        submission, membership = self._access(pk)
        data = s.SubmissionUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        submission = services.submission_update(
            acting_user=request.user,
            submission=submission,
            **_entry(data.validated_data, indicator=submission.indicator, fallback=submission),
        )
        return self._detail(submission, membership)

    @extend_schema(request=None, responses=s.SubmissionDetailOutput)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Einen Entwurf oder zurückgegebenen Wert einreichen. / Submit a draft or a returned
        value for review."""
        submission, membership = self._access(pk)
        submission = services.submission_submit(acting_user=request.user, submission=submission)
        return self._detail(submission, membership)

    @extend_schema(request=None, responses=s.SubmissionDetailOutput)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Einen eingereichten Wert freigeben (Koordinierungsstelle). / Approve a submitted value
        (backbone office)."""
        submission, membership = self._access(pk)
        submission = services.submission_approve(acting_user=request.user, submission=submission)
        return self._detail(submission, membership)

    @extend_schema(request=s.SubmissionReturnInput, responses=s.SubmissionDetailOutput)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Einen eingereichten Wert mit Begründung zurückgeben (Koordinierungsstelle). / Return a
        submitted value with a reason (backbone office)."""
        submission, membership = self._access(pk)
        data = s.SubmissionReturnInput(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services.submission_return(
            acting_user=request.user, submission=submission, reason=data.validated_data["reason"]
        )
        return self._detail(submission, membership)

    @extend_schema(request=None, responses={201: s.SubmissionDetailOutput})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Eine Korrektur eines freigegebenen Werts beginnen: eine neue Revision als Entwurf. /
        Start a correction of an approved value: a new revision as a draft."""
        submission, membership = self._access(pk)
        revision = services.submission_revise(acting_user=request.user, submission=submission)
        return self._detail(revision, membership, code=status.HTTP_201_CREATED)
