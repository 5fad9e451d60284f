"""The progress pages over HTTP: the initiative's dashboard with its filters, the indicator page
with trend, breakdown, partner values and reflection notes, for every role; query guards."""

import datetime
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from impact import services
from impact.models import ReflectionNote
from impact.progress import Status
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025, Q2_2025
from tests.initiatives.test_queries import assert_same_queries

Q3_2025 = datetime.date(2025, 8, 15)


@pytest.fixture(autouse=True)
def english_pages(world):
    """Pages in the source language, so the tests do not depend on the German catalogue."""
    get_user_model().objects.update(language="en")


def dashboard_url(world, **params):
    url = reverse("impact:framework-detail", kwargs={"slug": world.initiative.slug})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def indicator_url(world, indicator, period=None):
    url = reverse(
        "impact:indicator-detail", kwargs={"slug": world.initiative.slug, "pk": indicator.pk}
    )
    return f"{url}?period={period.pk}" if period else url


def reflection_url(world, indicator):
    return reverse(
        "impact:reflection-create", kwargs={"slug": world.initiative.slug, "pk": indicator.pk}
    )


def delete_url(world, note):
    return reverse(
        "impact:reflection-delete", kwargs={"slug": world.initiative.slug, "pk": note.pk}
    )


def text_of(response) -> str:
    """The page's text without markup, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def values(world, fw):
    """Approved placements: Q1 2025 from both partners (IQ 30 with a breakdown, IHK 10), Q2 2025
    from IQ only (50); a draft of IHK for Q2 that nobody but IHK may see."""
    indicator = fw.indicator("Vermittlungen")
    q1, q2 = fw.period(indicator, Q1_2025), fw.period(indicator, Q2_2025)
    gender = {label: fw.category("Geschlecht", label).pk for label in ("weiblich", "männlich")}
    unspecified = fw.category("Geschlecht", "keine Angabe").pk
    iq = {"by": world.partner, "organisation": world.organisation, "approve_by": world.coordinator}
    ihk = {"by": world.partner2, "organisation": world.organisation2}
    report(
        indicator,
        q1,
        **iq,
        value="30",
        breakdown={gender["weiblich"]: "20", gender["männlich"]: "10"},
    )
    report(
        indicator,
        q1,
        **ihk,
        value="10",
        breakdown={unspecified: "10"},
        approve_by=world.coordinator,
    )
    report(indicator, q2, **iq, value="50", breakdown={unspecified: "50"})
    report(indicator, q2, **ihk, value="77", breakdown={unspecified: "77"})
    return indicator, q1, q2


# --- Dashboard ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("partner", 200),
        ("viewer", 200),
        ("participant", 403),
        ("other_coordinator", 404),
        ("outsider", 404),
    ],
)
def test_dashboard_per_role(world, fw, client_for, role, status):
    assert client_for(world.user(role)).get(dashboard_url(world)).status_code == status


def test_dashboard_counts_statuses_first_and_links_every_indicator(world, fw, values, client_for):
    response = client_for(world.viewer).get(dashboard_url(world))
    tiles = {label: count for _status, label, count, _badge in response.context["tiles"]}
    assert sum(tiles.values()) == 5
    assert tiles["No data yet"] == 4
    text = text_of(response)
    assert text.index("Status of all indicators") < text.index("Mehr Vermittlungen")
    html = response.content.decode()
    for indicator in fw.indicators:
        assert indicator_url(world, indicator) in html
    assert "How the status is determined" in text


def test_dashboard_filters_by_goal(world, fw, client_for):
    other = FrameworkBuilder(world.initiative).goal("Kitaplätze").indicator("Plätze").build()
    response = client_for(world.viewer).get(dashboard_url(world, ziel=other.goals[0].pk))
    text = text_of(response)
    assert "Kitaplätze" in text and "Plätze" in text
    assert "Mehr Vermittlungen in passende Stellen" not in text
    assert sum(count for *_s, count, _b in response.context["tiles"]) == 1


def test_dashboard_filters_by_partner_and_uses_only_their_values(world, fw, values, client_for):
    response = client_for(world.viewer).get(dashboard_url(world, partner=world.organisation2.pk))
    text = text_of(response)
    assert "Values of IHK Berlin only." in text
    # IHK reports on two indicators; the population indicators and Fördermittel are left out.
    assert "Fördermittel" not in text and "Dauer bis zum Bescheid" not in text
    summary = next(
        s
        for _goal, objectives in response.context["goals"]
        for _objective, summaries in objectives
        for s in summaries
        if s.indicator.name == "Vermittlungen"
    )
    assert summary.latest.label == "Q1 2025"
    assert summary.value == "10 Personen".replace(" ", "\N{NO-BREAK SPACE}")
    assert summary.latest.expected == 1 and summary.latest.reported == 1


def test_dashboard_for_one_partner_shows_its_contribution_without_judging_it(
    world, fw, values, client_for
):
    """The targets are the initiative's: one partner's 10 placements against the common target
    would look off track. Filtered by partner the page shows no status and no target and says
    that the values are that organisation's contribution."""
    everyone = client_for(world.viewer).get(dashboard_url(world))
    assert "target so far" in text_of(everyone)
    response = client_for(world.viewer).get(dashboard_url(world, partner=world.organisation2.pk))
    text = text_of(response)
    assert "These values are what IHK Berlin contributes to the shared indicators." in text
    for judgement in ("On track", "At risk", "Off track", "target so far", "No target set"):
        assert judgement not in text, judgement
    assert 'class="status-tiles"' not in response.content.decode()
    summaries = [
        s
        for _goal, objectives in response.context["goals"]
        for _objective, summaries in objectives
        for s in summaries
    ]
    assert {s.status for s in summaries} <= {Status.NO_TARGET, Status.NO_DATA}
    assert all(s.target == "" for s in summaries)


def test_dashboard_shows_the_status_as_of_an_earlier_quarter(world, fw, values, client_for):
    indicator, q1, _q2 = values
    response = client_for(world.viewer).get(dashboard_url(world, stand=q1.end.isoformat()))
    assert "Status as of: End of Q1 2025." in text_of(response)
    summary = next(
        s
        for _goal, objectives in response.context["goals"]
        for _objective, summaries in objectives
        for s in summaries
        if s.indicator.pk == indicator.pk
    )
    assert summary.latest.label == "Q1 2025"
    latest = client_for(world.viewer).get(dashboard_url(world))
    latest_summary = next(
        s
        for _goal, objectives in latest.context["goals"]
        for _objective, summaries in objectives
        for s in summaries
        if s.indicator.pk == indicator.pk
    )
    assert latest_summary.latest.label == "Q2 2025"


def test_dashboard_ignores_unknown_filter_values(world, fw, client_for):
    response = client_for(world.viewer).get(
        dashboard_url(world, ziel="999999", partner="abc", stand="1999-01-01")
    )
    assert response.status_code == 200
    assert not response.context["is_filtered"]


def test_dashboard_answers_htmx_with_the_results_only(world, fw, client_for):
    response = client_for(world.viewer).get(
        dashboard_url(world, ziel=fw.goals[0].pk), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="dashboard"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_dashboard_has_an_empty_state(world, client_for):
    text = text_of(client_for(world.viewer).get(dashboard_url(world)))
    assert "has not been set up yet" in text


# --- Indicator page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("partner", 200),
        ("viewer", 200),
        ("participant", 403),
        ("other_coordinator", 404),
        ("outsider", 404),
    ],
)
def test_indicator_page_per_role(world, fw, client_for, role, status):
    indicator = fw.indicator("Vermittlungen")
    assert client_for(world.user(role)).get(indicator_url(world, indicator)).status_code == status


def test_indicator_of_another_initiative_is_not_found(world, fw, client_for):
    indicator = fw.indicator("Vermittlungen")
    url = reverse(
        "impact:indicator-detail", kwargs={"slug": world.other_initiative.slug, "pk": indicator.pk}
    )
    assert client_for(world.other_coordinator).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 404


def test_indicator_page_explains_the_indicator_and_its_status_rule(world, fw, values, client_for):
    indicator, _q1, _q2 = values
    text = text_of(client_for(world.viewer).get(indicator_url(world, indicator)))
    assert "So wird Vermittlungen gezählt." in text
    assert "Performance measure" in text
    assert "IHK Berlin, IQ Netzwerk" in text or "IQ Netzwerk, IHK Berlin" in text
    assert "From 90 % of the expected progress an indicator is “on track”, from 70 %" in text
    assert "Latest approved value: Q2 2025." in text


def test_indicator_page_shows_the_trend_with_its_table(world, fw, values, client_for):
    indicator, _q1, _q2 = values
    response = client_for(world.viewer).get(indicator_url(world, indicator))
    html = response.content.decode()
    trend = response.context["trend"]
    rows = {row[0]: row for row in trend.table.groups[0].rows}
    assert rows["Q1 2025"][1] == "40" and rows["Q2 2025"][1] == "50"
    assert rows["Q3 2025"][1] == "\N{EN DASH}"
    assert 'role="img"' in html and "chart--trend" in html


def test_indicator_page_lists_reported_partners_per_period(world, fw, values, client_for):
    indicator, _q1, _q2 = values
    text = text_of(client_for(world.viewer).get(indicator_url(world, indicator)))
    assert "1 of 2 partners have reported." in text  # Q2, the default period
    assert re.search(r"Q1 2025 40 Personen \S+ Personen \S+ [^<]*? 2 of 2", text)


def test_indicator_page_shows_approved_values_only(world, fw, values, client_for):
    indicator, _q1, q2 = values
    response = client_for(world.partner2).get(indicator_url(world, indicator, q2))
    assert [s.organisation for s in response.context["values"]] == [world.organisation]
    assert "77" not in text_of(response)


def test_indicator_page_selects_a_period_and_breaks_it_down(world, fw, values, client_for):
    indicator, q1, _q2 = values
    response = client_for(world.viewer).get(indicator_url(world, indicator, q1))
    assert response.context["selected"].label == "Q1 2025"
    breakdown = response.context["breakdown"]
    (group,) = breakdown.table.groups
    assert group.label == "Geschlecht"
    assert ("weiblich", "20", "50\N{NO-BREAK SPACE}%") in group.rows
    assert ("keine Angabe", "10", "25\N{NO-BREAK SPACE}%") in group.rows
    assert [s.organisation.name for s in response.context["values"]] == [
        "IHK Berlin",
        "IQ Netzwerk",
    ]


def test_indicator_page_falls_back_to_the_latest_period_for_an_unknown_one(
    world, fw, values, client_for
):
    indicator, _q1, _q2 = values
    url = indicator_url(world, indicator) + "?period=nonsense"
    response = client_for(world.viewer).get(url)
    assert response.status_code == 200
    assert response.context["selected"].label == "Q2 2025"


def test_indicator_page_without_values_has_empty_states(world, fw, client_for):
    text = text_of(client_for(world.viewer).get(indicator_url(world, fw.indicator("Fördermittel"))))
    assert "The trend appears as soon as the first value has been approved." in text


def test_amounts_are_shown_in_euros(world, fw, client_for):
    indicator = fw.indicator("Fördermittel")
    period = fw.period(indicator, Q1_2025)
    report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="1234.5",
        approve_by=world.coordinator,
    )
    response = client_for(world.viewer).get(indicator_url(world, indicator))
    text = text_of(response)
    assert "Q1 2025 1,234.50 €" in text  # the period table
    assert "IQ Netzwerk 1,234.50 €" in text  # the values per organisation


# --- Reflection notes --------------------------------------------------------------------------


def test_partner_adds_a_reflection_note(world, fw, values, client_for):
    indicator, q1, _q2 = values
    response = client_for(world.partner).post(
        reflection_url(world, indicator),
        {"period": q1.pk, "learning": "Frauen finden schneller Stellen.", "change": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?period={q1.pk}#reflexion")
    note = ReflectionNote.objects.get()
    assert note.author == world.partner and note.organisation == world.organisation
    page = client_for(world.viewer).get(indicator_url(world, indicator, q1))
    assert "Frauen finden schneller Stellen." in text_of(page)
    # The viewer reads but neither writes nor deletes.
    assert 'id="reflection-form"' not in page.content.decode()
    assert delete_url(world, note) not in page.content.decode()


def test_reflection_without_learning_is_rejected_and_keeps_the_text(world, fw, values, client_for):
    indicator, q1, _q2 = values
    response = client_for(world.coordinator).post(
        reflection_url(world, indicator),
        {"period": q1.pk, "learning": "  ", "change": "Mehr Beratung am Abend."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<form method="post"')
    assert "Please write down what the values tell you." in html
    assert "Mehr Beratung am Abend." in html
    assert not ReflectionNote.objects.exists()


def test_rejected_reflection_without_htmx_shows_the_whole_page(world, fw, values, client_for):
    indicator, q1, _q2 = values
    response = client_for(world.coordinator).post(
        reflection_url(world, indicator), {"period": q1.pk, "learning": ""}
    )
    assert response.status_code == 422
    assert "<html" in response.content.decode()
    assert response.context["selected"].label == "Q1 2025"


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("participant", 403)])
def test_readers_cannot_add_reflection_notes(world, fw, values, client_for, role, status):
    indicator, q1, _q2 = values
    response = client_for(world.user(role)).post(
        reflection_url(world, indicator), {"period": q1.pk, "learning": "Etwas."}
    )
    assert response.status_code == status
    assert not ReflectionNote.objects.exists()


def test_reflection_for_a_period_of_another_rhythm_is_not_found(world, fw, client_for):
    indicator = fw.indicator("Vermittlungen")
    monthly = fw.period("Abgeschlossene Anerkennungsverfahren", Q1_2025)
    response = client_for(world.partner).post(
        reflection_url(world, indicator), {"period": monthly.pk, "learning": "Etwas."}
    )
    assert response.status_code == 404
    assert not ReflectionNote.objects.exists()


def _note(world, indicator, period, by):
    return services.reflection_note_create(
        acting_user=by, indicator=indicator, period=period, learning="Eine Erkenntnis."
    )


def test_author_deletes_own_note_after_confirming(world, fw, values, client_for):
    indicator, q1, _q2 = values
    note = _note(world, indicator, q1, world.partner)
    client = client_for(world.partner)
    confirm = client.get(delete_url(world, note))
    assert confirm.status_code == 200
    assert "Delete this reflection note?" in text_of(confirm)
    assert ReflectionNote.objects.exists()
    response = client.post(delete_url(world, note))
    assert response.status_code == 302
    assert not ReflectionNote.objects.exists()


def test_coordinator_deletes_a_partners_note(world, fw, values, client_for):
    indicator, q1, _q2 = values
    note = _note(world, indicator, q1, world.partner)
    assert client_for(world.coordinator).post(delete_url(world, note)).status_code == 302
    assert not ReflectionNote.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("partner2", 403), ("viewer", 403), ("participant", 403), ("outsider", 404)],
)
def test_others_cannot_delete_a_note(world, fw, values, client_for, role, status):
    indicator, q1, _q2 = values
    note = _note(world, indicator, q1, world.partner)
    client = client_for(world.user(role))
    assert client.get(delete_url(world, note)).status_code == status
    assert client.post(delete_url(world, note)).status_code == status
    assert ReflectionNote.objects.filter(pk=note.pk).exists()


# --- Query guards ------------------------------------------------------------------------------

_batch = itertools.count()


def _grow_framework(world, n):
    """`n` more indicators with a breakdown, each with approved values of two partners."""

    def grow():
        batch = next(_batch)
        builder = FrameworkBuilder(world.initiative).goal(f"Ziel {batch}").objective("Mehr")
        for i in range(n):
            builder.indicator(
                f"Kennzahl {batch}-{i}",
                unit="Fälle",
                final_target="100",
                final_target_date=datetime.date(2027, 12, 31),
            )
            builder.with_dimension(f"Alter {batch}", ["jung", "alt", "keine Angabe"])
            builder.reported_by(world.organisation, world.organisation2)
        framework = builder.build()
        for indicator in framework.indicators:
            period = framework.period(indicator, Q1_2025)
            young = framework.category(f"Alter {batch}", "jung").pk
            for org, user in (
                (world.organisation, world.partner),
                (world.organisation2, world.partner2),
            ):
                report(
                    indicator,
                    period,
                    by=user,
                    organisation=org,
                    value="4",
                    breakdown={young: "4"},
                    approve_by=world.coordinator,
                )

    return grow


@pytest.mark.parametrize("params", [{}, {"partner": "org"}, {"stand": "2025-03-31"}])
def test_dashboard_queries_do_not_grow_with_indicators(world, client_for, params):
    _grow_framework(world, 2)()
    if "partner" in params:
        params = {"partner": world.organisation.pk}
    assert_same_queries(
        client_for(world.viewer), dashboard_url(world), _grow_framework(world, 20), params
    )


def test_indicator_page_queries_do_not_grow_with_values_and_notes(world, client_for):
    framework = (
        FrameworkBuilder(world.initiative)
        .indicator(
            "Beratungen",
            frequency="monthly",
            final_target="500",
            final_target_date=datetime.date(2027, 12, 31),
        )
        .with_dimension("Alter", ["jung", "alt", "keine Angabe"])
        .reported_by(world.organisation, world.organisation2)
        .build()
    )
    indicator = framework.indicator("Beratungen")
    young = framework.category("Alter", "jung").pk
    periods = list(
        world.initiative.reporting_periods.filter(
            frequency="monthly", start__lt=datetime.date(2026, 11, 1)
        ).order_by("start")
    )
    slots = [
        (p, o, u)
        for p in periods
        for o, u in ((world.organisation, world.partner), (world.organisation2, world.partner2))
    ]

    def add(n):
        def grow():
            for period, organisation, user in slots[:n]:
                report(
                    indicator,
                    period,
                    by=user,
                    organisation=organisation,
                    value="2",
                    breakdown={young: "2"},
                    approve_by=world.coordinator,
                )
                _note(world, indicator, period, user)
            del slots[:n]

        return grow

    add(3)()
    assert_same_queries(client_for(world.partner), indicator_url(world, indicator), add(30))
    assert ReflectionNote.objects.count() == 33


# --- The inbox's values that are done --------------------------------------------------------


def test_inbox_lists_only_the_latest_done_values_and_points_to_the_export(world, fw, client_for):
    indicator = fw.indicator("Abgeschlossene Anerkennungsverfahren")
    periods = list(
        world.initiative.reporting_periods.filter(
            frequency="monthly", start__lt=datetime.date(2026, 11, 1)
        ).order_by("start")
    )
    assert len(periods) > 20
    for period in periods:
        report(indicator, period, by=world.coordinator, value="3", approve_by=world.coordinator)
    response = client_for(world.coordinator).get(
        reverse("impact:task-list", args=[world.initiative.slug])
    )
    html = response.content.decode()
    done = html[html.index('id="tasks-done"') :]
    assert f"({len(periods)})" in text_of(response)  # the count still says how many there are
    assert done.count('class="task-card"') == 20

    def edit_url(period):
        return reverse(
            "impact:submission-edit", args=[world.initiative.slug, indicator.pk, period.pk]
        )

    assert done.index(edit_url(periods[-1])) < done.index(edit_url(periods[-20]))  # newest first
    assert edit_url(periods[-21]) not in done
    assert reverse("impact:export", args=[world.initiative.slug]) + "?format=csv" in done
