"""Benchmark data of the impact app: a large initiative and the heavy pages to measure.

At full scale (`--scale 1`): 40 partner organisations with one member each, 4 goals with 3
objectives each, 150 indicators (a third monthly, the rest quarterly; numbers, amounts,
percentages and a few population indicators), 5 years of periods up to today plus the rest of
the next year, 3 breakdown dimensions with 4 to 5 categories on three quarters of the indicators,
each performance measure reported by 3 to 8 partners. Values up to two months ago are approved
(a few are missing, so they are overdue); the latest ones are a mix of submitted, returned,
draft and missing. Every breakdown adds up to its total.

Rows are written with `bulk_create`, not through the services: the services' rules hold for
the data by construction, and a service call per value would take far longer than the
measurement. See `core/management/commands/benchmark.py` for the contract of the hooks.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from core.models import AuditEvent
from impact import services
from impact.models import (
    Breakdown,
    Category,
    Dimension,
    Goal,
    Indicator,
    Objective,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from impact.progress import Frequency, Kind, PartnerAggregation, PeriodAggregation
from initiatives.models import Initiative, Membership, Organisation, Role, Sector

User = get_user_model()
Status = Submission.Status

FULL = {"partners": 40, "indicators": 150, "months": 60}
GOALS, OBJECTIVES_PER_GOAL = 4, 3
BATCH = 2000
UNSPECIFIED = "keine Angabe"
# name: [(category, share of the total)]; the rest goes to "keine Angabe".
DIMENSIONS = {
    "Geschlecht": [("weiblich", 0.46), ("männlich", 0.48), ("divers", 0.01)],
    "Altersgruppe": [("unter 25", 0.2), ("25 bis 44", 0.55), ("45 und älter", 0.2)],
    "Bezirk": [("Mitte", 0.3), ("Neukölln", 0.25), ("Spandau", 0.15), ("andere Bezirke", 0.25)],
}
SECTORS = [Sector.CIVIL_SOCIETY, Sector.BUSINESS, Sector.ADMINISTRATION, Sector.SCIENCE]


def _domain(world) -> str:
    return f"{world['slug']}.benchmark.invalid"


def teardown(world: dict) -> None:
    """Remove the benchmark initiative, its values and its accounts."""
    initiative = Initiative.objects.filter(slug=world["slug"]).first()
    if initiative is not None:
        submissions = Submission.objects.filter(period__initiative=initiative)
        Breakdown.objects.filter(submission__in=submissions).delete()
        SubmissionEvent.objects.filter(submission__in=submissions).delete()
        submissions.update(supersedes=None)
        submissions.delete()
        Membership.objects.filter(initiative=initiative).delete()
        AuditEvent.objects.filter(initiative_id=initiative.pk).delete()
        initiative.delete()
    User.objects.filter(email__endswith="@" + _domain(world)).delete()


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _split(total: int, shares: list[float]) -> list[int]:
    """Whole parts of `total` by `shares`, the rest as the last part ("keine Angabe")."""
    parts = [int(total * share) for share in shares]
    return [*parts, total - sum(parts)]


def build(world: dict) -> None:
    scale = world["scale"]
    log = world["log"]
    rng = random.Random(20261201)
    n_partners = max(2, round(FULL["partners"] * scale))
    n_indicators = max(GOALS * OBJECTIVES_PER_GOAL, round(FULL["indicators"] * scale))
    months = max(6, round(FULL["months"] * scale))
    today = timezone.localdate()
    now = timezone.now()
    domain = _domain(world)

    initiative = Initiative.objects.create(
        slug=world["slug"],
        name=f"Benchmark {world['slug']}",
        problem_statement="Lasttest mit vielen Partnern, Indikatoren und Werten.",
        target_group="Internationale Fachkräfte",
        region="Berlin",
        start_date=_months_back(today, months - 1),
        planned_end_date=datetime.date(today.year + 1, 12, 31),
        status=Initiative.Status.ACTIVE,
    )
    password = make_password(None)
    people = [
        User(email=f"koordination@{domain}", full_name="Kora Koordination", password=password),
        User(email=f"lesen@{domain}", full_name="Lea Lesend", password=password),
    ] + [
        User(email=f"partner{n:02d}@{domain}", full_name=f"Partner {n:02d}", password=password)
        for n in range(n_partners)
    ]
    people = User.objects.bulk_create(people)
    coordinator, viewer, partner_users = people[0], people[1], people[2:]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            initiative=initiative,
            name=f"Träger {n:02d}",
            sector=SECTORS[n % len(SECTORS)],
            contribution="Beratung und Vermittlung",
        )
        for n in range(n_partners)
    )
    Membership.objects.bulk_create(
        [
            Membership(user=coordinator, initiative=initiative, role=Role.COORDINATOR),
            Membership(user=viewer, initiative=initiative, role=Role.VIEWER),
            *(
                Membership(user=user, initiative=initiative, role=Role.PARTNER, organisation=org)
                for user, org in zip(partner_users, organisations, strict=True)
            ),
        ]
    )

    dimensions = Dimension.objects.bulk_create(
        Dimension(initiative=initiative, name=name, order=position)
        for position, name in enumerate(DIMENSIONS)
    )
    categories: dict[int, list[Category]] = {}
    for dimension in dimensions:
        labels = [label for label, _share in DIMENSIONS[dimension.name]] + [UNSPECIFIED]
        categories[dimension.pk] = Category.objects.bulk_create(
            Category(
                dimension=dimension,
                label=label,
                order=position,
                is_unspecified=label == UNSPECIFIED,
            )
            for position, label in enumerate(labels)
        )
    shares = {d.pk: [share for _label, share in DIMENSIONS[d.name]] for d in dimensions}

    goals = Goal.objects.bulk_create(
        Goal(initiative=initiative, title=f"Ziel {g + 1}: Fachkräfte arbeiten passend", order=g)
        for g in range(GOALS)
    )
    objectives = Objective.objects.bulk_create(
        Objective(goal=goal, title=f"Wirkungsziel {g + 1}.{o + 1}", order=o)
        for g, goal in enumerate(goals)
        for o in range(OBJECTIVES_PER_GOAL)
    )
    indicators = []
    for i in range(n_indicators):
        kind = Kind.PERCENTAGE if i % 10 == 0 else Kind.AMOUNT if i % 10 == 5 else Kind.NUMBER
        population = i % 15 == 7
        frequency = Frequency.MONTHLY if i % 3 == 0 else Frequency.QUARTERLY
        fields = {}
        if kind == Kind.PERCENTAGE:
            fields = {
                "baseline_value": Decimal(40),
                "baseline_date": initiative.start_date - datetime.timedelta(days=1),
                "final_target": Decimal(60),
                "period_aggregation": PeriodAggregation.CUMULATIVE,
            }
        else:
            periods_per_year = 12 if frequency == Frequency.MONTHLY else 4
            fields = {"final_target": Decimal(25 * periods_per_year * 6 * (months // 12 + 2))}
            if kind == Kind.AMOUNT:
                fields["final_target"] *= 1000
        indicators.append(
            Indicator(
                objective=objectives[i * len(objectives) // n_indicators],
                name=f"Indikator {i + 1:03d}",
                definition="Gezählt wird jede Person einmal je Zeitraum.",
                unit="Euro" if kind == Kind.AMOUNT else "Personen",
                kind=kind,
                scope=Indicator.Scope.POPULATION if population else Indicator.Scope.PERFORMANCE,
                frequency=frequency,
                partner_aggregation=(
                    PartnerAggregation.LATEST if population else PartnerAggregation.SUM
                ),
                order=i,
                **fields,
            )
        )
    indicators = Indicator.objects.bulk_create(indicators)
    Through = Indicator.reporting_organisations.through
    DimThrough = Indicator.dimensions.through
    reporters: dict[int, list[int]] = {}
    indicator_dimensions: dict[int, list[int]] = {}
    links, dimension_links = [], []
    for i, indicator in enumerate(indicators):
        indicator_dimensions[indicator.pk] = [d.pk for d in dimensions[: i % 4]]
        dimension_links += [
            DimThrough(indicator_id=indicator.pk, dimension_id=pk)
            for pk in indicator_dimensions[indicator.pk]
        ]
        if indicator.is_population:
            reporters[indicator.pk] = [None]
            continue
        count = min(n_partners, 3 + i % 6)
        chosen = sorted({(i * 7 + j) % n_partners for j in range(count)})
        reporters[indicator.pk] = [organisations[n].pk for n in chosen]
        links += [
            Through(indicator_id=indicator.pk, organisation_id=pk) for pk in reporters[indicator.pk]
        ]
    Through.objects.bulk_create(links)
    DimThrough.objects.bulk_create(dimension_links)
    services.periods_sync(initiative=initiative, today=today)

    periods = defaultdict(list)
    for period in ReportingPeriod.objects.filter(initiative=initiative, start__lte=today):
        periods[period.frequency].append(period)
    member_of = {org.pk: user for org, user in zip(organisations, partner_users, strict=True)}
    member_of[None] = coordinator
    recent = today - datetime.timedelta(days=60)

    submissions, parts = [], []
    for indicator in indicators:
        for period in periods[indicator.frequency]:
            for org_id in reporters[indicator.pk]:
                roll = rng.random()
                if period.end < recent:
                    status = Status.APPROVED if roll < 0.96 else None
                else:
                    status = (
                        Status.SUBMITTED
                        if roll < 0.35
                        else Status.DRAFT
                        if roll < 0.5
                        else Status.RETURNED
                        if roll < 0.6
                        else Status.APPROVED
                        if roll < 0.75
                        else None
                    )
                if status is None:
                    continue
                user = member_of[org_id]
                reported = timezone.make_aware(
                    datetime.datetime.combine(period.end, datetime.time(12))
                ) + datetime.timedelta(days=rng.randint(1, 20))
                reported = min(reported, now)
                entry = {}
                if indicator.kind == Kind.PERCENTAGE:
                    denominator = rng.randint(20, 60)
                    entry = {"numerator": rng.randint(denominator // 3, denominator)}
                    entry["denominator"] = denominator
                else:
                    value = rng.randint(5, 45) * (1000 if indicator.kind == Kind.AMOUNT else 1)
                    entry = {"value": value}
                submitted = status != Status.DRAFT
                reviewed = status in {Status.APPROVED, Status.RETURNED}
                submission = Submission(
                    indicator=indicator,
                    period=period,
                    organisation_id=org_id,
                    status=status,
                    comment="",
                    created_by=user,
                    submitted_at=reported if submitted else None,
                    submitted_by=user if submitted else None,
                    reviewed_at=reported if reviewed else None,
                    reviewed_by=coordinator if reviewed else None,
                    return_reason="Bitte die Aufschlüsselung prüfen."
                    if status == Status.RETURNED
                    else "",
                    **entry,
                )
                submissions.append(submission)
                parts.append(entry)
    submissions = Submission.objects.bulk_create(submissions, batch_size=BATCH)

    breakdowns = []
    for submission, entry in zip(submissions, parts, strict=True):
        for dimension_id in indicator_dimensions[submission.indicator_id]:
            cats = categories[dimension_id]
            if "value" in entry:
                for category, part in zip(
                    cats, _split(entry["value"], shares[dimension_id]), strict=True
                ):
                    breakdowns.append(
                        Breakdown(submission_id=submission.pk, category=category, value=part)
                    )
            else:
                met = _split(entry["numerator"], shares[dimension_id])
                missed = _split(entry["denominator"] - entry["numerator"], shares[dimension_id])
                for category, num, miss in zip(cats, met, missed, strict=True):
                    breakdowns.append(
                        Breakdown(
                            submission_id=submission.pk,
                            category=category,
                            numerator=num,
                            denominator=num + miss,
                        )
                    )
    Breakdown.objects.bulk_create(breakdowns, batch_size=BATCH)
    log(f"impact: {len(submissions)} values, {len(breakdowns)} breakdown rows.")

    showcase = max(
        (i for i in indicators if not i.is_population and i.frequency == Frequency.MONTHLY),
        key=lambda i: (len(indicator_dimensions[i.pk]), len(reporters[i.pk])),
    )
    busiest = max(
        range(n_partners),
        key=lambda n: sum(organisations[n].pk in orgs for orgs in reporters.values()),
    )
    world.update(
        {
            "initiative": initiative,
            "coordinator": coordinator,
            "viewer": viewer,
            "partner": partner_users[busiest],
            "indicator": showcase,
            # The quarter a quarterly report or export is about: the latest one that has ended.
            "quarter": max(
                (p for p in periods[Frequency.QUARTERLY] if p.end < today),
                key=lambda p: p.start,
            ),
        }
    )
    world.setdefault("summary", {}).update(
        {
            "partner organisations": n_partners,
            "indicators": n_indicators,
            "reporting periods": sum(len(p) for p in periods.values()),
            "values": len(submissions),
            "breakdown rows": len(breakdowns),
        }
    )


# Issue 3: every page under 150 ms median on a 2-core machine. The export of every value is
# measured too, without a target: people export a period, the full file is for analysts.
TARGET_MS = 150


def scenarios(world: dict) -> list[dict]:
    slug = world["initiative"].slug
    indicator = world["indicator"]
    coordinator = world["coordinator"]
    pages = [
        {
            "name": "Dashboard (framework)",
            "url_name": "impact:framework-detail",
            "kwargs": {"slug": slug},
            "user": coordinator,
        },
        {
            "name": "Indicator page",
            "url_name": "impact:indicator-detail",
            "kwargs": {"slug": slug, "pk": indicator.pk},
            "user": coordinator,
        },
        {
            "name": "Partner inbox",
            "url_name": "impact:task-list",
            "kwargs": {"slug": slug},
            "user": world["partner"],
        },
        {
            "name": "Review queue",
            "url_name": "impact:review-list",
            "kwargs": {"slug": slug},
            "user": coordinator,
        },
        {
            "name": "Export (CSV, one period)",
            "url_name": "impact:export",
            "kwargs": {"slug": slug},
            "query": {"format": "csv", "period": world["quarter"].pk},
            "user": coordinator,
        },
        {
            "name": "API: values (200 per page)",
            "url_name": "v1:submission-list",
            "query": {"initiative": slug, "page_size": 200},
            "user": coordinator,
        },
        {
            "name": "API: indicator progress",
            "url_name": "v1:indicator-progress",
            "kwargs": {"pk": indicator.pk},
            "user": world["viewer"],
        },
    ]
    everything = {
        "name": "Export (CSV)",
        "url_name": "impact:export",
        "kwargs": {"slug": slug},
        "query": {"format": "csv"},
        "user": coordinator,
    }
    return [*({**page, "target_ms": TARGET_MS} for page in pages), everything]
