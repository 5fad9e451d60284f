"""The activities API: lean ViewSets that read through selectors' querysets and write through
the services, so pages and API share every rule."""

import django_filters
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from coordination import permissions, selectors, services
from coordination.api import serializers as s
from coordination.models import ActionItem, Activity, ContributionKind, Decision, Meeting, OutputLog
from initiatives.models import Membership


def _memberships(user) -> dict[int, Membership]:
    """The caller's memberships by initiative id: one query per request."""
    cache = getattr(user, "_coordination_api_memberships", None)
    if cache is None:
        cache = {
            m.initiative_id: m
            for m in Membership.objects.filter(user=user).select_related("organisation")
        }
        user._coordination_api_memberships = cache
        # The services ask `membership_get`, which caches per initiative on the user.
        membership_cache = user.__dict__.setdefault("_membership_cache", {})
        for initiative_id, membership in cache.items():
            membership_cache.setdefault(initiative_id, membership)
    return cache


def _readable_initiatives(user) -> list[int]:
    return [
        initiative_id
        for initiative_id, m in _memberships(user).items()
        if permissions.can_view_activities(m)
    ]


def _error(field: str, message: str) -> Response:
    return Response(
        {"error": {"code": "invalid", "message": message, "fields": {field: [message]}}},
        status=status.HTTP_400_BAD_REQUEST,
    )


class ActivityFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label="initiative (slug)")
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label="organisation (id)"
    )
    objective = django_filters.NumberFilter(field_name="objectives__id", label="objective (id)")
    contribution_kind = django_filters.ChoiceFilter(choices=ContributionKind.choices)

    class Meta:
        model = Activity
        fields = ["initiative", "organisation", "objective", "contribution_kind"]


class OutputLogFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(
        field_name="activity__initiative__slug", label="initiative (slug)"
    )
    activity = django_filters.NumberFilter(field_name="activity_id", label="activity (id)")

    class Meta:
        model = OutputLog
        fields = ["initiative", "activity"]


def _activities(user):
    return selectors.activity_list_for_user(viewer=user)


class ActivityViewSet(viewsets.ModelViewSet):
    """Activities of the caller's initiatives (not for participants), with the people reached.

    Partner members register, change and delete their own organisation's activities; the
    backbone office may correct and delete any; report viewers read.
    """

    queryset = Activity.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.ActivityOutput
    filterset_class = ActivityFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return _activities(self.request.user)

    def _fresh(self, activity):
        return _activities(self.request.user).get(pk=activity.pk)

    @extend_schema(request=s.ActivityInput, responses={201: s.ActivityOutput})
    def create(self, request):
        data = s.ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        initiative = fields.pop("initiative", None)
        if initiative is None:
            return _error("initiative", "This field is required.")
        if initiative.pk not in _memberships(request.user):
            raise Http404
        activity = services.activity_create(
            acting_user=request.user, initiative=initiative, **fields
        )
        return Response(
            self.get_serializer(self._fresh(activity)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.ActivityInput, responses=s.ActivityOutput)
    def partial_update(self, request, pk=None):
        activity = self.get_object()
        data = s.ActivityInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "initiative"}
        services.activity_update(acting_user=request.user, activity=activity, **fields)
        return Response(self.get_serializer(self._fresh(activity)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, pk=None):
        services.activity_delete(acting_user=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class OutputLogViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Logged outputs of the activities the caller sees, newest first, with their breakdown.

    Partner members log outputs of their own organisation's activities; they and the backbone
    office correct and delete them.
    """

    queryset = OutputLog.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.OutputLogOutput
    filterset_class = OutputLogFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.output_log_list_for_user(viewer=self.request.user)

    def _input(self, **kwargs):
        activities = Activity.objects.filter(
            initiative__in=_readable_initiatives(self.request.user)
        ).select_related("initiative", "organisation")
        return s.OutputLogInput(activities=activities, **kwargs)

    @extend_schema(request=s.OutputLogInput, responses={201: s.OutputLogOutput})
    def create(self, request):
        data = self._input(data=request.data)
        data.is_valid(raise_exception=True)
        activity = data.validated_data.get("activity")
        if activity is None:
            return _error("activity", "This field is required.")
        log = services.output_log_create(
            acting_user=request.user,
            activity=activity,
            date=data.validated_data["date"],
            people_reached=data.validated_data["people_reached"],
            note=data.validated_data["note"],
            breakdown=data.breakdown_map(),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=log.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.OutputLogInput, responses=s.OutputLogOutput)
    def partial_update(self, request, pk=None):
        log = self.get_object()
        data = self._input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {
            k: v for k, v in data.validated_data.items() if k in {"date", "people_reached", "note"}
        }
        breakdown = data.breakdown_map()
        if breakdown is not None:
            changes["breakdown"] = breakdown
        services.output_log_update(acting_user=request.user, log=log, **changes)
        return Response(self.get_serializer(self.get_queryset().get(pk=log.pk)).data)

    def destroy(self, request, pk=None):
        services.output_log_delete(acting_user=request.user, log=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Meetings and action items --------------------------------------------------------------


class MeetingFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label="initiative (slug)")
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["initiative", "status"]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the caller's initiatives (not for participants), latest first, with their
    agenda items in order and the decisions recorded on them."""

    queryset = Meeting.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.MeetingOutput
    filterset_class = MeetingFilter

    def get_queryset(self):
        return selectors.meeting_list_for_user(viewer=self.request.user)


class ActionItemFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label="initiative (slug)")
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices)
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label="organisation responsible (id)"
    )
    assignee = django_filters.NumberFilter(field_name="assignee_id", label="person (user id)")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="overdue")
    mine = django_filters.BooleanFilter(method="filter_mine", label="assigned to the caller")

    class Meta:
        model = ActionItem
        fields = ["initiative", "status", "organisation", "assignee", "overdue", "mine"]

    def filter_overdue(self, queryset, name, value):
        condition = Q(due_date__lt=timezone.localdate()) & ~Q(status=ActionItem.Status.DONE)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user = self.request.user
        organisations = [
            m.organisation_id for m in _memberships(user).values() if m.organisation_id
        ]
        return queryset.filter(Q(assignee=user) | Q(organisation_id__in=organisations))


class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Action items of the caller's initiatives (not for participants), soonest due first.

    Coordinators and partner members create them; the person or organisation responsible, the
    creator and the backbone office change their status (PATCH with `status` only)."""

    queryset = ActionItem.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.ActionItemOutput
    filterset_class = ActionItemFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.action_item_list_for_user(viewer=self.request.user)

    @extend_schema(request=s.ActionItemInput, responses={201: s.ActionItemOutput})
    def create(self, request):
        data = s.ActionItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        initiative = fields.pop("initiative")
        membership = _memberships(request.user).get(initiative.pk)
        if membership is None:
            raise Http404
        decision_id = fields.pop("decision")
        decision = None
        if decision_id is not None:
            decision = (
                Decision.objects.select_related("agenda_item__meeting__initiative")
                .filter(pk=decision_id, agenda_item__meeting__initiative=initiative)
                .first()
            )
            if decision is None:
                return _error("decision", "Please choose a decision of this initiative.")
        item = services.action_item_create(
            acting_user=request.user, initiative=initiative, decision=decision, **fields
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=item.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.ActionItemStatusInput, responses=s.ActionItemOutput)
    def partial_update(self, request, pk=None):
        item = self.get_object()
        data = s.ActionItemStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.action_item_set_status(
            acting_user=request.user, item=item, status=data.validated_data["status"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)
