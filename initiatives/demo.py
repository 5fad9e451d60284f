"""Demo data of the initiatives app, modelled on the Berlin consortium of the seeds."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from initiatives.models import (
    AgendaVersion,
    Endorsement,
    GlossaryTerm,
    Initiative,
    Membership,
    Organisation,
    Role,
    Sector,
)

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


# The common agenda of the main initiative: version 1 from the start, version 2 after the
# first year (it takes up the reservation the migrant women's association had on version 1).
AGENDA_VERSIONS = [
    {
        "number": 1,
        "published_at": datetime.datetime(2024, 3, 15, 10, 0),
        "vision": (
            "Internationale Fachkräfte mit anerkannten Abschlüssen arbeiten in Berlin in "
            "Berufen, die ihrer Qualifikation entsprechen."
        ),
        "problem": (
            "Viele internationale Fachkräfte haben in Berlin einen anerkannten Abschluss, finden "
            "aber keine passende Arbeit. Sie arbeiten unter ihrer Qualifikation oder gar nicht.\n\n"
            "Beratung, Anerkennung und Vermittlung liegen bei verschiedenen Stellen, die wenig "
            "voneinander wissen."
        ),
        "approach": (
            "Wir bündeln Beratung, Anerkennung und Vermittlung. Die Partner*innen stimmen ihre "
            "Angebote aufeinander ab und bringen Fachkräfte und Arbeitgebende zusammen."
        ),
        "principles": (
            "Wir arbeiten auf Augenhöhe und teilen unser Wissen offen.\n\n"
            "Wir messen gemeinsam, ob wir unserem Ziel näher kommen."
        ),
        "change_note": "",
    },
    {
        "number": 2,
        "published_at": datetime.datetime(2025, 2, 10, 9, 30),
        "vision": (
            "Internationale Fachkräfte mit anerkannten Abschlüssen, Frauen wie Männer, arbeiten "
            "in Berlin in Berufen, die ihrer Qualifikation entsprechen, und Arbeitgebende erleben "
            "sie als Gewinn."
        ),
        "problem": (
            "Viele internationale Fachkräfte haben in Berlin einen anerkannten Abschluss, finden "
            "aber keine bildungsadäquate Beschäftigung. Sie arbeiten unter ihrer Qualifikation "
            "oder gar nicht. Frauen sind besonders betroffen.\n\n"
            "Beratung, Anerkennung und Vermittlung liegen bei verschiedenen Stellen, Rechtskreisen "
            "und Förderlinien, die wenig voneinander wissen. Arbeitgebende kennen die Abschlüsse "
            "oft nicht und scheuen den Aufwand."
        ),
        "approach": (
            "Wir bündeln Beratung, Anerkennung und Vermittlung entlang des Weges der Fachkräfte. "
            "Die Partner*innen stimmen ihre Angebote aufeinander ab, schließen Lücken gemeinsam "
            "und bringen Fachkräfte und Arbeitgebende in Matching-Formaten zusammen.\n\n"
            "Fokusgruppen mit Betroffenen erarbeiten Lösungen für die wichtigsten Barrieren und "
            "erproben sie als Prototypen."
        ),
        "principles": (
            "Wir arbeiten auf Augenhöhe und teilen unser Wissen offen.\n\n"
            "Wir messen gemeinsam, ob wir unserem Ziel näher kommen.\n\n"
            "Die Sicht der Betroffenen, besonders die von Frauen, gehört an jeden Tisch."
        ),
        "change_note": (
            "Nach der Auswertung des ersten Jahres: Frauen ausdrücklich in Vision und Problem "
            "aufgenommen, Arbeitgebende als Zielgruppe ergänzt, Fokusgruppen als Arbeitsweise "
            "beschrieben."
        ),
    },
]

SENAT = ORGANISATIONS[0][0]
# (version, organisation, level, reservation, comment, e-mail of the person who stated it)
ENDORSEMENTS = [
    (1, SENAT, "fully", "", "", None),
    (1, "Agentur für Arbeit Berlin Mitte", "fully", "", "", None),
    (1, "IQ Netzwerk Berlin", "fully", "", "", "partner@example.org"),
    (
        1,
        "Migrantinnenverein Brücke e. V.",
        "with_reservations",
        "Die besondere Lage von Frauen kommt in der Zielsetzung nicht vor. Ohne sie gehen die "
        "Angebote an einem großen Teil der Betroffenen vorbei.",
        "",
        None,
    ),
    (1, "IHK Berlin", "fully", "", "", "partner2@example.org"),
    (1, "Hochschule für Wirtschaft und Recht Berlin", "fully", "", "", None),
    (2, SENAT, "fully", "", "", None),
    (2, "Agentur für Arbeit Berlin Mitte", "fully", "", "", None),
    (
        2,
        "Migrantinnenverein Brücke e. V.",
        "fully",
        "",
        "Danke, dass unser Einwand aus der ersten Fassung aufgenommen wurde.",
        None,
    ),
    (
        2,
        "IHK Berlin",
        "with_reservations",
        "Die Matching-Formate brauchen eine gesicherte Finanzierung über 2025 hinaus. Solange sie "
        "fehlt, können wir nur einzelne Veranstaltungen zusagen.",
        "",
        "partner2@example.org",
    ),
    (2, "Hochschule für Wirtschaft und Recht Berlin", "fully", "", "", None),
]

GLOSSARY = [
    (
        "Anerkennung",
        "Das amtliche Verfahren, in dem eine zuständige Stelle feststellt, ob ein ausländischer "
        "Berufsabschluss einem deutschen ganz oder teilweise gleichwertig ist.",
    ),
    (
        "Bildungsadäquate Beschäftigung",
        "Eine Arbeit, die dem Niveau und dem Fach des Abschlusses entspricht, und nicht irgendeine "
        "Arbeit.",
    ),
    (
        "Fokusgruppe",
        "Eine kleine, vielfältige Gruppe aus Verwaltung, Zivilgesellschaft, Wirtschaft und "
        "Betroffenen. Sie arbeitet an einem Problem und löst sich auf, wenn es gelöst ist.",
    ),
    (
        "Koordinierungsstelle",
        "Das Team, das die Initiative koordiniert, Treffen vorbereitet, die gemeinsame "
        "Zielsetzung pflegt und den Überblick behält. Sie moderiert, sie kontrolliert nicht.",
    ),
    (
        "Matching-Format",
        "Eine Veranstaltung, bei der Fachkräfte und Arbeitgebende einander gezielt kennenlernen, "
        "zum Beispiel nach Berufsfeldern.",
    ),
]


def _load_agenda(initiative, organisations: dict, users: dict) -> None:
    coordinator = users["coordinator@example.org"]
    versions = {}
    for data in AGENDA_VERSIONS:
        fields = {**data, "published_at": timezone.make_aware(data["published_at"])}
        number = fields.pop("number")
        versions[number], _ = AgendaVersion.objects.get_or_create(
            initiative=initiative,
            number=number,
            defaults={**fields, "published_by": coordinator},
        )
    for number, organisation, level, reservation, comment, email in ENDORSEMENTS:
        version = versions[number]
        Endorsement.objects.get_or_create(
            version=version,
            organisation=organisations[organisation],
            defaults={
                "level": level,
                "reservation": reservation,
                "comment": comment,
                "endorsed_by": users.get(email),
                "endorsed_at": version.published_at + datetime.timedelta(days=9),
            },
        )
    for term, definition in GLOSSARY:
        if not GlossaryTerm.objects.filter(initiative=initiative, term__iexact=term).exists():
            GlossaryTerm.objects.create(initiative=initiative, term=term, definition=definition)


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
    _load_agenda(main, organisations, users)

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
