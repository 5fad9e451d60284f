"""A fluent builder for results frameworks, in the spirit of Akvo's ProjectFixtureBuilder.

    framework = (
        FrameworkBuilder(world.initiative)
        .goal("Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen")
        .indicator("Vermittlungen", kind=Kind.NUMBER, frequency=Frequency.QUARTERLY)
        .with_dimension("Geschlecht", ["weiblich", "männlich", "divers", "keine Angabe"])
        .reported_by(world.organisation, world.organisation2)
        .build()
    )
    indicator = framework.indicator("Vermittlungen")

Nothing touches the database before `build()`, which goes through the services as the
initiative's backbone office (or `acting_user`), so every rule of the services holds for test
data too. `report()` enters a value and optionally submits and approves it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from impact import services
from impact.models import Category, Dimension, Goal, Indicator, Objective, ReportingPeriod
from initiatives.models import Membership, Role

UNSPECIFIED = "keine Angabe"


@dataclass
class _IndicatorSpec:
    name: str
    fields: dict
    dimensions: list[tuple[str, list[str]]] = field(default_factory=list)
    organisations: list = field(default_factory=list)
    period_targets: dict = field(default_factory=dict)


@dataclass
class _ObjectiveSpec:
    title: str
    description: str = ""
    indicators: list[_IndicatorSpec] = field(default_factory=list)


@dataclass
class _GoalSpec:
    title: str
    description: str = ""
    objectives: list[_ObjectiveSpec] = field(default_factory=list)


@dataclass
class Framework:
    initiative: object
    goals: list[Goal]
    objectives: list[Objective]
    indicators: list[Indicator]
    dimensions: dict[str, Dimension]

    def indicator(self, name: str) -> Indicator:
        return next(i for i in self.indicators if i.name == name)

    def category(self, dimension: str, label: str) -> Category:
        return self.dimensions[dimension].categories.get(label=label)

    def period(self, indicator: Indicator | str, day: datetime.date) -> ReportingPeriod:
        """The reporting period of `indicator` that contains `day`."""
        if isinstance(indicator, str):
            indicator = self.indicator(indicator)
        return ReportingPeriod.objects.get(
            initiative=self.initiative,
            frequency=indicator.frequency,
            start__lte=day,
            end__gte=day,
        )


class FrameworkBuilder:
    def __init__(self, initiative, *, acting_user=None):
        self.initiative = initiative
        self.acting_user = acting_user or (
            Membership.objects.filter(initiative=initiative, role=Role.COORDINATOR)
            .select_related("user")
            .first()
            .user
        )
        self._goals: list[_GoalSpec] = []

    def goal(self, title: str, description: str = "") -> "FrameworkBuilder":
        self._goals.append(_GoalSpec(title, description))
        return self

    def objective(self, title: str, description: str = "") -> "FrameworkBuilder":
        if not self._goals:
            self.goal("Ziel")
        self._goals[-1].objectives.append(_ObjectiveSpec(title, description))
        return self

    def indicator(self, name: str, **fields) -> "FrameworkBuilder":
        """Add an indicator; `fields` are those of `services.indicator_create`."""
        if not self._goals or not self._goals[-1].objectives:
            self.objective("Wirkungsziel")
        fields.setdefault("definition", f"So wird {name} gezählt.")
        self._goals[-1].objectives[-1].indicators.append(_IndicatorSpec(name, fields))
        return self

    @property
    def _last_indicator(self) -> _IndicatorSpec:
        return self._goals[-1].objectives[-1].indicators[-1]

    def with_dimension(self, name: str, categories: list[str]) -> "FrameworkBuilder":
        """Break the last indicator down by `name` (created once per build, then shared)."""
        self._last_indicator.dimensions.append((name, categories))
        return self

    def reported_by(self, *organisations) -> "FrameworkBuilder":
        self._last_indicator.organisations.extend(organisations)
        return self

    def with_period_targets(self, targets: dict) -> "FrameworkBuilder":
        """Give the last indicator a target per period ({first day of period: value})."""
        spec = self._last_indicator
        spec.fields["target_mode"] = "per_period"
        spec.period_targets.update(targets)
        return self

    def build(self) -> Framework:
        user = self.acting_user
        framework = Framework(self.initiative, [], [], [], {})
        for goal_spec in self._goals:
            goal = services.goal_create(
                acting_user=user,
                initiative=self.initiative,
                title=goal_spec.title,
                description=goal_spec.description,
            )
            framework.goals.append(goal)
            for objective_spec in goal_spec.objectives:
                objective = services.objective_create(
                    acting_user=user,
                    goal=goal,
                    title=objective_spec.title,
                    description=objective_spec.description,
                )
                framework.objectives.append(objective)
                for spec in objective_spec.indicators:
                    dimensions = []
                    for name, categories in spec.dimensions:
                        if name not in framework.dimensions:
                            framework.dimensions[name] = services.dimension_create(
                                acting_user=user,
                                initiative=self.initiative,
                                name=name,
                                categories=categories,
                                unspecified_label=UNSPECIFIED,
                            )
                        dimensions.append(framework.dimensions[name])
                    indicator = services.indicator_create(
                        acting_user=user,
                        objective=objective,
                        name=spec.name,
                        reporting_organisations=spec.organisations,
                        dimensions=dimensions,
                        **spec.fields,
                    )
                    if spec.period_targets:
                        services.indicator_set_period_targets(
                            acting_user=user, indicator=indicator, targets=spec.period_targets
                        )
                    framework.indicators.append(indicator)
        return framework


def report(
    indicator: Indicator,
    period: ReportingPeriod,
    *,
    by,
    organisation=None,
    value=None,
    numerator=None,
    denominator=None,
    breakdown=None,
    comment: str = "",
    submit: bool = False,
    approve_by=None,
):
    """Enter a value as `by`; with `submit` also submit it, with `approve_by` also approve it."""
    submission = services.submission_create(
        acting_user=by,
        indicator=indicator,
        period=period,
        organisation=organisation,
        value=value,
        numerator=numerator,
        denominator=denominator,
        breakdown=breakdown,
        comment=comment,
    )
    if submit or approve_by is not None:
        submission = services.submission_submit(acting_user=by, submission=submission)
    if approve_by is not None:
        submission = services.submission_approve(acting_user=approve_by, submission=submission)
    return submission


def d(text: str) -> Decimal:
    return Decimal(text)
