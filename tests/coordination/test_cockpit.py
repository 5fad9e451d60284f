"""The backbone office's cockpit: where coordinators land, what each section lists (and where
its lines lead), the registry other apps extend, empty states, and a query count that does not
grow with the data."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination import cockpit, selectors, services
from coordination.models import Activity
from impact import services as impact_services
from initiatives import services as initiative_services
from initiatives.models import Organisation
from tests.coordination.builders import activity_world
from tests.coordination.meeting_builders import make_overdue, meeting_world
from tests.coordination.pulse_builders import closed_round, extra_partners, move_to_past
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.impact.builders import FrameworkBuilder, report
from tests.initiatives.agenda_support import publish_version

_serial = itertools.count()


def _url(w, name="coordination:cockpit", **kwargs):
    return reverse(name, kwargs={"slug": w.initiative.slug, **kwargs})


def _section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


def _age(organisation, days):
    Organisation.objects.filter(pk=organisation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def _fill(w, scale: int):
    """Something for every section; `scale` multiplies organisations, values, action items,
    meetings, warnings and pulse rounds."""
    organisations = [w.organisation, w.organisation2]
    for _ in range(scale - 1):
        n = next(_serial)
        org = OrganisationFactory(initiative=w.initiative, name=f"Partner {n:03d}")
        user = UserFactory(email=f"cockpit{n}@example.org")
        MembershipFactory(user=user, initiative=w.initiative, role="partner", organisation=org)
        org.member = user
        organisations.append(org)
    w.organisation.member, w.organisation2.member = w.partner, w.partner2
    for org in organisations:
        _age(org, 120)
    builder = FrameworkBuilder(w.initiative)
    for _i in range(scale):
        builder = builder.indicator(f"Vermittlungen {next(_serial)}", frequency="quarterly")
        builder = builder.reported_by(*organisations)
    framework = builder.build()
    for indicator in framework.indicators:
        for org in organisations[: max(1, len(organisations) // 2)]:
            period = framework.period(indicator, datetime.date(2025, 5, 15))
            report(indicator, period, by=org.member, organisation=org, value="3", submit=True)
    meetings = meeting_world(w)
    make_overdue(meetings.mine)
    for i in range(scale):
        item = services.action_item_create(
            acting_user=w.coordinator,
            initiative=w.initiative,
            title=f"Überfällig {next(_serial)}",
            organisation=w.organisation2,
            due_date=timezone.localdate(),
        )
        make_overdue(item, days=i + 1)
        services.warning_create(
            acting_user=w.partner,
            initiative=w.initiative,
            title=f"Risiko {next(_serial)}",
            description="Beschreibung",
            visibility="coordinators" if i % 2 else "members",
        )
    if not hasattr(w, "agenda_published"):
        version = publish_version(initiative=w.initiative, coordinator=w.coordinator)
        initiative_services.endorsement_set(
            acting_user=w.partner, version=version, organisation=w.organisation, level="fully"
        )
        w.agenda_published = True
    people = [w.partner, w.partner2, w.coordinator, *extra_partners(w, scale)]
    for i in range(scale):
        round_ = closed_round(w, [(p, 1 + (i + j) % 5, "") for j, p in enumerate(people)])
        move_to_past(round_, weeks_ago=13 * (scale - i))
    return organisations


def test_coordinators_land_on_the_cockpit_and_partners_on_the_overview(world, client_for):
    start = _url(world, "initiatives:initiative-start")
    response = client_for(world.coordinator).get(reverse("home"))
    assert response["Location"] == _url(world)
    assert client_for(world.coordinator).get(start)["Location"] == _url(world)
    for role in ("partner", "viewer", "participant"):
        response = client_for(world.user(role)).get(start)
        assert response["Location"] == world.initiative.get_absolute_url(), role
    assert client_for(world.outsider).get(start).status_code == 404


def test_the_overview_itself_is_unchanged_for_coordinators(world, client_for):
    response = client_for(world.coordinator).get(world.initiative.get_absolute_url())
    assert response.status_code == 200
    assert response.templates[0].name == "initiatives/initiative_detail.html"


def test_the_cockpit_comes_first_in_the_coordinators_navigation_only(world, client_for):
    html = client_for(world.coordinator).get(_url(world)).content.decode()
    nav = html.split('<nav class="initiative-nav"', 1)[1].split("</nav>", 1)[0]
    first = nav.split("<li>", 2)[1]
    assert _url(world) in first and 'aria-current="page"' in first
    partner = client_for(world.partner).get(world.initiative.get_absolute_url())
    assert _url(world) not in partner.content.decode()


@pytest.mark.parametrize("role", ["partner", "viewer", "participant"])
def test_only_the_backbone_office_opens_the_cockpit(world, client_for, role):
    assert client_for(world.user(role)).get(_url(world)).status_code == 403


def test_every_section_has_an_empty_state(world, client_for):
    response = client_for(world.coordinator).get(_url(world))
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s.key for s in sections] == cockpit.registered_section_keys()
    html = response.content.decode()
    for section in sections:
        assert section.is_empty, section.key
        assert section.empty_text and section.empty_text in html, section.key


def test_the_sections_list_what_needs_attention_and_lead_to_where_it_is_handled(world, client_for):
    _fill(world, 1)
    response = client_for(world.coordinator).get(_url(world))
    html = response.content.decode()
    overdue = _section(response, "overdue_reports")
    names = [line.text.split(":")[0] for line in overdue.lines]
    assert set(names) == {"IQ Netzwerk", "IHK Berlin"}
    assert overdue.lines[0].url.startswith(_url(world, "initiatives:organisation-list"))
    review = _section(response, "review")
    assert review.count == 1
    assert "/pruefung/" in review.lines[0].url
    actions = _section(response, "overdue_action_items")
    assert actions.count == 2
    assert all("?overdue=1#action-" in line.url for line in actions.lines)
    meetings = _section(response, "next_meetings")
    assert [line.text for line in meetings.lines] == ["Online-Abstimmung"]
    warnings = _section(response, "warnings")
    assert warnings.count == 1
    assert "/fruehwarnungen/" in warnings.lines[0].url
    endorsements = _section(response, "endorsements")
    assert {line.text for line in endorsements.lines} >= {"IHK Berlin"}
    pulse = _section(response, "pulse")
    assert pulse.chart is not None
    assert "Partnership pulse over time" in html
    for section in response.context["sections"]:
        for line in section.lines:
            assert f'href="{line.url}"' in html.replace("&amp;", "&"), line


def test_a_warning_for_the_backbone_office_shows_in_its_cockpit(world):
    services.warning_create(
        acting_user=world.partner2,
        initiative=world.initiative,
        title="Vertraulich",
        description="Spannungen im Lenkungskreis.",
        visibility="coordinators",
    )
    sections = cockpit.cockpit_sections(
        initiative=world.initiative,
        membership=world.coordinator.memberships.get(),
        viewer=world.coordinator,
    )
    warnings = next(s for s in sections if s.key == "warnings")
    assert [line.text for line in warnings.lines] == ["Vertraulich"]
    assert "backbone office only" in warnings.lines[0].detail


def test_overdue_reporting_counts_per_partner_and_the_backbone_office_oldest_first(world):
    framework = (
        FrameworkBuilder(world.initiative)
        .indicator("Vermittlungen", frequency="quarterly")
        .reported_by(world.organisation, world.organisation2)
        .indicator("Arbeitslosenquote", scope="population", frequency="monthly")
        .build()
    )
    placements = framework.indicator("Vermittlungen")
    returned = report(
        placements,
        framework.period(placements, datetime.date(2024, 2, 1)),
        by=world.partner,
        organisation=world.organisation,
        value="3",
        submit=True,
    )
    impact_services.submission_return(
        acting_user=world.coordinator, submission=returned, reason="Quelle?"
    )
    # 30 days to report: on 1 May 2024 the first quarter and January to March are overdue.
    sections = cockpit.cockpit_sections(
        initiative=world.initiative,
        membership=world.coordinator.memberships.get(),
        viewer=world.coordinator,
        now=timezone.make_aware(datetime.datetime(2024, 5, 1, 12)),
    )
    overdue = next(s for s in sections if s.key == "overdue_reports")
    end_of_april = cockpit._date(datetime.date(2024, 4, 30))
    assert overdue.count == 3
    assert [(line.text, line.detail) for line in overdue.lines] == [
        (
            "Backbone office: 3 values overdue",
            f"due since {cockpit._date(datetime.date(2024, 3, 1))}",
        ),
        ("IHK Berlin: 1 value overdue", f"due since {end_of_april}"),
        ("IQ Netzwerk: 1 value overdue", f"due since {end_of_april} · 1 returned for revision"),
    ]
    assert overdue.lines[0].url == _url(world, "impact:task-list")
    assert overdue.lines[2].url == _url(
        world, "initiatives:organisation-detail", pk=world.organisation.pk
    )


# --- Partners gone quiet -------------------------------------------------------------------


def test_a_partner_is_quiet_after_sixty_days_without_any_sign_of_work(world):
    acts = activity_world(world)  # an activity with an output log of IQ Netzwerk, today
    _age(world.organisation, 200)
    _age(world.organisation2, 200)
    new = OrganisationFactory(initiative=world.initiative, name="Neu dabei")
    quiet = selectors.organisation_quiet_list(initiative=world.initiative)
    assert [q.organisation for q in quiet] == [world.organisation2]
    assert quiet[0].last_sign is None
    assert new not in [q.organisation for q in quiet]
    later = timezone.now() + datetime.timedelta(days=61)
    quiet = selectors.organisation_quiet_list(initiative=world.initiative, now=later)
    assert [q.organisation for q in quiet][-1] == world.organisation
    assert quiet[-1].last_sign is not None
    Activity.objects.filter(pk=acts.activity.pk).update(updated_at=later)
    quiet = selectors.organisation_quiet_list(initiative=world.initiative, now=later)
    assert world.organisation not in [q.organisation for q in quiet]


def test_the_quiet_rule_is_explained_on_the_page(world, client_for):
    html = client_for(world.coordinator).get(_url(world)).content.decode()
    assert "counts as quiet when for 60 days" in html
    assert "Logins of individual people are not looked at" in html


# --- The registry --------------------------------------------------------------------------


def test_other_apps_add_sections_through_the_registry(world, client_for):
    def focus_groups(context):
        return cockpit.CockpitSection(
            key="focus",
            title="Fokusgruppen ohne Treffen",
            lines=(cockpit.CockpitLine(text="Matching", url="/fokus/1/"),),
            count=1,
        )

    def nothing(context):
        return None

    cockpit.register_cockpit_section("focus", focus_groups, order=45)
    cockpit.register_cockpit_section("hidden", nothing)
    try:
        response = client_for(world.coordinator).get(_url(world))
        keys = [s.key for s in response.context["sections"]]
        assert keys.index("focus") == keys.index("warnings") + 1
        assert "hidden" not in keys
        assert "Fokusgruppen ohne Treffen" in response.content.decode()
    finally:
        cockpit._sections.pop("focus")
        cockpit._sections.pop("hidden")


# --- Query count ---------------------------------------------------------------------------


def test_the_cockpit_needs_the_same_queries_for_little_and_ten_times_more_data(world, client_for):
    client = client_for(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url(world))
        totals = {s.key: s.count for s in response.context["sections"]}
        return len(ctx.captured_queries), totals

    _fill(world, 1)
    small, before = count()
    _fill(world, 10)
    large, after = count()
    assert large == small
    for key in ("overdue_reports", "review", "overdue_action_items", "warnings"):
        assert after[key] > before[key], key
