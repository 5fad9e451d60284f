"""Reads of activities and output logs, scoped to the viewer: each returns only what the viewer
may see (nothing for participants and non-members), with a fixed number of queries however many
activities, logs and objectives there are.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coordination import permissions, rotation, speakers
from coordination.models import (
    MEETING_ROLE_HELP,
    PULSE_MIN_ANSWERS,
    PULSE_SCALE,
    PULSE_STATEMENTS,
    ActionItem,
    Activity,
    AgendaItem,
    Decision,
    EarlyWarning,
    EarlyWarningNote,
    Meeting,
    MeetingRole,
    MeetingRoleKind,
    OutputBreakdown,
    OutputLog,
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseRound,
    SpeakerRequest,
)
from core.sorting import name_key
from impact.models import Dimension, Goal, Objective, Submission
from initiatives.models import Endorsement, Initiative, Membership, Organisation, Role
from initiatives.permissions import membership_get

# From this many organisations working on the same objective, the alignment view marks it as an
# overlap: worth a conversation about whether the offers reinforce or duplicate each other.
OVERLAP_THRESHOLD = 3


def _can_view(viewer, initiative: Initiative) -> bool:
    return permissions.can_view_activities(membership_get(user=viewer, initiative=initiative))


def _objectives_queryset() -> QuerySet[Objective]:
    return Objective.objects.select_related("goal").order_by(
        "goal__order", "goal_id", "order", "pk"
    )


def _log_aggregate(expression) -> Subquery:
    return Subquery(
        OutputLog.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(result=expression)
        .values("result"),
        output_field=IntegerField(),
    )


def _annotated(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return (
        qs.select_related("organisation", "initiative")
        .prefetch_related(Prefetch("objectives", queryset=_objectives_queryset()))
        .annotate(
            log_count=Coalesce(_log_aggregate(Count("pk")), 0),
            people_total=Coalesce(_log_aggregate(Sum("people_reached")), 0),
        )
    )


def _activities(initiative: Initiative) -> QuerySet[Activity]:
    return _annotated(Activity.objects.filter(initiative=initiative))


def activity_list_for_user(*, viewer) -> QuerySet[Activity]:
    """Activities of every initiative in which `viewer` may see them (for the API), annotated
    like `activity_list`."""
    return _annotated(
        Activity.objects.filter(
            initiative__memberships__user=viewer,
            initiative__memberships__role__in=permissions.READERS,
        )
    ).order_by("initiative__name", "organisation__name", "title", "pk")


def output_log_list_for_user(*, viewer) -> QuerySet[OutputLog]:
    """Output logs of every activity `viewer` may see (for the API), newest first, with
    their breakdowns."""
    return (
        OutputLog.objects.filter(
            activity__initiative__memberships__user=viewer,
            activity__initiative__memberships__role__in=permissions.READERS,
        )
        .select_related("activity__initiative")
        .prefetch_related(
            Prefetch(
                "breakdowns",
                queryset=OutputBreakdown.objects.select_related("category__dimension"),
            )
        )
        .order_by("-date", "-pk")
    )


def activity_list(
    *,
    viewer,
    initiative: Initiative,
    organisation: int | None = None,
    objective: int | None = None,
    contribution_kind: str | None = None,
) -> QuerySet[Activity]:
    """The initiative's activities with organisation, objectives (with their goals), the number
    of output logs (`log_count`) and the people reached in all (`people_total`), ordered by
    organisation and title. The filters take ids and a kind."""
    if not _can_view(viewer, initiative):
        return Activity.objects.none()
    qs = _activities(initiative)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if objective:
        qs = qs.filter(objectives__id=objective)
    if contribution_kind:
        qs = qs.filter(contribution_kind=contribution_kind)
    return qs.order_by("organisation__name", "title", "pk")


def activity_get(*, viewer, initiative: Initiative, pk: int) -> Activity | None:
    """One activity as `activity_list` returns it, or None."""
    return activity_list(viewer=viewer, initiative=initiative).filter(pk=pk).first()


def output_log_list(*, viewer, activity: Activity) -> QuerySet[OutputLog]:
    """The activity's logs, newest first, with who logged them and their breakdowns (with
    category and dimension)."""
    if not _can_view(viewer, activity.initiative):
        return OutputLog.objects.none()
    breakdowns = OutputBreakdown.objects.select_related("category__dimension").order_by(
        "category__dimension__order", "category__dimension_id", "category__order", "category_id"
    )
    return (
        OutputLog.objects.filter(activity=activity)
        .select_related("created_by")
        .prefetch_related(Prefetch("breakdowns", queryset=breakdowns))
        .order_by("-date", "-pk")
    )


def dimension_list(*, initiative: Initiative) -> list[Dimension]:
    """The initiative's breakdown dimensions with their categories, for the log form."""
    return list(
        Dimension.objects.filter(initiative=initiative)
        .order_by("order", "pk")
        .prefetch_related("categories")
    )


def organisation_list(*, initiative: Initiative) -> list[Organisation]:
    """The initiative's partner organisations by name, for filters and the alignment rows."""
    return list(Organisation.objects.filter(initiative=initiative).order_by("name"))


def objective_list(*, initiative: Initiative) -> list[Objective]:
    """The initiative's objectives in framework order, each with its goal."""
    return list(_objectives_queryset().filter(goal__initiative=initiative))


# --- The alignment view --------------------------------------------------------------------


@dataclass
class AlignmentCell:
    objective: Objective
    count: int


@dataclass
class AlignmentRow:
    organisation: Organisation
    cells: list[AlignmentCell]
    total: int


@dataclass
class AlignmentColumn:
    objective: Objective
    total: int
    organisations: int
    is_gap: bool
    is_overlap: bool


@dataclass
class AlignmentGoal:
    goal: Goal
    columns: list[AlignmentColumn]


@dataclass
class Alignment:
    """Partners (rows) by objectives (columns, grouped by goal) with activity counts.

    An objective no activity serves is a gap; one served by `threshold` organisations or more
    is an overlap. `total` counts activities, each once, however many objectives it serves.
    """

    goals: list[AlignmentGoal]
    rows: list[AlignmentRow]
    columns: list[AlignmentColumn]
    total: int
    threshold: int
    gaps: list[Objective] = field(default_factory=list)
    overlaps: list[Objective] = field(default_factory=list)


def alignment_build(
    *,
    organisations: list[Organisation],
    objectives: list[Objective],
    counts: dict[tuple[int, int], int],
    activity_totals: dict[int, int],
    threshold: int = OVERLAP_THRESHOLD,
) -> Alignment:
    """The alignment from plain data: `counts[(organisation id, objective id)]` activities,
    `activity_totals[organisation id]` activities of the organisation in all. Pure."""
    columns = []
    for objective in objectives:
        per_org = [counts.get((org.pk, objective.pk), 0) for org in organisations]
        serving = sum(1 for n in per_org if n)
        columns.append(
            AlignmentColumn(
                objective=objective,
                total=sum(per_org),
                organisations=serving,
                is_gap=serving == 0,
                is_overlap=serving >= threshold,
            )
        )
    rows = [
        AlignmentRow(
            organisation=org,
            cells=[
                AlignmentCell(objective=objective, count=counts.get((org.pk, objective.pk), 0))
                for objective in objectives
            ],
            total=activity_totals.get(org.pk, 0),
        )
        for org in organisations
    ]
    goals: list[AlignmentGoal] = []
    for column in columns:
        goal = column.objective.goal
        if not goals or goals[-1].goal.pk != goal.pk:
            goals.append(AlignmentGoal(goal=goal, columns=[]))
        goals[-1].columns.append(column)
    return Alignment(
        goals=goals,
        rows=rows,
        columns=columns,
        total=sum(activity_totals.values()),
        threshold=threshold,
        gaps=[c.objective for c in columns if c.is_gap],
        overlaps=[c.objective for c in columns if c.is_overlap],
    )


def alignment_get(*, viewer, initiative: Initiative) -> Alignment | None:
    """The alignment of the initiative's partners and objectives in four queries; None for
    viewers who may not see activities."""
    if not _can_view(viewer, initiative):
        return None
    organisations = organisation_list(initiative=initiative)
    objectives = objective_list(initiative=initiative)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    pairs = (
        Activity.objects.filter(initiative=initiative, objectives__isnull=False)
        .values_list("organisation_id", "objectives__id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for organisation_id, objective_id, n in pairs:
        counts[(organisation_id, objective_id)] = n
    totals = dict(
        Activity.objects.filter(initiative=initiative)
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return alignment_build(
        organisations=organisations,
        objectives=objectives,
        counts=counts,
        activity_totals=totals,
    )


# --- A partner's contributions -------------------------------------------------------------


@dataclass
class ContributionGroup:
    objective: Objective
    activities: list[Activity]
    people_total: int


@dataclass
class Contributions:
    organisation: Organisation
    groups: list[ContributionGroup]
    activity_count: int
    people_total: int


def contributions_get(
    *, viewer, initiative: Initiative, organisation: Organisation
) -> Contributions | None:
    """The organisation's activities grouped by the objectives they serve (an activity serving
    two objectives appears under both), with the people reached: per objective and in all,
    where each activity counts once."""
    if not _can_view(viewer, initiative):
        return None
    activities = list(
        activity_list(viewer=viewer, initiative=initiative, organisation=organisation.pk)
    )
    by_objective: dict[int, ContributionGroup] = {}
    for objective in objective_list(initiative=initiative):
        by_objective[objective.pk] = ContributionGroup(objective, [], 0)
    for activity in activities:
        for objective in activity.objectives.all():
            group = by_objective[objective.pk]
            group.activities.append(activity)
            group.people_total += activity.people_total
    return Contributions(
        organisation=organisation,
        groups=[group for group in by_objective.values() if group.activities],
        activity_count=len(activities),
        people_total=sum(activity.people_total for activity in activities),
    )


# --- Meetings, decisions and action items ---------------------------------------------------


def _can_view_meetings(viewer, initiative: Initiative) -> bool:
    return permissions.can_view_meetings(membership_get(user=viewer, initiative=initiative))


def meeting_list(*, viewer, initiative: Initiative) -> tuple[QuerySet, QuerySet]:
    """(upcoming, past) meetings of the initiative: upcoming soonest first, past latest first,
    each with its number of agenda items. Empty for viewers who may not see meetings."""
    if not _can_view_meetings(viewer, initiative):
        none = Meeting.objects.none()
        return none, none
    now = timezone.now()
    qs = Meeting.objects.filter(initiative=initiative).annotate(
        agenda_count=Count("agenda_items", distinct=True)
    )
    upcoming = qs.filter(starts_at__gte=now).order_by("starts_at", "pk")
    past = qs.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


def _action_items_queryset() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related("assignee", "organisation").order_by("due_date", "pk")


def meeting_get(*, viewer, initiative: Initiative, pk) -> Meeting | None:
    """A meeting with its agenda items in order, their owners, decisions and action items
    (in a fixed number of queries), or None when missing or not visible."""
    if not _can_view_meetings(viewer, initiative):
        return None
    return (
        Meeting.objects.filter(initiative=initiative, pk=pk)
        .select_related("created_by", "initiative")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("owner").order_by("order", "pk"),
            ),
            Prefetch(
                "agenda_items__decisions",
                queryset=Decision.objects.select_related("recorded_by").order_by("pk"),
            ),
            Prefetch("agenda_items__action_items", queryset=_action_items_queryset()),
            Prefetch("roles", queryset=MeetingRole.objects.select_related("user")),
        )
        .first()
    )


def _assigned_to_organisation(organisation_id: int) -> Q:
    """Items of the organisation, or of a person who is a member of it in the initiative."""
    return Q(organisation_id=organisation_id) | Q(
        Exists(
            Membership.objects.filter(
                initiative=OuterRef("initiative"),
                user=OuterRef("assignee"),
                organisation_id=organisation_id,
            )
        )
    )


def action_item_list(
    *,
    viewer,
    initiative: Initiative,
    mine: bool = False,
    overdue: bool = False,
    organisation: int | None = None,
) -> QuerySet[ActionItem]:
    """Action items of the initiative, soonest due first, with what they came from.

    `mine`: assigned to the viewer or the viewer's organisation; `overdue`: not done and due
    before today; `organisation`: assigned to the organisation or one of its members."""
    if not _can_view_meetings(viewer, initiative):
        return ActionItem.objects.none()
    qs = ActionItem.objects.filter(initiative=initiative)
    if mine:
        membership = membership_get(user=viewer, initiative=initiative)
        condition = Q(assignee=viewer)
        if membership.organisation_id:
            condition |= Q(organisation_id=membership.organisation_id)
        qs = qs.filter(condition)
    if overdue:
        qs = qs.filter(due_date__lt=timezone.localdate()).exclude(status=ActionItem.Status.DONE)
    if organisation:
        qs = qs.filter(_assigned_to_organisation(organisation))
    return qs.select_related(
        "assignee", "organisation", "agenda_item__meeting", "decision", "created_by"
    ).order_by("due_date", "pk")


def action_item_list_for_user(*, viewer) -> QuerySet[ActionItem]:
    """Action items of every initiative in which `viewer` may see them (for the API)."""
    return (
        ActionItem.objects.filter(
            initiative__memberships__user=viewer,
            initiative__memberships__role__in=permissions.READERS,
        )
        .select_related("initiative", "assignee", "organisation", "agenda_item", "decision")
        .order_by("due_date", "pk")
    )


def meeting_list_for_user(*, viewer) -> QuerySet[Meeting]:
    """Meetings of every initiative in which `viewer` may see them, with agenda and decisions
    (for the API)."""
    return (
        Meeting.objects.filter(
            initiative__memberships__user=viewer,
            initiative__memberships__role__in=permissions.READERS,
        )
        .select_related("initiative")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")),
            Prefetch("agenda_items__decisions", queryset=Decision.objects.order_by("pk")),
            Prefetch("roles", queryset=MeetingRole.objects.select_related("user")),
        )
        .order_by("-starts_at", "-pk")
    )


def decision_list(*, viewer, initiative: Initiative) -> QuerySet[Decision]:
    """Decisions of the initiative, latest first, each with its meeting and how many of its
    action items are done (`action_total`, `action_done`)."""
    if not _can_view_meetings(viewer, initiative):
        return Decision.objects.none()
    return (
        Decision.objects.filter(agenda_item__meeting__initiative=initiative)
        .select_related("agenda_item__meeting")
        .annotate(
            action_total=Count("action_items", distinct=True),
            action_done=Count(
                "action_items",
                filter=Q(action_items__status=ActionItem.Status.DONE),
                distinct=True,
            ),
        )
        .order_by("-decided_at", "-pk")
    )


def assignable_member_list(*, initiative: Initiative) -> list[Membership]:
    """Members who may lead agenda items and take on action items: coordinators and partners."""
    return list(
        Membership.objects.filter(initiative=initiative, role__in=[Role.COORDINATOR, Role.PARTNER])
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email")
    )


# --- News and comments ----------------------------------------------------------------------

from django.contrib.auth import get_user_model  # noqa: E402

from coordination.models import NewsComment, NewsPost  # noqa: E402

MENTION_SUGGESTIONS = 8


def news_post_list(*, viewer, initiative: Initiative) -> QuerySet:
    """The initiative's news, pinned first, then newest first, each with its author and number
    of comments; empty for people outside the initiative."""
    if not permissions.can_view_news(membership_get(user=viewer, initiative=initiative)):
        return NewsPost.objects.none()
    return (
        NewsPost.objects.filter(initiative=initiative)
        .select_related("author")
        .annotate(comment_count=Count("comments"))
        .order_by("-pinned", "-created_at", "-pk")
    )


def news_post_get(*, viewer, initiative: Initiative, pk) -> NewsPost | None:
    """One news post of the initiative with its comments (oldest first) and their authors."""
    if not permissions.can_view_news(membership_get(user=viewer, initiative=initiative)):
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        NewsPost.objects.filter(initiative=initiative, pk=pk)
        .select_related("author", "initiative")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=NewsComment.objects.select_related("author").order_by("created_at", "pk"),
            )
        )
        .first()
    )


def mention_candidate_list(*, viewer, initiative: Initiative, query: str) -> list:
    """Members of the initiative whose name or e-mail contains `query`, for the mention
    suggestions; never the viewer (mentioning oneself notifies nobody)."""
    query = " ".join((query or "").split())
    if not query:
        return []
    return list(
        get_user_model()
        .objects.filter(memberships__initiative=initiative, is_active=True)
        .filter(Q(full_name__icontains=query) | Q(email__istartswith=query))
        .exclude(pk=viewer.pk)
        .order_by("full_name", "pk")
        .distinct()[:MENTION_SUGGESTIONS]
    )


# --- Partnership pulse --------------------------------------------------------------------------


def _can_view_pulse(viewer, initiative: Initiative) -> bool:
    return permissions.can_view_pulse(membership_get(user=viewer, initiative=initiative))


def pulse_round_list(*, viewer, initiative: Initiative) -> QuerySet[PulseRound]:
    """The initiative's rounds, latest first, each with its number of answers
    (`answer_count`). Empty for viewers who may not see the pulse."""
    if not _can_view_pulse(viewer, initiative):
        return PulseRound.objects.none()
    return (
        PulseRound.objects.filter(initiative=initiative)
        .annotate(answer_count=Count("answers"))
        .order_by("-opens_on", "-pk")
    )


def pulse_round_get(*, viewer, initiative: Initiative, pk) -> PulseRound | None:
    return pulse_round_list(viewer=viewer, initiative=initiative).filter(pk=pk).first()


def pulse_answered_round_ids(*, viewer, initiative: Initiative) -> set[int]:
    """The rounds the viewer has answered (never which answer is theirs)."""
    return set(
        PulseParticipation.objects.filter(user=viewer, round__initiative=initiative).values_list(
            "round_id", flat=True
        )
    )


@dataclass(frozen=True)
class PulseQuestionResult:
    question: str
    label: str
    statement: str
    mean: float
    # (value, number of answers, share in percent) for 1 to 5.
    distribution: tuple[tuple[int, int, float], ...]


@dataclass(frozen=True)
class PulseResults:
    """What a round shows: only the count until it has closed with enough answers, then the
    mean and distribution per question and the comments (in a fixed order that says nothing
    about when they were written)."""

    pulse_round: PulseRound
    count: int
    minimum: int
    questions: tuple[PulseQuestionResult, ...] = ()
    comments: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return bool(self.questions)

    @property
    def overall_mean(self) -> float | None:
        if not self.questions:
            return None
        return sum(q.mean for q in self.questions) / len(self.questions)


def _pulse_aggregates() -> dict:
    """Mean and per-value count of every question, for `.aggregate()` or `.annotate()`."""
    expressions: dict = {"n": Count("pk")}
    for question in PulseQuestion.values:
        expressions[f"{question}__mean"] = Avg(question)
        for value in PULSE_SCALE:
            expressions[f"{question}__{value}"] = Count("pk", filter=Q(**{question: value}))
    return expressions


def _question_results(row: dict) -> tuple[PulseQuestionResult, ...]:
    results = []
    n = row["n"] or 0
    for question in PulseQuestion:
        results.append(
            PulseQuestionResult(
                question=question.value,
                label=question.label,
                statement=PULSE_STATEMENTS[question],
                mean=float(row[f"{question.value}__mean"] or 0),
                distribution=tuple(
                    (
                        value,
                        row[f"{question.value}__{value}"],
                        row[f"{question.value}__{value}"] / n * 100 if n else 0.0,
                    )
                    for value in PULSE_SCALE
                ),
            )
        )
    return tuple(results)


def pulse_results_get(*, viewer, pulse_round: PulseRound) -> PulseResults | None:
    """The round's results as the viewer may see them (None: not at all). Aggregated in the
    database in one query; the comments in a second one, and only when results are shown."""
    if not _can_view_pulse(viewer, pulse_round.initiative):
        return None
    row = PulseAnswer.objects.filter(round=pulse_round).aggregate(**_pulse_aggregates())
    count = row["n"] or 0
    if not pulse_round.is_closed or count < PULSE_MIN_ANSWERS:
        return PulseResults(pulse_round=pulse_round, count=count, minimum=PULSE_MIN_ANSWERS)
    comments = tuple(
        PulseAnswer.objects.filter(round=pulse_round)
        .exclude(comment="")
        .order_by("id")
        .values_list("comment", flat=True)
    )
    return PulseResults(
        pulse_round=pulse_round,
        count=count,
        minimum=PULSE_MIN_ANSWERS,
        questions=_question_results(row),
        comments=comments,
    )


@dataclass(frozen=True)
class PulseTrendPoint:
    """One closed round in the trend; `questions` is empty below the minimum of answers."""

    pulse_round: PulseRound
    count: int
    questions: tuple[PulseQuestionResult, ...]

    @property
    def overall_mean(self) -> float | None:
        if not self.questions:
            return None
        return sum(q.mean for q in self.questions) / len(self.questions)

    @property
    def lowest(self) -> PulseQuestionResult | None:
        return min(self.questions, key=lambda q: q.mean) if self.questions else None


PULSE_TREND_ROUNDS = 8


def pulse_trend_get(*, viewer, initiative: Initiative) -> list[PulseTrendPoint]:
    """The last closed rounds (at most `PULSE_TREND_ROUNDS`), oldest first, with their means:
    two queries however many rounds and answers there are."""
    if not _can_view_pulse(viewer, initiative):
        return []
    today = timezone.localdate()
    rounds = list(
        PulseRound.objects.filter(initiative=initiative)
        .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .order_by("-opens_on", "-pk")[:PULSE_TREND_ROUNDS]
    )
    rows = {
        row["round"]: row
        for row in PulseAnswer.objects.filter(round__in=rounds)
        .order_by()
        .values("round")
        .annotate(**_pulse_aggregates())
    }
    points = []
    for pulse_round in reversed(rounds):
        row = rows.get(pulse_round.pk, {"n": 0})
        count = row["n"]
        questions = _question_results(row) if count >= PULSE_MIN_ANSWERS else ()
        points.append(PulseTrendPoint(pulse_round=pulse_round, count=count, questions=questions))
    return points


# --- Early warnings -----------------------------------------------------------------------------


def _warning_visibility(membership: Membership | None) -> Q:
    """Which warnings the member sees: all for the backbone office; for everyone else those
    meant for all members and their own."""
    if membership is not None and membership.role == Role.COORDINATOR:
        return Q()
    return Q(visibility=EarlyWarning.Visibility.MEMBERS) | Q(author_id=membership.user_id)


def _visible_warnings(*, viewer, initiative: Initiative) -> QuerySet[EarlyWarning]:
    membership = membership_get(user=viewer, initiative=initiative)
    if not permissions.can_view_warnings(membership):
        return EarlyWarning.objects.none()
    return EarlyWarning.objects.filter(initiative=initiative).filter(
        _warning_visibility(membership)
    )


def warning_list(
    *,
    viewer,
    initiative: Initiative,
    status: str | None = None,
    organisation: int | None = None,
    visibility: str | None = None,
) -> QuerySet[EarlyWarning]:
    """The warnings the viewer may see, unresolved ones first, then newest first, each with its
    number of follow-up notes (`note_count`). The filters take a status, an organisation id and
    a visibility."""
    qs = _visible_warnings(viewer=viewer, initiative=initiative)
    if status:
        qs = qs.filter(status=status)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if visibility:
        qs = qs.filter(visibility=visibility)
    return (
        qs.select_related("author", "organisation")
        .annotate(
            note_count=Count("notes"),
            is_resolved=Case(
                When(status=EarlyWarning.Status.RESOLVED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("is_resolved", "-created_at", "-pk")
    )


def warning_get(*, viewer, initiative: Initiative, pk) -> EarlyWarning | None:
    """A warning the viewer may see, with its notes and their authors, or None."""
    return (
        warning_list(viewer=viewer, initiative=initiative)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "notes",
                queryset=EarlyWarningNote.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .first()
    )


def warning_status_counts(*, viewer, initiative: Initiative) -> dict[str, int]:
    """{status: number} of the warnings the viewer may see, in one query."""
    counts = dict.fromkeys(EarlyWarning.Status.values, 0)
    rows = (
        _visible_warnings(viewer=viewer, initiative=initiative)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts.update(dict(rows))
    return counts


# --- Partners who have gone quiet -------------------------------------------------------------

# An organisation counts as quiet when nothing of it has happened for this many days.
QUIET_DAYS = 60


@dataclass(frozen=True)
class QuietOrganisation:
    organisation: Organisation
    last_sign: datetime.datetime | None


def organisation_quiet_list(
    *, initiative: Initiative, days: int = QUIET_DAYS, now: datetime.datetime | None = None
) -> list[QuietOrganisation]:
    """Partner organisations with no sign of work for `days` days, longest quiet first.

    A sign of work is something the organisation did in the initiative: a value entered or
    changed, an activity registered or changed, an output logged, or an endorsement of the
    agenda. People's logins are not looked at (DOMAIN.md: silence is noticed for
    organisations, never for individual people). An organisation that joined less than `days`
    days ago is not quiet yet. One query.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)

    def latest(qs, field):
        return Subquery(
            qs.order_by().values("organisation").annotate(last=Max(field)).values("last")[:1]
        )

    organisations = (
        Organisation.objects.filter(initiative=initiative, created_at__lt=since)
        .annotate(
            last_submission=latest(
                Submission.objects.filter(organisation=OuterRef("pk")), "updated_at"
            ),
            last_activity=latest(
                Activity.objects.filter(organisation=OuterRef("pk")), "updated_at"
            ),
            last_log=Subquery(
                OutputLog.objects.filter(activity__organisation=OuterRef("pk"))
                .order_by()
                .values("activity__organisation")
                .annotate(last=Max("created_at"))
                .values("last")[:1]
            ),
            last_endorsement=latest(
                Endorsement.objects.filter(organisation=OuterRef("pk")), "endorsed_at"
            ),
        )
        .order_by("name")
    )
    quiet = []
    for organisation in organisations:
        signs = [
            value
            for value in (
                organisation.last_submission,
                organisation.last_activity,
                organisation.last_log,
                organisation.last_endorsement,
            )
            if value is not None
        ]
        last = max(signs, default=None)
        if last is None or last < since:
            quiet.append(QuietOrganisation(organisation=organisation, last_sign=last))
    quiet.sort(
        key=lambda q: (q.last_sign is not None, q.last_sign or now, name_key(q.organisation.name))
    )
    return quiet


# --- Meetings without minutes: roles, rotation, speakers' list, live notes -------------------


@dataclass
class RoleSlot:
    """One of the meeting's roles: who holds it (or None) and whom the rotation proposes."""

    kind: str
    label: str
    help: str
    holder: object | None
    proposal: rotation.Candidate | None


def meeting_role_slots(
    *, meeting: Meeting, members: list[Membership], with_proposals: bool
) -> list[RoleSlot]:
    """The three roles of a meeting in a fixed order, from `meeting.roles` (prefetched by
    `meeting_get`). With `with_proposals`, one more query finds when each member last held each
    role at another meeting of the initiative (cancelled meetings do not count), and the
    rotation proposes who is next for every open role."""
    held = {role.kind: role.user for role in meeting.roles.all()}
    last_held: dict[str, dict[int, object]] = defaultdict(dict)
    if with_proposals:
        history = (
            MeetingRole.objects.filter(meeting__initiative_id=meeting.initiative_id)
            .exclude(meeting=meeting)
            .exclude(meeting__status=Meeting.Status.CANCELLED)
            .values("kind", "user_id")
            .annotate(last=Max("meeting__starts_at"))
        )
        for row in history:
            last_held[row["kind"]][row["user_id"]] = row["last"]
    candidates = [
        rotation.Candidate(user_id=m.user_id, name=m.user.full_name or m.user.email)
        for m in members
    ]
    busy = {user.pk for user in held.values()}
    slots = []
    for kind, label in MeetingRoleKind.choices:
        holder = held.get(kind)
        proposal = None
        if with_proposals and holder is None:
            proposal = rotation.propose(candidates, last_held[kind], busy=busy)
            # The next open role is proposed to someone else, if anyone is left.
            if proposal is not None:
                busy.add(proposal.user_id)
        slots.append(
            RoleSlot(
                kind=kind,
                label=label,
                help=MEETING_ROLE_HELP[kind],
                holder=holder,
                proposal=proposal,
            )
        )
    return slots


@dataclass
class SpeakerEntry:
    request: SpeakerRequest
    has_spoken: bool


@dataclass
class SpeakerList:
    entries: list[SpeakerEntry]
    spoken_count: int
    mine: SpeakerRequest | None
    version: int


def speaker_list_get(*, meeting_id: int, viewer) -> SpeakerList:
    """The open requests in the order the floor is given (`coordination.speakers`), whether
    each person has spoken already, how many turns were taken, and the viewer's own request.
    Three queries, whatever the length of the list."""
    version = Meeting.objects.filter(pk=meeting_id).values_list("live_version", flat=True).first()
    requests = list(
        SpeakerRequest.objects.filter(meeting_id=meeting_id, spoken_at__isnull=True).select_related(
            "user"
        )
    )
    spoken = list(
        SpeakerRequest.objects.filter(meeting_id=meeting_id, spoken_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    have_spoken = set(spoken)
    by_pk = {r.pk: r for r in requests}
    order = speakers.speaker_order(
        [
            speakers.Request(pk=r.pk, user_id=r.user_id, requested_at=r.requested_at)
            for r in requests
        ],
        have_spoken=have_spoken,
    )
    entries = [
        SpeakerEntry(request=by_pk[r.pk], has_spoken=r.user_id in have_spoken) for r in order
    ]
    mine = next((r for r in requests if r.user_id == getattr(viewer, "pk", None)), None)
    return SpeakerList(entries=entries, spoken_count=len(spoken), mine=mine, version=version or 0)


def meeting_live_version(*, initiative, meeting_id: int) -> int | None:
    """What the open pages' poll compares first (one small query); None for no such meeting."""
    return (
        Meeting.objects.filter(initiative=initiative, pk=meeting_id)
        .values_list("live_version", flat=True)
        .first()
    )


def meeting_notes_list(*, meeting_id: int) -> list[dict]:
    """Each agenda item's notes and their version, with what `record_signature` needs, for the
    open pages' poll (one query)."""
    return list(
        AgendaItem.objects.filter(meeting_id=meeting_id)
        .order_by("order", "pk")
        .annotate(decision_count=Count("decisions"))
        .values("pk", "order", "title", "notes", "notes_version", "decision_count")
    )


def record_signature(rows) -> str:
    """A short fingerprint of the agenda (items, their order and titles) and of how many
    decisions each has: when it differs from the one a page was drawn with, the page offers a
    reload. `rows`: (pk, order, title, decision count) tuples."""
    text = "|".join(f"{pk}:{order}:{title}:{count}" for pk, order, title, count in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
