"""Reads of the focus groups, scoped to the viewer.

Pages ask a fixed number of queries however many groups, members, cards and dots there are:
counts are annotations, perspectives come from one query over the initiative's memberships.
Where a card was written while its group hid authorship, no selector hands out who wrote it
(only `is_mine`), whatever the group's setting is now.
"""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from core.queries import count_of
from focusgroups import permissions
from focusgroups.models import (
    BarrierCard,
    BarrierCluster,
    FeedbackLink,
    FeedbackResponse,
    FocusGroup,
    FocusGroupMember,
    FocusGroupSession,
    Perspective,
    ProblemStatement,
    Prototype,
    RetroItem,
    SolutionConcept,
    Sprint,
    SuccessCriterion,
    Task,
)
from focusgroups.stages import (
    BoardFacts,
    Diversity,
    diversity,
    membership_perspective,
    stage_summary,
)
from initiatives.models import Initiative, Membership


def initiative_perspectives(*, initiative: Initiative) -> dict[int, str]:
    """{user id: perspective} for every member of the initiative, in one query."""
    return {
        m.user_id: membership_perspective(m)
        for m in Membership.objects.filter(initiative=initiative).select_related("organisation")
    }


def candidate_members(*, initiative: Initiative, exclude_group: FocusGroup | None = None):
    """Members of the initiative who can be added to a group (not report viewers)."""
    qs = (
        Membership.objects.filter(initiative=initiative, role__in=permissions.CONTRIBUTORS)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email")
    )
    if exclude_group is not None:
        qs = qs.exclude(user__focus_group_memberships__group=exclude_group)
    return qs


def focus_group_list(*, initiative: Initiative, viewer, membership, status: str) -> QuerySet:
    """The groups of `initiative` with `status` the viewer may see, with their counts and
    members (for the diversity check). Participants see only the groups they belong to."""
    qs = (
        FocusGroup.objects.filter(initiative=initiative, status=status)
        .select_related("initiative")
        .annotate(
            member_count=count_of(FocusGroupMember, parent="group"),
            card_count=count_of(BarrierCard, parent="group"),
        )
        .prefetch_related(
            Prefetch("members", queryset=FocusGroupMember.objects.select_related("user"))
        )
        .order_by("name")
    )
    if not permissions.can_view_all_focus_groups(membership):
        qs = qs.filter(members__user=viewer)
    return qs


def group_diversity(*, members, perspectives: dict[int, str]) -> Diversity:
    return diversity(perspectives.get(m.user_id) for m in members)


def diversity_for_users(*, initiative: Initiative, user_ids) -> Diversity:
    """The diversity a group would have with these people (the founding form's preview)."""
    perspectives = initiative_perspectives(initiative=initiative)
    return diversity(perspectives.get(pk) for pk in user_ids)


def member_list(*, group: FocusGroup, perspectives: dict[int, str]) -> list[FocusGroupMember]:
    members = list(group.members.select_related("user").order_by("user__full_name"))
    for member in members:
        member.perspective = perspectives.get(member.user_id, Perspective.BACKBONE)
        member.perspective_label = Perspective(member.perspective).label
    return members


def problem_get(*, group: FocusGroup, viewer) -> ProblemStatement | None:
    """The problem statement with its agreements counted among current members."""
    statement = (
        ProblemStatement.objects.filter(group=group)
        .select_related("confirmed_by", "updated_by")
        .first()
    )
    if statement is None:
        return None
    member_ids = set(group.members.values_list("user_id", flat=True))
    agreements = list(statement.agreements.select_related("user").order_by("created_at"))
    agreed_ids = {a.user_id for a in agreements}
    statement.agreed_by = [
        a.user.full_name or a.user.email for a in agreements if a.user_id in member_ids
    ]
    statement.agreement_count = len(agreed_ids & member_ids)
    statement.member_count = len(member_ids)
    statement.viewer_agrees = viewer.pk in agreed_ids
    return statement


def group_facts(*, group: FocusGroup) -> BoardFacts:
    """What the stage gates look at (one group's case of `group_facts_for_groups`)."""
    return group_facts_for_groups(groups=[group])[group.pk]


def group_stage_summary(*, group: FocusGroup):
    return stage_summary(current_stage=group.stage, facts=group_facts(group=group))


@dataclass
class BoardColumn:
    cluster: BarrierCluster | None
    cards: list


@dataclass
class Board:
    group: FocusGroup
    columns: list[BoardColumn]
    clusters: list[BarrierCluster]
    card_count: int
    hidden_count: int  # cards whose author nobody but the author sees
    dots_used: int
    dots_left: int
    sort: str


def _visible_author() -> Case:
    """The author's name where the card shows it, else NULL, computed in the database: a
    card written while the group hid authorship never has its author read, whatever the
    group's setting is now."""
    return Case(
        When(
            author_hidden=False,
            author__isnull=False,
            then=Coalesce(NullIf(F("author__full_name"), Value("")), F("author__email")),
        ),
        default=None,
        output_field=CharField(),
    )


def barrier_card_list(*, group: FocusGroup, viewer, sort: str = "") -> QuerySet[BarrierCard]:
    """The group's cards with their dots, the viewer's dots and `visible_author`.

    The author row is never fetched: `visible_author` holds the name only for cards written
    while the group showed authorship, so no page or answer can show who wrote a hidden card.
    """
    qs = BarrierCard.objects.filter(group=group).annotate(
        dot_count=Count("votes"),
        my_dots=Count("votes", filter=Q(votes__user=viewer)),
        visible_author=_visible_author(),
    )
    if sort == "votes":
        qs = qs.order_by("-dot_count", "created_at", "pk")
    else:
        qs = qs.order_by("created_at", "pk")
    return qs


def board_get(*, group: FocusGroup, viewer, sort: str = "") -> Board:
    """The board as columns (one per cluster, then the cards without a cluster)."""
    clusters = list(BarrierCluster.objects.filter(group=group).order_by("created_at", "pk"))
    cards = list(barrier_card_list(group=group, viewer=viewer, sort=sort))
    by_cluster: dict[int | None, list] = {}
    for card in cards:
        card.is_mine = card.author_id == viewer.pk
        # The viewer's own card says "your card" instead of a name.
        card.author_name = None if card.is_mine else card.visible_author
        by_cluster.setdefault(card.cluster_id, []).append(card)
    columns = [BoardColumn(cluster=c, cards=by_cluster.get(c.pk, [])) for c in clusters]
    columns.append(BoardColumn(cluster=None, cards=by_cluster.get(None, [])))
    used = sum(card.my_dots for card in cards)
    return Board(
        group=group,
        columns=columns,
        clusters=clusters,
        card_count=len(cards),
        hidden_count=sum(card.author_hidden for card in cards),
        dots_used=used,
        dots_left=max(group.dots_per_person - used, 0),
        sort=sort,
    )


def focus_group_list_for_user(*, viewer) -> QuerySet[FocusGroup]:
    """Every group the viewer may see across their initiatives (the API's list)."""
    memberships = Membership.objects.filter(user=viewer)
    readers = memberships.filter(role__in=["coordinator", "partner", "viewer"]).values(
        "initiative_id"
    )
    participant_in = memberships.filter(role="participant").values("initiative_id")
    return (
        FocusGroup.objects.filter(
            Q(initiative_id__in=readers) | Q(initiative_id__in=participant_in, members__user=viewer)
        )
        .distinct()
        .select_related("initiative")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("initiative__name", "name")
    )


def barrier_card_list_for_user(*, viewer) -> QuerySet[BarrierCard]:
    """Cards of every group the viewer may see, with dot counts; `visible_author` as in
    `barrier_card_list` (the author only where the card was written with authorship shown)."""
    return (
        BarrierCard.objects.filter(group__in=focus_group_list_for_user(viewer=viewer).values("pk"))
        .select_related("group", "cluster")
        .annotate(
            dot_count=Count("votes", distinct=True),
            my_dots=Count("votes", filter=Q(votes__user=viewer), distinct=True),
            visible_author=_visible_author(),
        )
        .order_by("group_id", "created_at", "pk")
    )


# Steps 4 and 5: prototypes, criteria, feedback


def _met_filter() -> Q:
    """A criterion with a result that reaches its target, as a database condition."""
    return Q(direction="at_least", actual_value__gte=F("target_value")) | Q(
        direction="at_most", actual_value__lte=F("target_value")
    )


def concept_choices(*, group: FocusGroup) -> QuerySet[SolutionConcept]:
    return SolutionConcept.objects.filter(group=group).order_by("title", "pk")


def prototype_list(*, group: FocusGroup | None) -> QuerySet[Prototype]:
    """The group's prototypes (all, with `group=None`) with their counts: criteria, results,
    met, feedback answers, next rounds."""
    qs = Prototype.objects.all() if group is None else Prototype.objects.filter(group=group)
    return (
        qs.select_related("concept", "previous")
        .annotate(
            criteria_count=count_of(SuccessCriterion, parent="prototype"),
            result_count=count_of(
                SuccessCriterion, parent="prototype", filter=Q(actual_value__isnull=False)
            ),
            met_count=count_of(SuccessCriterion, parent="prototype", filter=_met_filter()),
            feedback_count=count_of(FeedbackResponse, parent="prototype"),
            next_count=count_of(Prototype, parent="previous"),
        )
        .order_by("created_at", "pk")
    )


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    # (rating, how many, percent of all answers) for 5 down to 1
    distribution: list[tuple[int, int, int]]


def feedback_summary(*, prototype: Prototype) -> FeedbackSummary:
    """Answers counted and averaged in one query."""
    counts = {
        row["rating"]: row["n"]
        for row in FeedbackResponse.objects.filter(prototype=prototype)
        .values("rating")
        .annotate(n=Count("pk"))
        .order_by()
    }
    total = sum(counts.values())
    average = sum(r * n for r, n in counts.items()) / total if total else None
    return FeedbackSummary(
        count=total,
        average=average,
        distribution=[
            (r, counts.get(r, 0), round(100 * counts.get(r, 0) / total) if total else 0)
            for r in range(5, 0, -1)
        ],
    )


def feedback_answers(*, prototype: Prototype) -> QuerySet[FeedbackResponse]:
    """The answers, newest first (paginated by the page)."""
    return FeedbackResponse.objects.filter(prototype=prototype).order_by("-created_at", "-pk")


def feedback_link_list(*, prototype: Prototype) -> list[FeedbackLink]:
    return list(
        FeedbackLink.objects.filter(prototype=prototype)
        .annotate(response_count=Count("responses"))
        .order_by("closed_at", "-created_at", "pk")
    )


@dataclass
class CriterionComparison:
    description: str
    unit: str
    direction: str
    target_value: object
    before: SuccessCriterion | None
    after: SuccessCriterion | None


@dataclass
class PrototypeDetail:
    prototype: Prototype
    criteria: list[SuccessCriterion]
    met_count: int
    result_count: int
    next_iterations: list[Prototype]
    comparison: list[CriterionComparison]


def _compare(previous: list, current: list) -> list[CriterionComparison]:
    """Pair the criteria of two rounds by what they measure (a second round starts with copies
    of the first round's criteria; ones added or dropped later stand alone)."""
    before = {c.description.strip().lower(): c for c in previous}
    rows, seen = [], set()
    for c in current:
        key = c.description.strip().lower()
        seen.add(key)
        old = before.get(key)
        rows.append(
            CriterionComparison(
                description=c.description,
                unit=c.unit,
                direction=c.direction,
                target_value=c.target_value,
                before=old,
                after=c,
            )
        )
    for key, old in before.items():
        if key not in seen:
            rows.append(
                CriterionComparison(
                    description=old.description,
                    unit=old.unit,
                    direction=old.direction,
                    target_value=old.target_value,
                    before=old,
                    after=None,
                )
            )
    return rows


def prototype_detail(*, prototype: Prototype) -> PrototypeDetail:
    """The prototype page's data in a fixed number of queries, with the comparison to the round
    it improves on (if any)."""
    criteria = list(prototype.criteria.order_by("created_at", "pk"))
    previous_criteria = (
        list(SuccessCriterion.objects.filter(prototype_id=prototype.previous_id).order_by("pk"))
        if prototype.previous_id
        else []
    )
    nexts = list(prototype.next_iterations.order_by("created_at", "pk"))
    return PrototypeDetail(
        prototype=prototype,
        criteria=criteria,
        met_count=sum(1 for c in criteria if c.is_met),
        result_count=sum(1 for c in criteria if c.actual_value is not None),
        next_iterations=nexts,
        comparison=_compare(previous_criteria, criteria) if prototype.previous_id else [],
    )


def prototype_list_for_user(*, viewer) -> QuerySet[Prototype]:
    """Prototypes of every group the viewer may see (the API's list), with their criteria."""
    return (
        prototype_list(group=None)
        .filter(group__in=focus_group_list_for_user(viewer=viewer).values("pk"))
        .select_related("group__initiative")
        .prefetch_related(
            Prefetch("criteria", queryset=SuccessCriterion.objects.order_by("created_at", "pk")),
            Prefetch("next_iterations", queryset=Prototype.objects.only("pk", "previous_id")),
        )
        .annotate(
            feedback_average=Subquery(
                FeedbackResponse.objects.filter(prototype=OuterRef("pk"))
                .values("prototype")
                .annotate(average=Avg("rating"))
                .values("average")
            )
        )
        .order_by("group_id", "created_at", "pk")
    )


# --- Step 5: the guide (Leitfaden), the outcome and the links to the common agenda --------


@dataclass(frozen=True)
class RankedBarrier:
    """A barrier card with its place in the group's priorities (most dots first)."""

    rank: int
    text: str
    perspective: str
    dots: int
    cluster: str | None


@dataclass(frozen=True)
class GuideSource:
    """Everything the guide is assembled from, read in a fixed number of queries."""

    group: FocusGroup
    problem: ProblemStatement | None
    barriers: list[RankedBarrier]
    concepts: list
    prototypes: list
    objectives: list
    indicators: list


def guide_get(*, group: FocusGroup):
    """The group's guide with who changed and finalised it, or None."""
    from focusgroups.models import Guide

    guide = Guide.objects.filter(group=group).select_related("updated_by", "finalised_by").first()
    if guide is not None:
        guide.group = group
    return guide


def ranked_barriers(*, group: FocusGroup) -> list[RankedBarrier]:
    """The group's barrier cards by priority: most dots first, then in the order written.

    Authors are never read: the guide speaks for the group, whatever the board's setting.
    """
    cards = (
        BarrierCard.objects.filter(group=group)
        .select_related("cluster")
        .annotate(dot_count=Count("votes"))
        .order_by("-dot_count", "created_at", "pk")
        .only("text", "perspective", "cluster__name", "created_at")
    )
    return [
        RankedBarrier(
            rank=rank,
            text=card.text,
            perspective=card.perspective,
            dots=card.dot_count,
            cluster=card.cluster.name if card.cluster_id else None,
        )
        for rank, card in enumerate(cards, start=1)
    ]


def group_links_get(*, group: FocusGroup) -> tuple[list, list]:
    """(objectives, indicators) the group named, in the order of the results framework."""
    objectives = list(
        group.objectives.select_related("goal").order_by("goal__order", "order", "pk")
    )
    indicators = list(
        group.indicators.select_related("objective__goal").order_by(
            "objective__goal__order", "objective__order", "order", "pk"
        )
    )
    return objectives, indicators


def objective_choices(*, initiative: Initiative):
    """The initiative's impact objectives, in the framework's order, for the links form."""
    from impact.models import Objective

    return (
        Objective.objects.filter(goal__initiative=initiative)
        .select_related("goal")
        .order_by("goal__order", "goal__pk", "order", "pk")
    )


def indicator_choices(*, initiative: Initiative):
    from impact.models import Indicator

    return (
        Indicator.objects.filter(objective__goal__initiative=initiative)
        .select_related("objective__goal")
        .order_by("objective__goal__order", "objective__goal__pk", "objective__order", "order")
    )


def guide_source_get(*, group: FocusGroup) -> GuideSource:
    """What `focusgroups.guide` assembles the sections from: the problem statement, the cards
    by priority, the concepts with their barriers, the prototypes with their criteria and the
    iteration they improve, and the objectives the group named."""
    from focusgroups.models import Prototype, SolutionConcept, SuccessCriterion

    concepts = list(
        SolutionConcept.objects.filter(group=group)
        .prefetch_related(
            Prefetch("barriers", queryset=BarrierCard.objects.order_by("created_at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    prototypes = list(
        Prototype.objects.filter(group=group)
        .select_related("concept", "previous")
        .prefetch_related(
            Prefetch("criteria", queryset=SuccessCriterion.objects.order_by("created_at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    objectives, indicators = group_links_get(group=group)
    return GuideSource(
        group=group,
        problem=ProblemStatement.objects.filter(group=group).first(),
        barriers=ranked_barriers(group=group),
        concepts=concepts,
        prototypes=prototypes,
        objectives=objectives,
        indicators=indicators,
    )


# Step 3: concepts, tasks, sprints, retrospectives and sessions


def barrier_choices(*, group: FocusGroup) -> list[BarrierCard]:
    """The group's cards for choosing what a concept addresses: most dots first, with
    `dot_count`, so the prioritised barriers are at the top."""
    return list(
        BarrierCard.objects.filter(group=group)
        .annotate(dot_count=Count("votes"))
        .order_by("-dot_count", "created_at", "pk")
    )


def _barriers_with_dots():
    return Prefetch(
        "barriers",
        queryset=BarrierCard.objects.annotate(dot_count=Count("votes")).order_by(
            "-dot_count", "created_at", "pk"
        ),
    )


def concept_list(*, group: FocusGroup) -> QuerySet[SolutionConcept]:
    """The group's concepts with their barriers (most dots first) and counts."""
    return (
        SolutionConcept.objects.filter(group=group)
        .annotate(
            prototype_count=count_of(Prototype, parent="concept"),
            task_count=count_of(Task, parent="concept"),
            done_count=count_of(Task, parent="concept", filter=Q(status=Task.Status.DONE)),
        )
        .prefetch_related(_barriers_with_dots())
        .order_by("created_at", "pk")
    )


def _tasks_in_board_order() -> QuerySet[Task]:
    """Tasks as the board reads: to do, in progress, done; then by due date."""
    column = Case(
        When(status=Task.Status.TODO, then=Value(0)),
        When(status=Task.Status.IN_PROGRESS, then=Value(1)),
        default=Value(2),
    )
    return (
        Task.objects.select_related("owner")
        .annotate(column=column)
        .order_by("column", F("due_date").asc(nulls_last=True), "pk")
    )


def concept_get(*, group: FocusGroup, pk) -> SolutionConcept | None:
    """One concept with its barriers, prototypes (read-only here) and open tasks."""
    concept = (
        concept_list(group=group)
        .filter(pk=pk)
        .prefetch_related(
            "prototypes",
            Prefetch(
                "tasks",
                queryset=_tasks_in_board_order(),
            ),
        )
        .first()
    )
    if concept is not None:
        concept.group = group
    return concept


TASK_COLUMNS = (Task.Status.TODO, Task.Status.IN_PROGRESS, Task.Status.DONE)


@dataclass
class TaskColumn:
    status: str
    label: str
    tasks: list


@dataclass
class TaskBoard:
    columns: list[TaskColumn]
    task_count: int
    running_sprint: "Sprint | None"
    sprints: list
    mine: bool
    sprint_filter: str
    done_limit: int
    done_more: bool


def task_list(*, group: FocusGroup) -> QuerySet[Task]:
    return Task.objects.filter(group=group).select_related("owner", "concept", "sprint")


# The done column shows the most recent ones; the rest stays in the sprints' records.
DONE_LIMIT = 30


def task_board(*, group: FocusGroup, viewer, mine: bool = False, sprint: str = "") -> TaskBoard:
    """The tasks of the group in three columns. `sprint` is "" (all), "none" (not in a sprint)
    or a sprint id; `mine` keeps the viewer's tasks only. Open tasks are all shown, done ones
    the `DONE_LIMIT` most recent. Overdue = due before today and not done (computed here, so
    templates ask nothing)."""
    sprints = list(
        Sprint.objects.filter(group=group)
        .exclude(status=Sprint.Status.FINISHED)
        .order_by("start_date", "pk")
    )
    running = next((s for s in sprints if s.is_running), None)
    qs = task_list(group=group)
    if mine:
        qs = qs.filter(owner=viewer)
    if sprint == "none":
        qs = qs.filter(sprint__isnull=True)
    elif sprint.isdigit():
        qs = qs.filter(sprint_id=int(sprint))
    today = timezone.localdate()
    open_tasks = list(
        qs.exclude(status=Task.Status.DONE).order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    done = list(
        qs.filter(status=Task.Status.DONE).order_by(F("done_at").desc(nulls_last=True), "-pk")[
            : DONE_LIMIT + 1
        ]
    )
    done_more = len(done) > DONE_LIMIT
    done = done[:DONE_LIMIT]
    by_status: dict[str, list] = {status: [] for status in TASK_COLUMNS}
    for task in [*open_tasks, *done]:
        task.is_overdue = bool(
            task.due_date and task.due_date < today and task.status != Task.Status.DONE
        )
        task.is_mine = task.owner_id == viewer.pk
        by_status[task.status].append(task)
    return TaskBoard(
        columns=[TaskColumn(s, Task.Status(s).label, by_status[s]) for s in TASK_COLUMNS],
        task_count=len(open_tasks) + len(done),
        running_sprint=running,
        sprints=sprints,
        mine=mine,
        sprint_filter=sprint,
        done_limit=DONE_LIMIT,
        done_more=done_more,
    )


def sprint_list(*, group: FocusGroup) -> QuerySet[Sprint]:
    """The group's sprints, running first, then planned, then finished, with counts."""
    order = Case(
        When(status=Sprint.Status.RUNNING, then=Value(0)),
        When(status=Sprint.Status.PLANNED, then=Value(1)),
        default=Value(2),
    )
    return (
        Sprint.objects.filter(group=group)
        .annotate(
            task_count=count_of(Task, parent="sprint"),
            done_count=count_of(Task, parent="sprint", filter=Q(status=Task.Status.DONE)),
            retro_count=count_of(RetroItem, parent="sprint"),
            order=order,
        )
        .order_by("order", "-start_date", "-pk")
    )


@dataclass
class RetroColumn:
    kind: str
    label: str
    items: list


def sprint_get(*, group: FocusGroup, pk, viewer) -> Sprint | None:
    """One sprint with its tasks and its retrospective in three columns (`sprint.retro`).

    Notes carry `is_mine` but never the author's name: the retrospective is hierarchy-free.
    """
    sprint = (
        sprint_list(group=group)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=_tasks_in_board_order(),
            ),
            Prefetch(
                "retro_items",
                queryset=RetroItem.objects.select_related("task"),
            ),
        )
        .first()
    )
    if sprint is None:
        return None
    sprint.group = group
    columns = {kind: [] for kind in RetroItem.Kind.values}
    for item in sprint.retro_items.all():
        item.is_mine = item.author_id == viewer.pk
        columns[item.kind].append(item)
    sprint.retro = [RetroColumn(k, RetroItem.Kind(k).label, columns[k]) for k in columns]
    return sprint


def session_list(*, group: FocusGroup) -> list:
    """The group's sessions (meetings), the next ones first, then the past ones."""
    sessions = list(
        FocusGroupSession.objects.filter(group=group)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )
    now = timezone.now()
    upcoming = sorted(
        (s for s in sessions if s.meeting.starts_at >= now), key=lambda s: s.meeting.starts_at
    )
    past = [s for s in sessions if s.meeting.starts_at < now]
    return upcoming + past


@dataclass
class Step3Overview:
    concepts: list
    running_sprint: Sprint | None
    open_tasks: int
    overdue_tasks: int
    finished_without_retro: list


def step3_overview(*, group: FocusGroup) -> Step3Overview:
    """What the five-step page shows of step 3: the concepts, the running sprint, the work
    left, and finished sprints that still wait for their retrospective."""
    sprints = list(sprint_list(group=group))
    counts = Task.objects.filter(group=group).aggregate(
        open=Count("pk", filter=~Q(status=Task.Status.DONE)),
        overdue=Count(
            "pk", filter=~Q(status=Task.Status.DONE) & Q(due_date__lt=timezone.localdate())
        ),
    )
    return Step3Overview(
        concepts=list(concept_list(group=group)),
        running_sprint=next((s for s in sprints if s.is_running), None),
        open_tasks=counts["open"],
        overdue_tasks=counts["overdue"],
        finished_without_retro=[
            s for s in sprints if s.status == Sprint.Status.FINISHED and not s.retro_count
        ],
    )


def concept_list_for_user(*, viewer) -> QuerySet[SolutionConcept]:
    """Concepts of every group the viewer may see (the API's list)."""
    return (
        SolutionConcept.objects.filter(
            group__in=focus_group_list_for_user(viewer=viewer).values("pk")
        )
        .prefetch_related(Prefetch("barriers", queryset=BarrierCard.objects.only("pk")))
        .order_by("group_id", "created_at", "pk")
    )


def task_list_for_user(*, viewer) -> QuerySet[Task]:
    """Tasks of every group the viewer may see (the API's list)."""
    return (
        Task.objects.filter(group__in=focus_group_list_for_user(viewer=viewer).values("pk"))
        .select_related("owner")
        .order_by("group_id", F("due_date").asc(nulls_last=True), "pk")
    )


# --- The cockpit: the gates' facts for many groups at once ----------------------------------


def group_facts_for_groups(*, groups) -> dict[int, BoardFacts]:
    """{group id: facts} for `groups`, the same as `group_facts` per group, in a fixed number of
    queries however many groups there are (the backbone office's cockpit lists them all)."""
    from focusgroups.models import Guide, ProblemAgreement

    groups = list(groups)
    if not groups:
        return {}
    ids = [g.pk for g in groups]

    def per_group(qs, **aggregates) -> dict[int, dict]:
        rows = qs.filter(group_id__in=ids).values("group_id").annotate(**aggregates).order_by()
        return {row.pop("group_id"): row for row in rows}

    statements = {
        group_id: (pk, agreed_at is not None)
        for pk, group_id, agreed_at in ProblemStatement.objects.filter(
            group_id__in=ids
        ).values_list("pk", "group_id", "agreed_at")
    }
    members: dict[int, set] = {pk: set() for pk in ids}
    for group_id, user_id in FocusGroupMember.objects.filter(group_id__in=ids).values_list(
        "group_id", "user_id"
    ):
        members[group_id].add(user_id)
    agreed: dict[int, set] = {pk: set() for pk in ids}
    if statements:
        for group_id, user_id in ProblemAgreement.objects.filter(
            statement_id__in=[pk for pk, _agreed in statements.values()]
        ).values_list("statement__group_id", "user_id"):
            agreed[group_id].add(user_id)
    cards: dict[int, list] = {pk: [] for pk in ids}
    for group_id, perspective, dots in (
        BarrierCard.objects.filter(group_id__in=ids)
        .annotate(dots=Count("votes"))
        .values_list("group_id", "perspective", "dots")
    ):
        cards[group_id].append((perspective, dots))
    clusters = per_group(BarrierCluster.objects, n=Count("pk"))
    perspectives = {
        (m.initiative_id, m.user_id): membership_perspective(m)
        for m in Membership.objects.filter(
            initiative_id__in={g.initiative_id for g in groups}
        ).select_related("organisation")
    }
    prototypes: dict[int, list] = {pk: [] for pk in ids}
    for group_id, *row in (
        prototype_list(group=None)
        .filter(group_id__in=ids)
        .values_list(
            "group_id", "criteria_count", "result_count", "feedback_count", "status", "previous_id"
        )
    ):
        prototypes[group_id].append(row)
    concepts = per_group(SolutionConcept.objects, n=Count("pk"))
    prioritised = per_group(
        SolutionConcept.objects.filter(
            barriers__group_id=F("group_id"), barriers__votes__isnull=False
        ),
        n=Count("pk", distinct=True),
    )
    tasks = per_group(
        Task.objects,
        total=Count("pk"),
        planned=Count("pk", filter=Q(owner__isnull=False, due_date__isnull=False)),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
    )
    sprints = per_group(
        Sprint.objects,
        total=Count("pk", distinct=True),
        retros=Count(
            "pk",
            filter=Q(status=Sprint.Status.FINISHED, retro_items__isnull=False),
            distinct=True,
        ),
        running=Count("pk", filter=Q(status=Sprint.Status.RUNNING), distinct=True),
    )
    guides = dict(Guide.objects.filter(group_id__in=ids).values_list("group_id", "status"))

    facts = {}
    for group in groups:
        pk = group.pk
        statement = statements.get(pk)
        member_ids = members[pk]
        card_rows = cards[pk]
        rows = prototypes[pk]
        task_counts = tasks.get(pk, {})
        sprint_counts = sprints.get(pk, {})
        guide_status = guides.get(pk)
        facts[pk] = BoardFacts(
            problem_written=statement is not None,
            problem_agreed=bool(statement and statement[1]),
            agreement_count=len(agreed[pk] & member_ids),
            member_count=len(member_ids),
            card_count=len(card_rows),
            cards_with_dots=sum(1 for _, dots in card_rows if dots),
            dot_count=sum(dots for _, dots in card_rows),
            perspective_count=len({p for p, _ in card_rows}),
            cluster_count=clusters.get(pk, {}).get("n", 0),
            missing_perspectives=diversity(
                perspectives.get((group.initiative_id, user_id)) for user_id in member_ids
            ).missing,
            # (criteria, results, feedback, status, previous)
            prototype_count=len(rows),
            prototypes_with_criteria=sum(1 for r in rows if r[0]),
            prototypes_with_results=sum(1 for r in rows if r[0] and r[0] == r[1]),
            prototypes_tested=sum(1 for r in rows if r[3] != "planned"),
            feedback_count=sum(r[2] for r in rows),
            second_iterations=sum(1 for r in rows if r[4]),
            second_iterations_tested=sum(1 for r in rows if r[4] and r[3] != "planned"),
            concept_count=concepts.get(pk, {}).get("n", 0),
            concepts_with_priority=prioritised.get(pk, {}).get("n", 0),
            task_count=task_counts.get("total", 0),
            tasks_planned=task_counts.get("planned", 0),
            tasks_done=task_counts.get("done", 0),
            sprint_count=sprint_counts.get("total", 0),
            sprints_with_retro=sprint_counts.get("retros", 0),
            sprint_running=bool(sprint_counts.get("running")),
            guide_written=guide_status is not None,
            guide_final=guide_status == Guide.Status.FINAL,
        )
    return facts


def criteria_indicators_attach(criteria) -> list:
    """Load the indicators the criteria name in one query and attach them (`criterion.indicator`
    then reads no further), for the prototype page and the guide's assembly."""
    from impact.models import Indicator

    criteria = list(criteria)
    ids = {c.indicator_id for c in criteria if c.indicator_id}
    found = Indicator.objects.in_bulk(ids) if ids else {}
    for criterion in criteria:
        if criterion.indicator_id:
            criterion.indicator = found[criterion.indicator_id]
    return criteria


def concept_objectives_attach(concepts) -> list:
    """The objectives each concept serves (framework order), in one query, as
    `concept.objective_list`."""
    from focusgroups.models import SolutionConcept

    concepts = list(concepts)
    through = SolutionConcept.objectives.through
    rows = (
        through.objects.filter(solutionconcept_id__in=[c.pk for c in concepts])
        .select_related("objective__goal")
        .order_by("objective__goal__order", "objective__goal__pk", "objective__order", "pk")
    )
    by_concept: dict[int, list] = {}
    for row in rows:
        by_concept.setdefault(row.solutionconcept_id, []).append(row.objective)
    for concept in concepts:
        concept.objective_list = by_concept.get(concept.pk, [])
    return concepts


def barrier_objectives(cards) -> dict[int, list]:
    """card pk → the objectives it affects: those of every concept that addresses the card
    (barriers have no objectives of their own), in one query."""
    from focusgroups.models import SolutionConcept

    ids = [c.pk for c in cards]
    rows = (
        SolutionConcept.objectives.through.objects.filter(solutionconcept__barriers__in=ids)
        .annotate(card_id=F("solutionconcept__barriers"))
        .select_related("objective")
        .order_by("objective__goal__order", "objective__goal__pk", "objective__order", "pk")
    )
    found: dict[int, list] = {}
    for row in rows:
        listed = found.setdefault(row.card_id, [])
        if row.objective not in listed:
            listed.append(row.objective)
    return found
