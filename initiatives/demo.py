"""Demo data of the initiatives app, modelled on the Berlin consortium of the seeds."""

import datetime

from django.contrib.auth import get_user_model

from initiatives.models import Initiative, Membership, Organisation, Role, Sector

User = get_user_model()

MAIN = {
    "slug": "fachkraefte-berlin",
    "name": "Konsortium bildungsadäquate Beschäftigung Berlin",
    "problem_statement": (
        "Internationale Fachkräfte mit anerkannten Abschlüssen finden in Berlin häufig keine "
        "Arbeit, die ihrer Qualifikation entspricht. Frauen sind besonders betroffen. "
        "Zuständigkeiten, Rechtskreise und Förderlogiken sind zersplittert: Keine Organisation "
        "kann das Problem allein lösen."
    ),
    "target_group": "Internationale Fachkräfte mit anerkanntem Abschluss, besonders Frauen",
    "region": "Berlin",
    "start_date": datetime.date(2024, 1, 1),
    "planned_end_date": datetime.date(2027, 12, 31),
    "status": Initiative.Status.ACTIVE,
}

ORGANISATIONS = [
    (
        "Senatsverwaltung für Arbeit, Soziales, Gleichstellung, Integration, Vielfalt und "
        "Antidiskriminierung",
        Sector.ADMINISTRATION,
        "https://www.berlin.de/sen/asgiva/",
        "Koordiniert das Regionale Integrationsnetzwerk und bringt Verwaltungswissen und "
        "Entscheidungswege ein.",
    ),
    (
        "Agentur für Arbeit Berlin Mitte",
        Sector.ADMINISTRATION,
        "https://www.arbeitsagentur.de/",
        "Vermittlung, Beratung zur Anerkennung und Förderinstrumente für Arbeitsuchende.",
    ),
    (
        "IQ Netzwerk Berlin",
        Sector.CIVIL_SOCIETY,
        "https://www.berlin.netzwerk-iq.de/",
        "Anerkennungs- und Qualifizierungsberatung für Menschen mit ausländischen Abschlüssen.",
    ),
    (
        "Migrantinnenverein Brücke e. V.",
        Sector.TARGET_GROUP,
        "",
        "Selbstorganisation internationaler Fachkräfte; bringt die Sicht der Betroffenen ein, "
        "besonders die von Frauen.",
    ),
    (
        "IHK Berlin",
        Sector.BUSINESS,
        "https://www.ihk.de/berlin/",
        "Zugang zu Unternehmen, Fachkräftebedarf, Matching-Formate mit Arbeitgebenden.",
    ),
    (
        "Verband mittelständischer Unternehmen Berlin",
        Sector.BUSINESS,
        "",
        "Bringt kleine und mittlere Unternehmen als Arbeitgebende an den Tisch.",
    ),
    (
        "Hochschule für Wirtschaft und Recht Berlin",
        Sector.SCIENCE,
        "https://www.hwr-berlin.de/",
        "Begleitforschung und Wirkungsanalyse.",
    ),
]

PEOPLE = [
    (
        "coordinator@example.org",
        "Dana Koordinatorin",
        Role.COORDINATOR,
        None,
        "Koordinierungsstelle",
    ),
    (
        "partner@example.org",
        "Pavel Partner",
        Role.PARTNER,
        "IQ Netzwerk Berlin",
        "Partner*in (IQ Netzwerk Berlin)",
    ),
    (
        "partner2@example.org",
        "Petra Partnerin",
        Role.PARTNER,
        "IHK Berlin",
        "Partner*in (IHK Berlin)",
    ),
    ("viewer@example.org", "Vera Verwaltung", Role.VIEWER, None, "Berichte (Verwaltung)"),
    (
        "participant@example.org",
        "Amira Teilnehmerin",
        Role.PARTICIPANT,
        None,
        "Teilnehmende (Zielgruppe)",
    ),
]

OTHER = {
    "slug": "kitaplaetze-leipzig",
    "name": "Bündnis Kitaplätze Leipzig",
    "problem_statement": "Familien in Leipzig-Grünau finden keinen Kitaplatz in Wohnortnähe.",
    "target_group": "Familien mit Kindern unter drei Jahren",
    "region": "Leipzig",
    "start_date": datetime.date(2025, 1, 1),
    "planned_end_date": None,
    "status": Initiative.Status.ACTIVE,
}

THIRD = {
    "slug": "pflegeausbildung-brandenburg",
    "name": "Netzwerk Pflegeausbildung Brandenburg",
    "problem_statement": (
        "Zu viele Auszubildende in der Pflege brechen die Ausbildung im ersten Jahr ab."
    ),
    "target_group": "Auszubildende in der Pflege",
    "region": "Land Brandenburg",
    "start_date": datetime.date(2025, 7, 1),
    "planned_end_date": datetime.date(2028, 6, 30),
    "status": Initiative.Status.PLANNING,
}


def _user(email: str, name: str, password: str):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def load(world: dict) -> None:
    password = world["password"]
    slug = MAIN["slug"]
    main, _ = Initiative.objects.get_or_create(slug=slug, defaults=MAIN)
    organisations = {}
    for name, sector, website, contribution in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            initiative=main,
            name=name,
            defaults={"sector": sector, "website": website, "contribution": contribution},
        )
    users = {}
    for email, full_name, role, organisation, description in PEOPLE:
        user = _user(email, full_name, password)
        users[email] = user
        Membership.objects.get_or_create(
            user=user,
            initiative=main,
            defaults={
                "role": role,
                "organisation": organisations[organisation] if organisation else None,
            },
        )
        world["logins"].append((email, description))

    other, _ = Initiative.objects.get_or_create(slug=OTHER["slug"], defaults=OTHER)
    other_user = _user("other@example.org", "Olaf Anderswo", password)
    Membership.objects.get_or_create(
        user=other_user, initiative=other, defaults={"role": Role.COORDINATOR}
    )
    Organisation.objects.get_or_create(
        initiative=other,
        name="Jugendamt Leipzig",
        defaults={"sector": Sector.ADMINISTRATION, "contribution": "Kita-Bedarfsplanung."},
    )
    world["logins"].append(("other@example.org", "Koordinierungsstelle einer anderen Initiative"))

    # A third initiative in which the demo coordinator only reads: shows the initiative switcher.
    third, _ = Initiative.objects.get_or_create(slug=THIRD["slug"], defaults=THIRD)
    Membership.objects.get_or_create(
        user=users["coordinator@example.org"], initiative=third, defaults={"role": Role.VIEWER}
    )
    Membership.objects.get_or_create(
        user=other_user, initiative=third, defaults={"role": Role.COORDINATOR}
    )
    world.update(initiative=main, other_initiative=other, users=users, organisations=organisations)
