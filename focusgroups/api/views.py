"""The focus groups API: read groups, their stage summary and barrier cards; members add cards
and dots through the same services as the pages (the dot limit and archive rule included)."""

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from focusgroups import selectors, services
from focusgroups.api import serializers as s
from focusgroups.models import (
    BarrierCard,
    BarrierVote,
    FocusGroup,
    Prototype,
    SolutionConcept,
    Sprint,
    Task,
)
from focusgroups.stages import stage_summary


class FocusGroupFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label="initiative (slug)")
    status = django_filters.ChoiceFilter(choices=FocusGroup.Status.choices)

    class Meta:
        model = FocusGroup
        fields = ["initiative", "status"]


class BarrierCardFilter(django_filters.FilterSet):
    group = django_filters.NumberFilter(field_name="group_id", label="focus group (id)")

    class Meta:
        model = BarrierCard
        fields = ["group"]


class FocusGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Focus groups the caller may see: every group of their initiatives, for participants the
    groups they belong to."""

    queryset = FocusGroup.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.FocusGroupOutput
    filterset_class = FocusGroupFilter

    def get_queryset(self):
        return selectors.focus_group_list_for_user(viewer=self.request.user)

    @extend_schema(responses=s.StageSummaryOutput)
    @action(detail=True, methods=["get"], url_path="stages", url_name="stages")
    def stages(self, request, pk=None):
        """The five steps: where the group stands and what is still missing for the next."""
        group = self.get_object()
        facts = selectors.group_facts(group=group)
        steps = stage_summary(current_stage=group.stage, facts=facts)
        return Response(
            s.StageSummaryOutput(
                {
                    "stage": group.stage,
                    "missing_perspectives": facts.missing_perspectives,
                    "steps": [{**step.__dict__, "ready": step.ready} for step in steps],
                }
            ).data
        )


class BarrierCardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Barrier cards with their dots. Members of the group add cards (POST)."""

    queryset = BarrierCard.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.BarrierCardOutput
    filterset_class = BarrierCardFilter

    def get_queryset(self):
        return selectors.barrier_card_list_for_user(viewer=self.request.user)

    @extend_schema(request=s.BarrierCardInput, responses={201: s.BarrierCardOutput})
    def create(self, request):
        data = s.BarrierCardInput(data=request.data)
        data.is_valid(raise_exception=True)
        group = (
            selectors.focus_group_list_for_user(viewer=request.user)
            .filter(pk=data.validated_data["group"])
            .first()
        )
        if group is None:
            raise Http404
        cluster = None
        if data.validated_data.get("cluster"):
            cluster = group.clusters.filter(pk=data.validated_data["cluster"]).first()
            if cluster is None:
                raise Http404
        card = services.barrier_card_create(
            acting_user=request.user,
            group=group,
            text=data.validated_data["text"],
            perspective=data.validated_data["perspective"],
            cluster=cluster,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=card.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class BarrierVoteView(APIView):
    """Give one dot to a card; the service enforces the group's dots per person."""

    @extend_schema(request=s.BarrierVoteInput, responses={201: s.BarrierVoteOutput})
    def post(self, request):
        data = s.BarrierVoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        card = (
            selectors.barrier_card_list_for_user(viewer=request.user)
            .filter(pk=data.validated_data["card"])
            .first()
        )
        if card is None:
            raise Http404
        services.barrier_vote_add(acting_user=request.user, card=card)
        votes = BarrierVote.objects.filter(card=card)
        used = BarrierVote.objects.filter(card__group=card.group, user=request.user).count()
        return Response(
            s.BarrierVoteOutput(
                {
                    "card": card.pk,
                    "dot_count": votes.count(),
                    "my_dots": votes.filter(user=request.user).count(),
                    "dots_left": max(card.group.dots_per_person - used, 0),
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


# Steps 4 and 5: prototypes with criteria and results


class PrototypeFilter(django_filters.FilterSet):
    group = django_filters.NumberFilter(field_name="group_id", label="focus group (id)")
    status = django_filters.ChoiceFilter(choices=Prototype.Status.choices)

    class Meta:
        model = Prototype
        fields = ["group", "status"]


class PrototypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Prototypes with their success criteria, results and feedback counts, for everyone who
    may see the group. The group's members and the backbone office plan them (POST), move
    their status and enter results, through the same services as the pages."""

    queryset = Prototype.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.PrototypeOutput
    filterset_class = PrototypeFilter

    def get_queryset(self):
        return selectors.prototype_list_for_user(viewer=self.request.user)

    def _fresh(self, prototype):
        return self.get_serializer(self.get_queryset().get(pk=prototype.pk)).data

    @extend_schema(request=s.PrototypeInput, responses={201: s.PrototypeOutput})
    def create(self, request):
        data = s.PrototypeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        group = (
            selectors.focus_group_list_for_user(viewer=request.user)
            .filter(pk=values.pop("group"))
            .first()
        )
        if group is None:
            raise Http404
        concept = selectors.concept_choices(group=group).filter(pk=values.pop("concept")).first()
        if concept is None:
            raise Http404
        prototype = services.prototype_create(
            acting_user=request.user, group=group, concept=concept, **values
        )
        return Response(self._fresh(prototype), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PrototypeStatusInput, responses=s.PrototypeOutput)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request, pk=None):
        """Planned → tested → evaluated (or one step back); the service checks the rules."""
        prototype = self.get_object()
        data = s.PrototypeStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.prototype_status_set(
            acting_user=request.user, prototype=prototype, status=data.validated_data["status"]
        )
        return Response(self._fresh(prototype))

    @extend_schema(request=s.PrototypeResultsInput, responses=s.PrototypeOutput)
    @action(detail=True, methods=["post"], url_path="results", url_name="results")
    def results(self, request, pk=None):
        """Enter what the test reached per criterion (a tested prototype only)."""
        prototype = self.get_object()
        data = s.PrototypeResultsInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.prototype_results_save(
            acting_user=request.user,
            prototype=prototype,
            results={
                row["criterion"]: (row["actual_value"], row["result_note"])
                for row in data.validated_data["results"]
            },
            results_summary=data.validated_data.get("results_summary"),
        )
        return Response(self._fresh(prototype))


class SuccessCriterionView(APIView):
    """Add a success criterion to a planned prototype."""

    @extend_schema(request=s.SuccessCriterionInput, responses={201: s.SuccessCriterionOutput})
    def post(self, request):
        data = s.SuccessCriterionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        prototype = (
            selectors.prototype_list_for_user(viewer=request.user)
            .filter(pk=values.pop("prototype"))
            .first()
        )
        if prototype is None:
            raise Http404
        criterion = services.success_criterion_add(
            acting_user=request.user, prototype=prototype, **values
        )
        return Response(s.SuccessCriterionOutput(criterion).data, status=status.HTTP_201_CREATED)


# --- Step 5: the guide (Leitfaden) ---------------------------------------------------------

from focusgroups.models import Guide  # noqa: E402


class GuideFilter(django_filters.FilterSet):
    group = django_filters.NumberFilter(field_name="group_id", label="focus group (id)")

    class Meta:
        model = Guide
        fields = ["group"]


class GuideViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The guides of the groups the caller may see. The group's members (and the backbone
    office) change the sections of a draft (PATCH); a final guide answers 400 until a
    coordinator reopens it on the guide page."""

    queryset = Guide.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.GuideOutput
    filterset_class = GuideFilter

    def get_queryset(self):
        return (
            Guide.objects.filter(
                group__in=selectors.focus_group_list_for_user(viewer=self.request.user).values("pk")
            )
            .select_related("group__initiative")
            .order_by("group_id")
        )

    @extend_schema(request=s.GuideInput, responses=s.GuideOutput)
    def partial_update(self, request, pk=None):
        guide = self.get_object()
        data = s.GuideInput(data=request.data)
        data.is_valid(raise_exception=True)
        guide = services.guide_update(
            acting_user=request.user, group=guide.group, **data.validated_data
        )
        return Response(s.GuideOutput(guide).data)


# Step 3: concepts and tasks


class GroupFilter(django_filters.FilterSet):
    group = django_filters.NumberFilter(field_name="group_id", label="focus group (id)")


class SolutionConceptFilter(GroupFilter):
    class Meta:
        model = SolutionConcept
        fields = ["group"]


class TaskFilter(GroupFilter):
    status = django_filters.ChoiceFilter(choices=Task.Status.choices)

    class Meta:
        model = Task
        fields = ["group", "status"]


def _visible_group(request, pk) -> FocusGroup:
    group = selectors.focus_group_list_for_user(viewer=request.user).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def _in_group(model, group, pk, field):
    """The object of `group` with id `pk` (None for None); a foreign id is a field error."""
    if pk is None:
        return None
    found = model.objects.filter(group=group, pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Please choose one of this group's entries.")})
    return found


def _task_links(group, data: dict) -> dict:
    """Turn the ids of an input into the group's objects, for the services."""
    links = {}
    if "owner" in data:
        owner = None
        if data["owner"] is not None:
            member = group.members.filter(user_id=data["owner"]).select_related("user").first()
            if member is None:
                raise ValidationError({"owner": _("Please choose a member of the group.")})
            owner = member.user
        links["owner"] = owner
    if "concept" in data:
        links["concept"] = _in_group(SolutionConcept, group, data["concept"], "concept")
    if "sprint" in data:
        links["sprint"] = _in_group(Sprint, group, data["sprint"], "sprint")
    return {**{k: v for k, v in data.items() if k not in links}, **links}


class SolutionConceptViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Solution concepts of the groups the caller may see. Members of a group add concepts
    (POST), naming the group's barrier cards they address."""

    queryset = SolutionConcept.objects.none()  # for the schema; scoped in get_queryset
    serializer_class = s.SolutionConceptOutput
    filterset_class = SolutionConceptFilter

    def get_queryset(self):
        return selectors.concept_list_for_user(viewer=self.request.user).prefetch_related(
            "objectives"
        )

    @extend_schema(request=s.SolutionConceptInput, responses={201: s.SolutionConceptOutput})
    def create(self, request):
        data = s.SolutionConceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        group = _visible_group(request, data.validated_data["group"])
        ids = set(data.validated_data["barriers"])
        cards = list(BarrierCard.objects.filter(group=group, pk__in=ids))
        if len(cards) != len(ids):
            raise ValidationError({"barriers": _("Please choose barrier cards of this group.")})
        concept = services.solution_concept_create(
            acting_user=request.user,
            group=group,
            title=data.validated_data["title"],
            description=data.validated_data["description"],
            barriers=cards,
            objectives=data.validated_data["objectives"],
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=concept.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks on the boards of the groups the caller may see. Members of a group add tasks
    (POST) and change them, e.g. move them to another status (PATCH)."""

    queryset = Task.objects.none()  # for the schema; scoped in get_queryset
    serializer_class = s.TaskOutput
    filterset_class = TaskFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.task_list_for_user(viewer=self.request.user)

    @extend_schema(request=s.TaskInput, responses={201: s.TaskOutput})
    def create(self, request):
        data = s.TaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        group = _visible_group(request, fields.pop("group"))
        task = services.task_create(
            acting_user=request.user, group=group, **_task_links(group, fields)
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=task.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.TaskUpdateInput, responses=s.TaskOutput)
    def partial_update(self, request, pk=None):
        task = self.get_object()
        data = s.TaskUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.task_update(
            acting_user=request.user, task=task, **_task_links(task.group, data.validated_data)
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)
