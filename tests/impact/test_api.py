"""The impact API under /api/v1/: the framework to read, values to enter and review, with the
permissions of the pages and the services' messages at the right fields."""

import datetime
import itertools
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from impact import services
from impact.models import Submission
from initiatives.models import Initiative
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.impact.builders import report
from tests.impact.conftest import Q1_2025, Q2_2025

OUTSIDERS = ["participant", "other_coordinator", "outsider"]
_serial = itertools.count()


@pytest.fixture(autouse=True)
def english_accounts(world):
    """Messages are checked in the English source language (the profile language wins over
    the request's), so the tests do not depend on the state of the German catalogue."""
    get_user_model().objects.update(language="en")


def _api(name, *args):
    return reverse(f"v1:{name}", args=args)


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def _gender(fw, **values):
    return [
        {"category": fw.category("Geschlecht", label).pk, "value": value}
        for label, value in values.items()
    ]


def _placements_body(fw, day=Q1_2025, **fields):
    return {
        "indicator": fw.indicator("Vermittlungen").pk,
        "period": fw.period("Vermittlungen", day).pk,
        "value": "40",
        **fields,
    }


@pytest.fixture
def values(fw, world):
    """Vermittlungen: IQ Netzwerk approved (Q1), IHK Berlin approved (Q1), IQ Netzwerk
    submitted (Q2), IHK Berlin draft (Q2)."""
    indicator = fw.indicator("Vermittlungen")
    q1, q2 = fw.period(indicator, Q1_2025), fw.period(indicator, Q2_2025)
    women = fw.category("Geschlecht", "weiblich").pk
    iq = {"by": world.partner, "organisation": world.organisation}
    ihk = {"by": world.partner2, "organisation": world.organisation2}

    def entry(value):
        return {"value": value, "breakdown": {women: value}}

    return {
        "iq_approved": report(indicator, q1, **iq, **entry("30"), approve_by=world.coordinator),
        "ihk_approved": report(indicator, q1, **ihk, **entry("10"), approve_by=world.coordinator),
        "iq_submitted": report(indicator, q2, **iq, **entry("25"), submit=True),
        "ihk_draft": report(indicator, q2, **ihk, **entry("5")),
    }


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["results"]}


# --- Reading the framework -------------------------------------------------------------------


def test_indicator_shows_definition_rules_targets_organisations_and_breakdowns(
    fw, world, client_for
):
    indicator = fw.indicator("Vermittlungen")
    response = client_for(world.viewer).get(_api("indicator-detail", indicator.pk))
    assert response.status_code == 200
    data = response.json()
    assert data["initiative"] == "fachkraefte-berlin"
    assert data["definition"] == "So wird Vermittlungen gezählt."
    assert (data["unit"], data["kind"], data["direction"]) == ("Personen", "number", "increase")
    assert (data["frequency"], data["partner_aggregation"]) == ("quarterly", "sum")
    assert (data["final_target"], data["final_target_date"]) == ("400.00", "2027-12-31")
    assert [o["name"] for o in data["reporting_organisations"]] == ["IHK Berlin", "IQ Netzwerk"]
    [dimension] = data["dimensions"]
    assert dimension["name"] == "Geschlecht"
    assert [c["label"] for c in dimension["categories"]] == [
        "weiblich",
        "männlich",
        "divers",
        "keine Angabe",
    ]
    quote = client_for(world.viewer).get(
        _api("indicator-detail", fw.indicator("Vermittlungsquote").pk)
    )
    assert (quote.json()["baseline_value"], quote.json()["baseline_date"]) == (
        "25.00",
        "2023-12-31",
    )


def test_goals_list_objectives_with_their_indicators(fw, world, client_for):
    response = client_for(world.partner).get(
        _api("goal-list"), {"initiative": world.initiative.slug}
    )
    [goal] = response.json()["results"]
    assert goal["title"] == "Internationale Fachkräfte arbeiten qualifikationsadäquat"
    assert [o["title"] for o in goal["objectives"]] == [
        "Mehr Vermittlungen in passende Stellen",
        "Anerkennung geht schneller",
    ]
    assert goal["objectives"][0]["indicators"] == [i.pk for i in fw.indicators[:3]]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_participants_and_outsiders_see_nothing_of_the_framework(fw, world, client_for, role):
    client = client_for(world.user(role))
    indicator = fw.indicator("Vermittlungen")
    for name in ("goal-list", "indicator-list", "reporting-period-list", "submission-list"):
        assert _ids(client.get(_api(name))) == set(), name
    for name, pk in [
        ("goal-detail", fw.goals[0].pk),
        ("indicator-detail", indicator.pk),
        ("indicator-progress", indicator.pk),
        ("reporting-period-detail", fw.period(indicator, Q1_2025).pk),
    ]:
        forbidden = client.get(_api(name, pk))
        missing = client.get(_api(name, 999999))
        assert forbidden.status_code == missing.status_code == 404, name
        assert forbidden.json() == missing.json()


def test_anonymous_callers_are_asked_to_authenticate(fw, client):
    for url in (_api("indicator-list"), _api("submission-list")):
        assert client.get(url).status_code == 401
    assert _post(client, _api("submission-list"), {}).status_code == 401


def test_periods_show_their_locked_state_and_filter_by_frequency(fw, world, client_for):
    period = fw.period("Vermittlungen", Q1_2025)
    services.period_lock(acting_user=world.coordinator, period=period)
    response = client_for(world.partner).get(
        _api("reporting-period-list"),
        {"initiative": world.initiative.slug, "frequency": "quarterly", "page_size": 200},
    )
    rows = {row["id"]: row for row in response.json()["results"]}
    assert {row["frequency"] for row in rows.values()} == {"quarterly"}
    assert rows[period.pk]["is_locked"] is True
    assert rows[period.pk]["label"] == "Q1 2025"
    assert sum(row["is_locked"] for row in rows.values()) == 1


def test_progress_shows_status_actual_and_target_per_period(fw, world, client_for, values):
    indicator = fw.indicator("Vermittlungen")
    response = client_for(world.viewer).get(_api("indicator-progress", indicator.pk))
    assert response.status_code == 200
    data = response.json()
    assert data["indicator"] == indicator.pk
    assert data["status"] in {"on_track", "at_risk", "off_track"}
    q1 = next(p for p in data["periods"] if p["label"] == "Q1 2025")
    assert q1["actual"]["value"] == "40.0000"  # 30 + 10 approved; the submitted 25 does not count
    assert q1["target"] is not None
    assert (q1["reported"], q1["expected"]) == (2, 2)
    q2 = next(p for p in data["periods"] if p["label"] == "Q2 2025")
    assert q2["actual"] is None


# --- Who sees which values -------------------------------------------------------------------


def test_each_role_sees_exactly_the_values_the_pages_show(world, client_for, values):
    v = {key: s.pk for key, s in values.items()}
    approved = {v["iq_approved"], v["ihk_approved"]}
    expected = {
        "coordinator": approved | {v["iq_submitted"]},
        "partner": approved | {v["iq_submitted"]},
        "partner2": approved | {v["ihk_draft"]},
        "viewer": approved,
        "participant": set(),
        "other_coordinator": set(),
        "outsider": set(),
    }
    for role, ids in expected.items():
        assert _ids(client_for(world.user(role)).get(_api("submission-list"))) == ids, role


def test_partner_cannot_read_another_organisations_draft(world, client_for, values):
    client = client_for(world.partner)
    draft = client.get(_api("submission-detail", values["ihk_draft"].pk))
    missing = client.get(_api("submission-detail", 999999))
    assert draft.status_code == missing.status_code == 404
    assert draft.json() == missing.json()


def test_submission_list_filters(fw, world, client_for, values):
    client = client_for(world.coordinator)
    url = _api("submission-list")
    q1 = fw.period("Vermittlungen", Q1_2025)
    assert _ids(client.get(url, {"status": "submitted"})) == {values["iq_submitted"].pk}
    assert _ids(client.get(url, {"period": q1.pk})) == {
        values["iq_approved"].pk,
        values["ihk_approved"].pk,
    }
    assert _ids(client.get(url, {"organisation": world.organisation2.pk})) == {
        values["ihk_approved"].pk
    }
    assert len(_ids(client.get(url, {"indicator": fw.indicator("Vermittlungen").pk}))) == 3
    assert _ids(client.get(url, {"initiative": world.other_initiative.slug})) == set()


def test_history_is_shown_to_the_organisation_and_the_backbone_office_only(
    world, client_for, values
):
    pk = values["iq_approved"].pk
    for role in ("partner", "coordinator"):
        history = client_for(world.user(role)).get(_api("submission-detail", pk)).json()["history"]
        assert [e["action"] for e in history] == ["created", "submitted", "approved"], role
    for role in ("partner2", "viewer"):
        response = client_for(world.user(role)).get(_api("submission-detail", pk))
        assert response.status_code == 200
        assert response.json()["history"] == [], role


# --- Entering values -------------------------------------------------------------------------


def test_partner_enters_a_value_with_breakdown_for_its_own_organisation(fw, world, client_for):
    body = _placements_body(
        fw, comment="Mit Jobmesse", breakdown=_gender(fw, weiblich="25", männlich="15")
    )
    response = _post(client_for(world.partner), _api("submission-list"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["organisation"], data["status"], data["value"]) == (
        world.organisation.pk,
        "draft",
        "40.00",
    )
    assert {(b["category_label"], b["value"]) for b in data["breakdown"]} == {
        ("weiblich", "25.00"),
        ("männlich", "15.00"),
    }
    assert [e["action"] for e in data["history"]] == ["created"]
    assert AuditEvent.objects.filter(verb="submission.created").count() == 1


def test_percentages_take_numerator_and_denominator(fw, world, client_for):
    indicator = fw.indicator("Vermittlungsquote")
    body = {
        "indicator": indicator.pk,
        "period": fw.period(indicator, Q1_2025).pk,
        "numerator": 12,
        "denominator": "40",
        "breakdown": [
            {
                "category": fw.category("Geschlecht", "weiblich").pk,
                "numerator": 8,
                "denominator": 20,
            },
            {
                "category": fw.category("Geschlecht", "männlich").pk,
                "numerator": 4,
                "denominator": 20,
            },
        ],
    }
    response = _post(client_for(world.partner), _api("submission-list"), body)
    assert response.status_code == 201, response.content
    assert response.json()["percentage"] == "30.0000"


def _assert_refused(response, field, text, status=400):
    assert response.status_code == status, response.content
    error = _error(response)
    assert field in error["fields"], error
    assert text in " ".join(error["fields"][field]), error
    assert Submission.objects.count() == 0


def test_value_that_is_not_a_number_is_refused_at_its_field(fw, world, client_for):
    response = _post(
        client_for(world.partner), _api("submission-list"), _placements_body(fw, value="viele")
    )
    _assert_refused(response, "value", "Please enter a number")


def test_german_accounts_get_german_messages(fw, world, client_for):
    get_user_model().objects.filter(pk=world.partner.pk).update(language="de")
    response = _post(
        client_for(world.partner), _api("submission-list"), _placements_body(fw, value="viele")
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "de"
    assert _error(response)["fields"]["value"]


def test_negative_count_is_refused(fw, world, client_for):
    response = _post(
        client_for(world.partner), _api("submission-list"), _placements_body(fw, value=-3)
    )
    _assert_refused(response, "value", "A count cannot be negative.")


def test_numerator_above_denominator_is_refused(fw, world, client_for):
    indicator = fw.indicator("Vermittlungsquote")
    body = {
        "indicator": indicator.pk,
        "period": fw.period(indicator, Q1_2025).pk,
        "numerator": "50",
        "denominator": "40",
    }
    response = _post(client_for(world.partner), _api("submission-list"), body)
    _assert_refused(response, "numerator", "cannot be more than")


def test_value_for_a_percentage_is_refused(fw, world, client_for):
    indicator = fw.indicator("Vermittlungsquote")
    body = {"indicator": indicator.pk, "period": fw.period(indicator, Q1_2025).pk, "value": "30"}
    response = _post(client_for(world.partner), _api("submission-list"), body)
    _assert_refused(response, "value", "two numbers")


def test_breakdown_that_does_not_add_up_is_refused(fw, world, client_for):
    dimension = fw.dimensions["Geschlecht"]
    body = _placements_body(fw, breakdown=_gender(fw, weiblich="20", männlich="10"))
    response = _post(client_for(world.partner), _api("submission-list"), body)
    _assert_refused(response, f"dimension_{dimension.pk}", "add up to 30")


def test_negative_breakdown_value_is_refused_at_its_category(fw, world, client_for):
    category = fw.category("Geschlecht", "weiblich")
    body = _placements_body(fw, breakdown=_gender(fw, weiblich="-1"))
    response = _post(client_for(world.partner), _api("submission-list"), body)
    _assert_refused(response, f"breakdown_{category.pk}", "cannot be negative")


def test_value_for_a_locked_period_is_refused(fw, world, client_for):
    services.period_lock(acting_user=world.coordinator, period=fw.period("Vermittlungen", Q1_2025))
    response = _post(client_for(world.partner), _api("submission-list"), _placements_body(fw))
    _assert_refused(response, "period", "Q1 2025 is locked")


def test_value_for_a_future_period_is_refused(fw, world, client_for):
    today = timezone.localdate()
    Initiative.objects.filter(pk=world.initiative.pk).update(
        planned_end_date=today.replace(year=today.year + 3)
    )
    world.initiative.refresh_from_db()
    services.periods_sync(initiative=world.initiative)
    body = _placements_body(fw, day=today.replace(year=today.year + 1))
    response = _post(client_for(world.partner), _api("submission-list"), body)
    _assert_refused(response, "period", "has not started yet")


def test_duplicate_value_is_refused(fw, world, client_for, values):
    count = Submission.objects.count()
    response = _post(client_for(world.partner), _api("submission-list"), _placements_body(fw))
    assert response.status_code == 400
    assert "has already entered a value for Q1 2025" in _error(response)["fields"]["period"][0]
    assert Submission.objects.count() == count


def test_period_of_another_initiative_is_refused_like_an_unknown_one(fw, world, client_for):
    body = _placements_body(fw, period=999999)
    response = _post(client_for(world.partner), _api("submission-list"), body)
    _assert_refused(response, "period", "does not belong to the initiative")


def test_partner_cannot_enter_a_value_for_another_organisation(fw, world, client_for):
    body = _placements_body(fw, organisation=world.organisation2.pk)
    response = _post(client_for(world.partner), _api("submission-list"), body)
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_organisation_not_asked_to_report_is_refused(fw, world, client_for):
    body = {
        "indicator": fw.indicator("Fördermittel").pk,
        "period": fw.period("Fördermittel", Q1_2025).pk,
        "value": "1000",
    }
    response = _post(client_for(world.partner2), _api("submission-list"), body)
    _assert_refused(response, "organisation", "is not asked to report")


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 403), ("viewer", 403), ("participant", 404), ("outsider", 404)],
)
def test_only_partners_enter_performance_values(fw, world, client_for, role, status):
    response = _post(client_for(world.user(role)), _api("submission-list"), _placements_body(fw))
    assert response.status_code == status
    assert Submission.objects.count() == 0


def test_coordinator_enters_population_values(fw, world, client_for):
    indicator = fw.indicator("Abgeschlossene Anerkennungsverfahren")
    body = {"indicator": indicator.pk, "period": fw.period(indicator, Q1_2025).pk, "value": 17}
    response = _post(client_for(world.coordinator), _api("submission-list"), body)
    assert response.status_code == 201, response.content
    assert response.json()["organisation"] is None
    assert _post(client_for(world.partner), _api("submission-list"), body).status_code == 403


# --- Changing, submitting, reviewing, correcting ---------------------------------------------


def test_partner_changes_the_comment_alone_and_the_value_stays(world, client_for, values):
    draft = values["ihk_draft"]
    response = _patch(
        client_for(world.partner2), _api("submission-detail", draft.pk), {"comment": "Geprüft"}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["comment"]) == ("5.00", "Geprüft")


def test_patch_with_bad_value_changes_nothing(world, client_for, values):
    draft = values["ihk_draft"]
    response = _patch(
        client_for(world.partner2), _api("submission-detail", draft.pk), {"value": "fünf"}
    )
    assert response.status_code == 400
    assert "value" in _error(response)["fields"]
    draft.refresh_from_db()
    assert draft.value == 5


def test_partner_cannot_change_another_organisations_values(world, client_for, values):
    client = client_for(world.partner)
    draft = _patch(client, _api("submission-detail", values["ihk_draft"].pk), {"value": "9"})
    assert draft.status_code == 404
    approved = _patch(client, _api("submission-detail", values["ihk_approved"].pk), {"value": "9"})
    assert approved.status_code == 403
    assert _post(client, _api("submission-revise", values["ihk_approved"].pk)).status_code == 403


def test_submitted_value_can_no_longer_be_changed(world, client_for, values):
    response = _patch(
        client_for(world.partner),
        _api("submission-detail", values["iq_submitted"].pk),
        {"value": 1},
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "submission_not_editable"


def test_submit_return_with_reason_resubmit_and_approve(fw, world, client_for):
    partner, coordinator = client_for(world.partner), None
    created = _post(
        partner, _api("submission-list"), _placements_body(fw, breakdown=_gender(fw, weiblich="40"))
    ).json()
    pk = created["id"]
    submitted = _post(partner, _api("submission-submit", pk))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    coordinator = client_for(world.coordinator)
    refused = _post(coordinator, _api("submission-return", pk), {"reason": "  "})
    assert refused.status_code == 400
    assert "reason" in _error(refused)["fields"]
    returned = _post(coordinator, _api("submission-return", pk), {"reason": "Bitte Männer prüfen"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "Bitte Männer prüfen"

    partner = client_for(world.partner)
    assert partner.get(_api("submission-detail", pk)).json()["return_reason"] == (
        "Bitte Männer prüfen"
    )
    changed = _patch(
        partner,
        _api("submission-detail", pk),
        {"value": 40, "breakdown": _gender(fw, weiblich="30", männlich="10")},
    )
    assert changed.status_code == 200, changed.content
    assert _post(partner, _api("submission-submit", pk)).json()["status"] == "submitted"
    assert _post(partner, _api("submission-approve", pk)).status_code == 403

    approved = _post(client_for(world.coordinator), _api("submission-approve", pk))
    assert approved.json()["status"] == "approved"
    assert [e["action"] for e in approved.json()["history"]] == [
        "created",
        "submitted",
        "returned",
        "updated",
        "resubmitted",
        "approved",
    ]


def test_submit_checks_every_dimension_adds_up(fw, world, client_for):
    partner = client_for(world.partner)
    pk = _post(partner, _api("submission-list"), _placements_body(fw)).json()["id"]
    response = _post(partner, _api("submission-submit", pk))
    assert response.status_code == 400
    assert f"dimension_{fw.dimensions['Geschlecht'].pk}" in _error(response)["fields"]
    assert Submission.objects.get(pk=pk).status == "draft"


def test_correction_of_an_approved_value_starts_a_new_revision(world, client_for, values):
    approved = values["iq_approved"]
    response = _post(client_for(world.partner), _api("submission-revise", approved.pk))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["revision"], data["status"], data["supersedes"]) == (2, "draft", approved.pk)
    again = _post(client_for(world.partner), _api("submission-revise", approved.pk))
    assert again.status_code == 400
    assert _error(again)["code"] == "submission_not_revisable"


@pytest.mark.parametrize("role", ["partner", "partner2", "viewer"])
def test_only_the_backbone_office_reviews(world, client_for, values, role):
    pk = values["iq_submitted"].pk
    client = client_for(world.user(role))
    expected = 403 if role == "partner" else 404  # others do not see a submitted value at all
    assert _post(client, _api("submission-approve", pk)).status_code == expected
    assert _post(client, _api("submission-return", pk), {"reason": "x"}).status_code == expected
    assert Submission.objects.get(pk=pk).status == "submitted"


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_touch_values(world, client_for, values, role):
    client = client_for(world.user(role))
    pk = values["iq_submitted"].pk
    for name in ("submission-submit", "submission-approve", "submission-revise"):
        assert _post(client, _api(name, pk)).status_code == 404, name
    assert _patch(client, _api("submission-detail", pk), {"value": 1}).status_code == 404


def test_coordinator_cannot_approve_in_a_locked_period(fw, world, client_for, values):
    services.period_lock(acting_user=world.coordinator, period=values["iq_submitted"].period)
    response = _post(
        client_for(world.coordinator), _api("submission-approve", values["iq_submitted"].pk)
    )
    assert response.status_code == 400
    assert "is locked" in _error(response)["fields"]["period"][0]


# --- Query counts ----------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    client.get(url, params)  # warm-up
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


def _grow(fw, world, times: int):
    """More organisations reporting approved values with breakdowns on every indicator."""
    indicator = fw.indicator("Vermittlungen")
    periods = [fw.period(indicator, datetime.date(2024, month, 15)) for month in (2, 5, 8, 11)]
    for _ in range(times):
        n = next(_serial)
        organisation = OrganisationFactory(initiative=world.initiative, name=f"Träger {n}")
        indicator.reporting_organisations.add(organisation)
        member = UserFactory(email=f"traeger{n}@example.org")
        MembershipFactory(
            user=member, initiative=world.initiative, role="partner", organisation=organisation
        )
        for period in periods:
            report(
                indicator,
                period,
                by=member,
                organisation=organisation,
                value="4",
                breakdown={
                    fw.category("Geschlecht", "weiblich").pk: "3",
                    fw.category("Geschlecht", "männlich").pk: "1",
                },
                approve_by=world.coordinator,
            )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("submission-list", {"page_size": 200}),
        ("indicator-list", {"page_size": 200}),
        ("goal-list", None),
        ("reporting-period-list", {"page_size": 200}),
    ],
)
def test_list_query_count_does_not_grow_with_the_data(fw, world, client_for, name, params):
    client = client_for(world.coordinator)
    url = _api(name)
    _grow(fw, world, 1)
    small = _queries(client, url, params)
    _grow(fw, world, 10)  # ten times the organisations and values
    assert _queries(client, url, params) == small


def test_progress_query_count_does_not_grow_with_the_data(fw, world, client_for):
    client = client_for(world.viewer)
    url = _api("indicator-progress", fw.indicator("Vermittlungen").pk)
    _grow(fw, world, 1)
    small = _queries(client, url)
    _grow(fw, world, 10)
    assert _queries(client, url) == small


def test_browsable_api_pages_render(fw, world, client_for, values):
    client = client_for(world.partner)
    for url in (
        _api("submission-list"),
        _api("submission-detail", values["iq_submitted"].pk),
        _api("indicator-detail", fw.indicator("Vermittlungen").pk),
        _api("indicator-progress", fw.indicator("Vermittlungen").pk),
    ):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html")
