"""Demo data of the impact app: the Berlin consortium's results framework and its values.

Everything goes through the services, so the demo obeys the same rules as real use. The values
cover every completed period from the start to today and show every state: approved
values, values waiting for review, values returned with a reason (one of them corrected and
approved since), a draft, a correction of an approved value, overdue values and locked periods.

Idempotent: framework parts are looked up by their names, and a value is entered only where no
value exists yet for its indicator, period and organisation. Values are derived from the names
and dates, never from chance, so every run computes the same numbers.
"""

import datetime
import zlib
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from impact import progress, services
from impact.models import (
    Dimension,
    Goal,
    Indicator,
    Objective,
    ReflectionNote,
    ReportingPeriod,
    Submission,
)
from impact.progress import Direction, Frequency, Kind, PartnerAggregation, PeriodAggregation
from initiatives.models import Membership, Role

User = get_user_model()

IQ = "IQ Netzwerk Berlin"
AGENTUR = "Agentur für Arbeit Berlin Mitte"
IHK = "IHK Berlin"
BRUECKE = "Migrantinnenverein Brücke e. V."

# Partner accounts beyond those of the initiatives demo, so that every reporting organisation
# can act: (e-mail, name, organisation, description for the login list).
EXTRA_PARTNERS = [
    ("agentur@example.org", "Anton Arbeitsagentur", AGENTUR, "Partner*in (Agentur für Arbeit)"),
    ("bruecke@example.org", "Bahar Brücke", BRUECKE, "Partner*in (Migrantinnenverein Brücke)"),
]

UNSPECIFIED = "keine Angabe"
DIMENSIONS = {
    "Geschlecht": ["weiblich", "männlich", "divers", UNSPECIFIED],
    "Altersgruppe": ["unter 25", "25 bis 44", "45 und älter", UNSPECIFIED],
    "Bezirk": [
        "Mitte",
        "Neukölln",
        "Marzahn-Hellersdorf",
        "Spandau",
        "andere Bezirke",
        UNSPECIFIED,
    ],
}
# Shares used to break values down; what is left goes to "keine Angabe".
SHARES = {
    "Geschlecht": {"weiblich": "0.46", "männlich": "0.49", "divers": "0.01"},
    "Altersgruppe": {"unter 25": "0.18", "25 bis 44": "0.62", "45 und älter": "0.16"},
    "Bezirk": {
        "Mitte": "0.27",
        "Neukölln": "0.24",
        "Marzahn-Hellersdorf": "0.12",
        "Spandau": "0.10",
        "andere Bezirke": "0.23",
    },
}

END = datetime.date(2027, 12, 31)
BASELINE_DATE = datetime.date(2023, 12, 31)

FRAMEWORK = [
    (
        "Internationale Fachkräfte arbeiten in Berlin entsprechend ihrer Qualifikation",
        "Wer einen anerkannten ausländischen Abschluss hat, soll in Berlin eine Arbeit finden, "
        "die diesem Abschluss entspricht. Frauen sind davon bisher besonders ausgeschlossen.",
        [
            (
                "Mehr internationale Fachkräfte finden eine qualifikationsadäquate Stelle",
                [
                    {
                        "key": "placements",
                        "name": "Vermittlungen in qualifikationsadäquate Beschäftigung",
                        "definition": (
                            "Gezählt werden Personen mit ausländischem Berufs- oder "
                            "Hochschulabschluss, die im Quartal einen Arbeitsvertrag in einer "
                            "Tätigkeit unterschrieben haben, die ihrem (anerkannten) Abschluss "
                            "entspricht. Helfertätigkeiten zählen nicht. Jede Person wird nur "
                            "von der Organisation gezählt, die sie zuletzt begleitet hat."
                        ),
                        "unit": "Personen",
                        "frequency": Frequency.QUARTERLY,
                        "final_target": "2600",
                        "organisations": [IQ, AGENTUR, IHK],
                        "dimensions": ["Geschlecht", "Altersgruppe"],
                    },
                    {
                        "key": "rate",
                        "name": "Anteil qualifikationsadäquat Beschäftigter sechs Monate nach "
                        "der Beratung",
                        "definition": (
                            "Von allen Personen, deren Beratung vor sechs Monaten endete: wie "
                            "viele arbeiten heute qualifikationsadäquat? Eingetragen werden "
                            "beide Zahlen; der Anteil wird berechnet."
                        ),
                        "unit": "Personen",
                        "kind": Kind.PERCENTAGE,
                        "frequency": Frequency.QUARTERLY,
                        "baseline_value": "28",
                        "baseline_date": BASELINE_DATE,
                        "final_target": "45",
                        "organisations": [IQ, AGENTUR],
                        "dimensions": ["Geschlecht"],
                    },
                ],
            ),
            (
                "Frauen mit ausländischen Abschlüssen profitieren gleichermaßen",
                [
                    {
                        "key": "unemployment",
                        "name": "Arbeitslosenquote ausländischer Frauen in Berlin",
                        "definition": (
                            "Arbeitslose Frauen ohne deutsche Staatsangehörigkeit im Verhältnis "
                            "zu allen zivilen Erwerbspersonen dieser Gruppe, Stand am Quartalsende "
                            "(Statistik der Bundesagentur für Arbeit). Trägt die "
                            "Koordinierungsstelle ein."
                        ),
                        "unit": "Frauen",
                        "kind": Kind.PERCENTAGE,
                        "direction": Direction.DECREASE,
                        "scope": Indicator.Scope.POPULATION,
                        "frequency": Frequency.QUARTERLY,
                        "partner_aggregation": PartnerAggregation.LATEST,
                        "period_aggregation": PeriodAggregation.CUMULATIVE,
                        "baseline_value": "19.5",
                        "baseline_date": BASELINE_DATE,
                        "final_target": "15",
                    },
                ],
            ),
        ],
    ),
    (
        "Anerkennung ausländischer Abschlüsse geht schneller und einfacher",
        "Die Verfahren sollen planbar werden, und die Beratung dazu soll alle erreichen.",
        [
            (
                "Anerkennungsverfahren werden zügig abgeschlossen",
                [
                    {
                        "key": "recognitions",
                        "name": "Abgeschlossene Anerkennungsverfahren in Berlin",
                        "definition": (
                            "Anzahl der im Monat mit Bescheid abgeschlossenen Verfahren zur "
                            "Anerkennung ausländischer Berufsqualifikationen in Berlin, laut "
                            "Landesstatistik."
                        ),
                        "unit": "Verfahren",
                        "scope": Indicator.Scope.POPULATION,
                        "frequency": Frequency.MONTHLY,
                        "partner_aggregation": PartnerAggregation.LATEST,
                        "baseline_value": "420",
                        "baseline_date": BASELINE_DATE,
                        "final_target": "24000",
                    },
                    {
                        "key": "duration",
                        "name": "Durchschnittliche Dauer bis zum Anerkennungsbescheid",
                        "definition": (
                            "Durchschnittliche Zahl der Kalendertage vom vollständigen Antrag "
                            "bis zum Bescheid, für die im Quartal abgeschlossenen Verfahren."
                        ),
                        "unit": "Tage",
                        "direction": Direction.DECREASE,
                        "scope": Indicator.Scope.POPULATION,
                        "frequency": Frequency.QUARTERLY,
                        "partner_aggregation": PartnerAggregation.LATEST,
                        "period_aggregation": PeriodAggregation.CUMULATIVE,
                        "baseline_value": "120",
                        "baseline_date": BASELINE_DATE,
                        "final_target": "80",
                    },
                ],
            ),
            (
                "Beratung zur Anerkennung ist leicht erreichbar",
                [
                    {
                        "key": "counselling",
                        "name": "Erstberatungen zur Anerkennung",
                        "definition": (
                            "Erste persönliche, telefonische oder Video-Beratung einer Person "
                            "zur Anerkennung ihres Abschlusses. Folgeberatungen zählen nicht."
                        ),
                        "unit": "Beratungen",
                        "frequency": Frequency.MONTHLY,
                        "target_mode": "per_period",
                        "period_target": "150",
                        "organisations": [IQ, BRUECKE, AGENTUR],
                        "dimensions": ["Geschlecht", "Bezirk"],
                    },
                ],
            ),
        ],
    ),
    (
        "Arbeitgebende öffnen sich für internationale Fachkräfte",
        "Unternehmen kennen den Weg zu internationalen Fachkräften und gehen ihn.",
        [
            (
                "Unternehmen stellen international ein",
                [
                    {
                        "key": "companies",
                        "name": ("Unternehmen mit Selbstverpflichtung „Vielfalt einstellen“"),
                        "definition": (
                            "Zahl der Berliner Unternehmen, die die Selbstverpflichtung bis zum "
                            "Quartalsende unterschrieben haben (Gesamtzahl seit Beginn)."
                        ),
                        "unit": "Unternehmen",
                        "frequency": Frequency.QUARTERLY,
                        "period_aggregation": PeriodAggregation.CUMULATIVE,
                        "baseline_value": "0",
                        "baseline_date": BASELINE_DATE,
                        "final_target": "320",
                        "organisations": [IHK],
                    },
                    {
                        "key": "matching",
                        "name": "Teilnehmende an Matching-Veranstaltungen",
                        "definition": (
                            "Internationale Fachkräfte, die an einer Matching-Veranstaltung mit "
                            "Arbeitgebenden teilgenommen haben (Anwesenheitsliste)."
                        ),
                        "unit": "Personen",
                        "frequency": Frequency.QUARTERLY,
                        "target_mode": "per_period",
                        "period_target": "80",
                        "organisations": [IHK, IQ],
                        "dimensions": ["Geschlecht"],
                    },
                    {
                        "key": "funding",
                        "name": "Fördermittel für betriebliche Anpassungsqualifizierung",
                        "definition": (
                            "Bewilligte Fördermittel für Anpassungsqualifizierungen in "
                            "Betrieben im Quartal, in Euro, ohne Mittel aus Bundesprogrammen."
                        ),
                        "unit": "Euro",
                        "kind": Kind.AMOUNT,
                        "frequency": Frequency.QUARTERLY,
                        "final_target": "3500000",
                        "organisations": [AGENTUR, IHK],
                    },
                ],
            ),
        ],
    ),
    (
        "Die Unterstützung kommt bei der Zielgruppe an",
        "Die Menschen, um die es geht, erleben die Angebote als hilfreich.",
        [
            (
                "Die Beratenen erleben die Unterstützung als hilfreich",
                [
                    {
                        "key": "satisfaction",
                        "name": "Zufriedenheit der Beratenen",
                        "definition": (
                            "Durchschnitt der Antworten auf die Frage „Wie hilfreich war die "
                            "Beratung für Sie?“ auf einer Skala von 1 (gar nicht) bis 5 "
                            "(sehr), aus der kurzen Befragung nach der Beratung."
                        ),
                        "unit": "Punkte (1 bis 5)",
                        "frequency": Frequency.QUARTERLY,
                        "partner_aggregation": PartnerAggregation.AVERAGE,
                        "period_aggregation": PeriodAggregation.CUMULATIVE,
                        "baseline_value": "3.6",
                        "baseline_date": BASELINE_DATE,
                        "final_target": "4.3",
                        "organisations": [IQ, BRUECKE],
                    },
                ],
            ),
        ],
    ),
]

RETURN_REASONS = {
    ("placements", AGENTUR): (
        "Bitte prüfen: Die Zahl enthält offenbar auch Vermittlungen in Helfertätigkeiten. Laut "
        "Definition zählen nur Stellen, die dem Abschluss entsprechen."
    ),
    ("funding", AGENTUR): (
        "Bitte den Betrag ohne die Mittel aus dem Bundesprogramm angeben, wie in der Definition "
        "vereinbart."
    ),
    (
        "rate",
        IQ,
    ): "Der Nenner scheint alle Beratenen zu enthalten, nicht nur die vor sechs Monaten.",
}


def _noise(*parts, spread: int) -> int:
    """A stable number between -spread and +spread, derived from `parts`."""
    return zlib.crc32("|".join(str(p) for p in parts).encode()) % (2 * spread + 1) - spread


def _split(total: int, dimension: str, categories: dict) -> dict[int, Decimal]:
    """Break `total` down by the fixed shares; the rest is "keine Angabe"."""
    categories = categories[dimension]
    parts, used = {}, 0
    for label, share in SHARES[dimension].items():
        part = int((Decimal(total) * Decimal(share)).to_integral_value(ROUND_HALF_UP))
        part = min(part, total - used)
        parts[categories[label]] = Decimal(part)
        used += part
    parts[categories[UNSPECIFIED]] = Decimal(total - used)
    return parts


def _split_fraction(numerator: int, denominator: int, categories: dict) -> dict:
    """Break how-many-of-how-many down by gender, keeping each part at most its whole."""
    dens = _split(denominator, "Geschlecht", categories)
    nums = _split(numerator, "Geschlecht", categories)
    excess = Decimal(0)
    for pk in nums:
        if nums[pk] > dens[pk]:
            excess += nums[pk] - dens[pk]
            nums[pk] = dens[pk]
    for pk in nums:
        room = min(excess, dens[pk] - nums[pk])
        nums[pk] += room
        excess -= room
    return {pk: (nums[pk], dens[pk]) for pk in nums}


def _ensure_partners(world: dict) -> dict:
    initiative = world["initiative"]
    users = dict(world["users"])
    for email, name, organisation, description in EXTRA_PARTNERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(world["password"])
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            initiative=initiative,
            defaults={"role": Role.PARTNER, "organisation": world["organisations"][organisation]},
        )
        users[email] = user
        world["logins"].append((email, description))
    return users


def _reporter(users: dict, organisation_name: str | None):
    """The demo account that acts for an organisation (None: the backbone office)."""
    by_organisation = {
        None: "coordinator@example.org",
        IQ: "partner@example.org",
        IHK: "partner2@example.org",
        AGENTUR: "agentur@example.org",
        BRUECKE: "bruecke@example.org",
    }
    return users[by_organisation[organisation_name]]


def _framework(world: dict, coordinator) -> dict[str, Indicator]:
    initiative = world["initiative"]
    dimensions = {}
    for name, categories in DIMENSIONS.items():
        dimension = Dimension.objects.filter(initiative=initiative, name=name).first()
        dimensions[name] = dimension or services.dimension_create(
            acting_user=coordinator,
            initiative=initiative,
            name=name,
            categories=categories,
            unspecified_label=UNSPECIFIED,
        )
    indicators = {}
    for goal_title, goal_description, objectives in FRAMEWORK:
        goal = Goal.objects.filter(initiative=initiative, title=goal_title).first()
        goal = goal or services.goal_create(
            acting_user=coordinator,
            initiative=initiative,
            title=goal_title,
            description=goal_description,
        )
        for objective_title, specs in objectives:
            objective = Objective.objects.filter(goal=goal, title=objective_title).first()
            objective = objective or services.objective_create(
                acting_user=coordinator, goal=goal, title=objective_title
            )
            for spec in specs:
                spec = dict(spec)
                key = spec.pop("key")
                organisations = [world["organisations"][n] for n in spec.pop("organisations", [])]
                spec_dimensions = [dimensions[n] for n in spec.pop("dimensions", [])]
                period_target = spec.pop("period_target", None)
                indicator = Indicator.objects.filter(objective=objective, name=spec["name"]).first()
                if indicator is None:
                    if spec.get("target_mode") != "per_period":
                        spec.setdefault("final_target_date", END)
                    indicator = services.indicator_create(
                        acting_user=coordinator,
                        objective=objective,
                        reporting_organisations=organisations,
                        dimensions=spec_dimensions,
                        **spec,
                    )
                if period_target and not indicator.period_targets.exists():
                    starts = [
                        span.start
                        for span in progress.periods_between(
                            start=initiative.start_date,
                            end=initiative.planned_end_date or END,
                            frequency=indicator.frequency,
                        )
                    ]
                    services.indicator_set_period_targets(
                        acting_user=coordinator,
                        indicator=indicator,
                        targets=dict.fromkeys(starts, period_target),
                    )
                indicators[key] = indicator
    return indicators


def _value(key: str, organisation: str | None, i: int, period: ReportingPeriod, categories):
    """The entry for one indicator, organisation and period (i counts from the oldest)."""
    n = _noise(key, organisation, period.start, spread=4)
    if key == "placements":
        base = {IQ: 42, AGENTUR: 58, IHK: 18}[organisation]
        value = base + 3 * i + n
        breakdown = _split(value, "Geschlecht", categories) | _split(
            value, "Altersgruppe", categories
        )
        return {"value": value, "breakdown": breakdown}
    if key == "rate":
        denominator = {IQ: 64, AGENTUR: 88}[organisation] + n
        numerator = int(denominator * (Decimal("0.29") + Decimal("0.012") * i))
        return {
            "numerator": numerator,
            "denominator": denominator,
            "breakdown": _split_fraction(numerator, denominator, categories),
        }
    if key == "unemployment":
        denominator = 212_000 + 450 * i
        rate = Decimal("0.192") - Decimal("0.0025") * i + Decimal(n) / 2000
        return {"numerator": int(denominator * rate), "denominator": denominator}
    if key == "recognitions":
        return {"value": 430 + 4 * i + 3 * n}
    if key == "duration":
        return {"value": 117 - 2 * i + n // 2}
    if key == "counselling":
        base = {IQ: 68, BRUECKE: 26, AGENTUR: 41}[organisation]
        value = base + i // 3 + n
        breakdown = _split(value, "Geschlecht", categories) | _split(value, "Bezirk", categories)
        return {"value": value, "breakdown": breakdown}
    if key == "companies":
        return {"value": 38 + 9 * i + max(n, 0)}
    if key == "matching":
        value = {IHK: 41, IQ: 29}[organisation] + n
        return {"value": value, "breakdown": _split(value, "Geschlecht", categories)}
    if key == "funding":
        base = {AGENTUR: 118_000, IHK: 31_000}[organisation]
        return {"value": Decimal(base + 2_500 * i + 750 * n)}
    if key == "satisfaction":
        base = {IQ: Decimal("3.8"), BRUECKE: Decimal("4.0")}[organisation]
        return {"value": base + Decimal("0.04") * i + Decimal(n) / 20}
    raise ValueError(key)


def _plan(key: str, organisation: str | None, i: int, last: int) -> str:
    """What happens to one value: approved, corrected, resubmitted, submitted, returned,
    draft or missing (which becomes "overdue" once the deadline has passed, "locked" once its period
    is locked)."""
    if i == last:
        if (key, organisation) in {("placements", AGENTUR), ("funding", AGENTUR)}:
            return "returned"
        if (key, organisation) in {("placements", IHK), ("counselling", BRUECKE)}:
            return "draft"
        if (key, organisation) in {("satisfaction", BRUECKE), ("matching", IHK)}:
            return "missing"
        return "submitted"
    if i == last - 1:
        if (key, organisation) in {("placements", IHK), ("matching", IHK)}:
            return "missing"
        if (key, organisation) == ("rate", IQ):
            return "resubmitted"
    if i == last - 3 and (key, organisation) == ("placements", IQ):
        return "corrected"
    if i == 0 and (key, organisation) == ("placements", IQ):
        return "missing"  # left open in a year that is closed now: shown as locked, not owed
    return "approved"


def _enter(indicator, period, organisation, entry, *, plan, key, categories, users, coordinator):
    name = organisation.name if organisation else None
    user = _reporter(users, name)
    entry = dict(entry)
    submission = services.submission_create(
        acting_user=user,
        indicator=indicator,
        period=period,
        organisation=organisation,
        **entry,
    )
    if plan == "draft":
        return
    services.submission_submit(acting_user=user, submission=submission)
    if plan == "submitted":
        return
    if plan in {"returned", "resubmitted"}:
        services.submission_return(
            acting_user=coordinator,
            submission=submission,
            reason=RETURN_REASONS.get((key, name), "Bitte mit der Definition abgleichen."),
        )
        if plan == "returned":
            return
        # The partner corrects the denominator as asked and submits again.
        numerator, denominator = entry["numerator"] - 3, entry["denominator"] - 6
        services.submission_update(
            acting_user=user,
            submission=submission,
            numerator=numerator,
            denominator=denominator,
            breakdown=_split_fraction(numerator, denominator, categories),
            comment="Nenner korrigiert: nur Personen, deren Beratung vor sechs Monaten endete.",
        )
        services.submission_submit(acting_user=user, submission=submission)
    services.submission_approve(acting_user=coordinator, submission=submission)
    if plan == "corrected":
        revision = services.submission_revise(acting_user=user, submission=submission)
        value = int(submission.value) + 2
        services.submission_update(
            acting_user=user,
            submission=revision,
            value=value,
            breakdown=_split(value, "Geschlecht", categories)
            | _split(value, "Altersgruppe", categories),
            comment="Korrektur: zwei Vermittlungen wurden nachträglich gemeldet.",
        )
        services.submission_submit(acting_user=user, submission=revision)
        services.submission_approve(acting_user=coordinator, submission=revision)


def _categories(indicator: Indicator) -> dict[str, dict[str, int]]:
    """Category ids by dimension name and label."""
    return {
        dimension.name: {category.label: category.pk for category in dimension.categories.all()}
        for dimension in indicator.dimensions.all()
    }


def _completed_periods(initiative, frequency: str, today: datetime.date) -> list[ReportingPeriod]:
    """The periods that have ended, oldest first."""
    return list(
        ReportingPeriod.objects.filter(
            initiative=initiative, frequency=frequency, end__lt=today
        ).order_by("start")
    )


# Reflection notes on the latest completed periods: (indicator key, author, learning, change).
REFLECTIONS = [
    (
        "placements",
        "partner@example.org",
        "Frauen mit ausländischem Abschluss finden seit der Abendberatung deutlich häufiger "
        "eine passende Stelle.",
        "Die Abendberatung wird auf zwei Termine pro Woche ausgeweitet.",
    ),
    (
        "placements",
        "coordinator@example.org",
        "Zwei Partner melden ihre Werte regelmäßig zu spät; das verzerrt das Quartalsbild.",
        "",
    ),
    (
        "recognitions",
        "coordinator@example.org",
        "Die Bescheide kommen schneller, seit die Unterlagen vorab geprüft werden.",
        "Die Vorabprüfung wird allen Partnern als gemeinsames Verfahren empfohlen.",
    ),
]


def _reflections(indicators: dict, users: dict, today: datetime.date) -> None:
    """A few reflection notes, each on the latest completed period of its indicator."""
    for offset, (key, email, learning, change) in enumerate(REFLECTIONS):
        indicator = indicators.get(key)
        if (
            indicator is None
            or ReflectionNote.objects.filter(indicator=indicator, learning=learning).exists()
        ):
            continue
        periods = _completed_periods(indicator.initiative, indicator.frequency, today)
        if not periods:
            continue
        services.reflection_note_create(
            acting_user=users[email],
            indicator=indicator,
            period=periods[-1 - offset % 2],
            learning=learning,
            change=change,
        )


def _evidence(initiative, users: dict) -> None:
    """A participant list (PDF) on one returned and one draft value of the partners, so the
    value form and its evidence can be looked at; added once."""
    from django.core.files.base import ContentFile
    from weasyprint import HTML

    from impact.models import Evidence

    if Evidence.objects.filter(submission__period__initiative=initiative).exists():
        return
    pdf = HTML(
        string="<h1>Teilnahmeliste</h1><p>Abendberatung für internationale Fachkräfte, "
        "12 Teilnehmende (Namen geschwärzt).</p>"
    ).write_pdf()
    for status in ("returned", "draft"):
        submission = (
            Submission.objects.filter(
                period__initiative=initiative, status=status, organisation__isnull=False
            )
            .select_related("indicator__objective__goal__initiative", "period", "organisation")
            .order_by("-period__start", "pk")
            .first()
        )
        if submission is None:
            continue
        services.evidence_add(
            acting_user=_reporter(users, submission.organisation.name),
            submission=submission,
            upload=ContentFile(pdf, name="Teilnahmeliste.pdf"),
        )


def load(world: dict) -> None:
    initiative = world["initiative"]
    users = _ensure_partners(world)
    coordinator = users["coordinator@example.org"]
    today = timezone.localdate()
    indicators = _framework(world, coordinator)
    services.periods_sync(initiative=initiative, today=today)
    existing = set(
        Submission.objects.filter(period__initiative=initiative).values_list(
            "indicator_id", "period_id", "organisation_id"
        )
    )
    windows = {}
    for key, indicator in indicators.items():
        frequency = indicator.frequency
        windows.setdefault(frequency, _completed_periods(initiative, frequency, today))
        periods = windows[frequency]
        categories = _categories(indicator)
        organisations = list(indicator.reporting_organisations.order_by("name")) or [None]
        for organisation in organisations:
            name = organisation.name if organisation else None
            for i, period in enumerate(periods):
                key_ids = (indicator.pk, period.pk, organisation.pk if organisation else None)
                if key_ids in existing or period.is_locked:
                    continue
                plan = _plan(key, name, i, len(periods) - 1)
                if plan == "missing":
                    continue
                _enter(
                    indicator,
                    period,
                    organisation,
                    _value(key, name, i, period, categories),
                    plan=plan,
                    key=key,
                    categories=categories,
                    users=users,
                    coordinator=coordinator,
                )
    # Calendar years that ended more than a year ago are closed: their figures are final.
    for periods in windows.values():
        for period in periods:
            if period.end.year <= today.year - 2 and not period.is_locked:
                services.period_lock(acting_user=coordinator, period=period)
    _reflections(indicators, users, today)
    _evidence(initiative, users)
