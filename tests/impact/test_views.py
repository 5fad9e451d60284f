"""The impact pages over HTTP: the partners' inbox and value form, the review queue and the
results framework, for every role; the whole reporting cycle; bad input at its field."""

import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from impact import services
from impact.models import Breakdown, Submission, SubmissionEvent
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025, Q2_2025
from tests.initiatives.test_queries import assert_same_queries

Status = Submission.Status


@pytest.fixture(autouse=True)
def english_pages(world):
    """Pages in the source language, so the tests do not depend on the German catalogue."""
    get_user_model().objects.update(language="en")


def _slug(world):
    return {"slug": world.initiative.slug}


def task_list_url(world):
    return reverse("impact:task-list", kwargs=_slug(world))


def review_list_url(world):
    return reverse("impact:review-list", kwargs=_slug(world))


def framework_url(world):
    return reverse("impact:framework-detail", kwargs=_slug(world))


def form_url(world, indicator, period):
    return reverse(
        "impact:submission-edit",
        kwargs={**_slug(world), "indicator_id": indicator.pk, "period_id": period.pk},
    )


def review_url(world, submission, name="submission-review"):
    return reverse(f"impact:{name}", kwargs={**_slug(world), "pk": submission.pk})


def _gender(fw):
    return {
        label: fw.category("Geschlecht", label)
        for label in ("weiblich", "männlich", "divers", "keine Angabe")
    }


def _number_post(fw, value, parts=None, *, action="save", comment=""):
    """A POST body for the "Vermittlungen" form: total and the gender breakdown by label."""
    data = {"value": value, "comment": comment, "action": action}
    for label, category in _gender(fw).items():
        data[f"breakdown_{category.pk}"] = (parts or {}).get(label, "")
    return data


@pytest.fixture
def placements(fw):
    indicator = fw.indicator("Vermittlungen")
    return indicator, fw.period(indicator, Q1_2025)


# --- "My reporting" ---------------------------------------------------------------------------


def test_partner_inbox_lists_what_their_organisation_reports(world, fw, client_for):
    response = client_for(world.partner).get(task_list_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vermittlungen \N{EN DASH} Q1 2025" in html
    assert "Fördermittel" in html  # only IQ Netzwerk reports it
    assert "Abgeschlossene Anerkennungsverfahren" not in html  # population indicator
    assert "Overdue" in html


def test_partner_inbox_leaves_out_other_organisations_indicators(world, fw, client_for):
    html = client_for(world.partner2).get(task_list_url(world)).content.decode()
    assert "Vermittlungen" in html
    assert "Fördermittel" not in html


def test_returned_value_shows_its_reason_in_the_inbox(world, fw, placements, client_for):
    indicator, period = placements
    submission = report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "3"},
        submit=True,
    )
    services.submission_return(
        acting_user=world.coordinator, submission=submission, reason="Bitte Q1 prüfen."
    )
    response = client_for(world.partner).get(task_list_url(world))
    groups = [(key, tasks) for key, tasks in response.context["groups"] if tasks]
    assert groups[0][0] == "returned"
    assert [t.submission.pk for t in groups[0][1]] == [submission.pk]
    assert "Bitte Q1 prüfen." in response.content.decode()


def test_inbox_has_an_empty_state(world, client_for):
    response = client_for(world.partner).get(task_list_url(world))
    assert response.status_code == 200
    assert "Nothing to report right now." in response.content.decode()


def test_coordinator_inbox_shows_population_indicators_and_the_review_queue(
    world, fw, placements, client_for
):
    indicator, period = placements
    report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "3"},
        submit=True,
    )
    response = client_for(world.coordinator).get(task_list_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Abgeschlossene Anerkennungsverfahren" in html
    assert "Vermittlungen" not in html
    assert response.context["review_count"] == 1
    assert review_list_url(world) in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("participant", 403), ("outsider", 404), ("other_coordinator", 404)],
)
def test_inbox_is_for_people_who_report(world, fw, client_for, role, status):
    assert client_for(world.user(role)).get(task_list_url(world)).status_code == status


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("coordinator", {"Reporting", "Impact"}),
        ("partner", {"Reporting", "Impact"}),
        ("viewer", {"Impact"}),
        ("participant", set()),
    ],
)
def test_navigation_shows_the_impact_pages_the_role_may_open(world, client_for, role, links):
    page = client_for(world.user(role)).get(
        reverse("initiatives:initiative-detail", kwargs=_slug(world))
    )
    nav = re.search(r'<nav class="initiative-nav".*?</nav>', page.content.decode(), re.S).group(0)
    shown = {label for label in ("Reporting", "Impact") if f">{label}</a>" in nav}
    assert shown == links


# --- The value form ---------------------------------------------------------------------------


def test_form_shows_definition_unit_and_one_input_per_category(world, fw, placements, client_for):
    indicator, period = placements
    response = client_for(world.partner).get(form_url(world, indicator, period))
    assert response.status_code == 200
    html = response.content.decode()
    assert indicator.definition in html
    assert "Personen" in html
    for category in _gender(fw).values():
        assert f'name="breakdown_{category.pk}"' in html
    assert "keine Angabe" in html


def test_full_reporting_cycle_over_http(world, fw, placements, client_for):
    indicator, period = placements
    url = form_url(world, indicator, period)
    partner = client_for(world.partner)

    # Save a draft; the breakdown can wait until it is submitted
    response = partner.post(url, _number_post(fw, "12", comment="Erster Stand"))
    assert response.status_code == 302
    submission = Submission.objects.get(indicator=indicator, period=period, is_current=True)
    assert submission.status == Status.DRAFT
    assert submission.value == 12

    # Submit with a complete breakdown
    body = _number_post(
        fw, "12,5", {"weiblich": "7", "männlich": "4,5", "keine Angabe": "1"}, action="submit"
    )
    response = partner.post(url, body)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["form"].dimension_errors,
    )
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert str(submission.value) == "12.50"

    # The coordinator returns it with a reason
    coordinator = client_for(world.coordinator)
    queue = coordinator.get(review_list_url(world))
    assert [s.pk for s in queue.context["page"]] == [submission.pk]
    response = coordinator.post(
        review_url(world, submission, "submission-return"), {"reason": "Männer prüfen."}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.return_reason) == (Status.RETURNED, "Männer prüfen.")

    # The partner sees the reason above the form and resubmits
    partner = client_for(world.partner)
    page = partner.get(url)
    assert "Männer prüfen." in page.content.decode()
    assert page.context["form"]["value"].value() == "12.5"  # English page; German: 12,5
    body = _number_post(
        fw, "12", {"weiblich": "7", "männlich": "4", "keine Angabe": "1"}, action="submit"
    )
    assert partner.post(url, body).status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED

    # The coordinator sees the history and approves
    coordinator = client_for(world.coordinator)
    detail = coordinator.get(review_url(world, submission))
    assert "Männer prüfen." in detail.content.decode()
    actions = [event.action for event in detail.context["history"]]
    assert actions == ["created", "updated", "submitted", "returned", "updated", "resubmitted"]
    assert coordinator.post(review_url(world, submission, "submission-approve")).status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.APPROVED

    # The partner sees it read-only, with a way to correct it
    page = client_for(world.partner).get(url)
    assert page.context["form"] is None
    assert "Start a correction" in page.content.decode()


def test_approved_value_can_be_corrected_from_the_form(world, fw, placements, client_for):
    indicator, period = placements
    approved = report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "3"},
        approve_by=world.coordinator,
    )
    client = client_for(world.partner)
    revise = reverse(
        "impact:submission-revise",
        kwargs={**_slug(world), "indicator_id": indicator.pk, "period_id": period.pk},
    )
    assert client.post(revise).status_code == 302
    draft = Submission.objects.get(indicator=indicator, period=period, is_current=True)
    assert (draft.revision, draft.status, draft.supersedes_id) == (2, Status.DRAFT, approved.pk)
    page = client.get(form_url(world, indicator, period))
    assert page.context["form"]["value"].value() == "3"
    assert "Correction in progress" in page.content.decode()


def test_htmx_error_answers_the_form_partial_with_422(world, fw, placements, client_for):
    indicator, period = placements
    response = client_for(world.partner).post(
        form_url(world, indicator, period), _number_post(fw, "zwölf"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert 'value="zwölf"' in html
    assert 'aria-invalid="true"' in html


def _bad_number_cases():
    return [
        pytest.param("save", "zwölf", {}, "value", "Please enter a number", id="not-a-number"),
        pytest.param("save", "", {}, "value", "Please enter a value", id="empty"),
        pytest.param("save", "-3", {}, "value", "cannot be negative", id="negative"),
        pytest.param("save", "3,456", {}, "value", "two digits", id="three-decimals"),
        pytest.param(
            "save",
            "5",
            {"weiblich": "x"},
            "breakdown_weiblich",
            "Please enter a number",
            id="bad-category",
        ),
        pytest.param(
            "save",
            "5",
            {"weiblich": "-1"},
            "breakdown_weiblich",
            "cannot be negative",
            id="negative-category",
        ),
        pytest.param(
            "save",
            "5",
            {"weiblich": "2"},
            "dimension",
            "add up to 2",
            id="does-not-add-up",
        ),
        pytest.param(
            "submit",
            "5",
            {},
            "dimension",
            "add up to 0",
            id="submit-without-breakdown",
        ),
    ]


@pytest.mark.parametrize(("action", "value", "parts", "field", "message"), _bad_number_cases())
def test_bad_input_reaches_its_field_with_422_and_nothing_is_saved(
    world, fw, placements, client_for, action, value, parts, field, message
):
    indicator, period = placements
    events = SubmissionEvent.objects.count()
    response = client_for(world.partner).post(
        form_url(world, indicator, period), _number_post(fw, value, parts, action=action)
    )
    assert response.status_code == 422
    form = response.context["form"]
    if field == "dimension":
        dimension = fw.dimensions["Geschlecht"]
        assert message in " ".join(form.dimension_errors[dimension.pk])
        assert f'id="dimension-{dimension.pk}-error"' in response.content.decode()
    else:
        label = field.removeprefix("breakdown_")
        if field.startswith("breakdown_"):
            field = f"breakdown_{_gender(fw)[label].pk}"
            assert form[field].value() == parts[label]  # what was typed stays
        assert message in " ".join(form.errors[field])
        assert f'id="id_{field}-error"' in response.content.decode()
    assert form["value"].value() == value
    assert not Submission.objects.filter(indicator=indicator, period=period).exists()
    assert SubmissionEvent.objects.count() == events


def test_failed_submit_of_an_existing_draft_keeps_the_draft_unchanged(
    world, fw, placements, client_for
):
    indicator, period = placements
    draft = report(indicator, period, by=world.partner, organisation=world.organisation, value="4")
    response = client_for(world.partner).post(
        form_url(world, indicator, period), _number_post(fw, "6", action="submit")
    )
    assert response.status_code == 422
    draft.refresh_from_db()
    assert (draft.status, draft.value) == (Status.DRAFT, 4)
    assert response.context["form"]["value"].value() == "6"


@pytest.fixture
def quota(fw):
    indicator = fw.indicator("Vermittlungsquote")
    return indicator, fw.period(indicator, Q2_2025)


def _fraction_post(fw, numerator, denominator, parts=None, action="save"):
    data = {"numerator": numerator, "denominator": denominator, "action": action}
    for label, category in _gender(fw).items():
        num, den = (parts or {}).get(label, ("", ""))
        data[f"breakdown_{category.pk}_numerator"] = num
        data[f"breakdown_{category.pk}_denominator"] = den
    return data


def test_percentage_is_entered_as_how_many_of_how_many(world, fw, quota, client_for):
    indicator, period = quota
    body = _fraction_post(
        fw, "12", "40", {"weiblich": ("5", "20"), "keine Angabe": ("7", "20")}, action="submit"
    )
    response = client_for(world.partner).post(form_url(world, indicator, period), body)
    assert response.status_code == 302
    submission = Submission.objects.get(indicator=indicator, period=period)
    assert (submission.numerator, submission.denominator, submission.status) == (
        12,
        40,
        Status.SUBMITTED,
    )
    assert Breakdown.objects.filter(submission=submission).count() == 2


@pytest.mark.parametrize(
    ("numerator", "denominator", "parts", "field", "message"),
    [
        ("41", "40", {}, "numerator", "cannot be more than"),
        ("", "40", {}, "numerator", "how many people or cases meet"),
        ("5", "", {}, "denominator", "how many people or cases there were"),
        ("5", "10", {"divers": ("1", "")}, "breakdown_divers_numerator", "both numbers"),
        ("5", "10", {"divers": ("3", "2")}, "breakdown_divers_numerator", "cannot be more than"),
    ],
)
def test_bad_percentage_input_reaches_its_field(
    world, fw, quota, client_for, numerator, denominator, parts, field, message
):
    indicator, period = quota
    if field.startswith("breakdown_"):
        field = f"breakdown_{fw.category('Geschlecht', 'divers').pk}_numerator"
    response = client_for(world.partner).post(
        form_url(world, indicator, period), _fraction_post(fw, numerator, denominator, parts)
    )
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["numerator"].value() == numerator
    assert not Submission.objects.filter(indicator=indicator, period=period).exists()


def test_partner_cannot_open_another_organisations_value_form(world, fw, client_for):
    indicator = fw.indicator("Fördermittel")  # reported by IQ Netzwerk only
    period = fw.period(indicator, Q1_2025)
    client = client_for(world.partner2)
    assert client.get(form_url(world, indicator, period)).status_code == 404
    assert client.post(form_url(world, indicator, period), {"value": "5"}).status_code == 404
    assert not Submission.objects.exists()


def test_partner_cannot_open_a_population_indicator_form(world, fw, client_for):
    indicator = fw.indicator("Dauer bis zum Bescheid")
    period = fw.period(indicator, Q1_2025)
    assert client_for(world.partner).get(form_url(world, indicator, period)).status_code == 404


def test_coordinator_enters_population_values(world, fw, client_for):
    indicator = fw.indicator("Dauer bis zum Bescheid")
    period = fw.period(indicator, Q1_2025)
    response = client_for(world.coordinator).post(
        form_url(world, indicator, period), {"value": "110", "action": "save"}
    )
    assert response.status_code == 302
    submission = Submission.objects.get(indicator=indicator, period=period)
    assert submission.organisation is None and submission.value == 110


def test_submitted_value_is_read_only_for_the_partner(world, fw, placements, client_for):
    indicator, period = placements
    breakdown = {fw.category("Geschlecht", "keine Angabe").pk: "3"}
    report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown=breakdown,
        submit=True,
    )
    client = client_for(world.partner)
    page = client.get(form_url(world, indicator, period))
    assert page.context["form"] is None
    assert "waiting for review" in page.content.decode()
    assert client.post(form_url(world, indicator, period), _number_post(fw, "9")).status_code == 403


# --- Review ------------------------------------------------------------------------------------


@pytest.fixture
def submitted(world, fw, placements):
    indicator, period = placements
    return report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={
            fw.category("Geschlecht", "weiblich").pk: "2",
            fw.category("Geschlecht", "keine Angabe").pk: "1",
        },
        submit=True,
    )


def test_review_queue_shows_organisation_indicator_period_value_and_breakdown(
    world, submitted, client_for
):
    response = client_for(world.coordinator).get(review_list_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("IQ Netzwerk", "Vermittlungen", "Q1 2025", "Geschlecht: weiblich", "keine Angabe"):
        assert text in html


def test_review_queue_has_an_empty_state(world, client_for):
    response = client_for(world.coordinator).get(review_list_url(world))
    assert "No values are waiting for review" in response.content.decode()


def test_return_without_reason_is_refused_at_the_field(world, submitted, client_for):
    response = client_for(world.coordinator).post(
        review_url(world, submitted, "submission-return"), {"reason": "   "}
    )
    assert response.status_code == 422
    assert "Please say what needs to change" in " ".join(response.context["form"].errors["reason"])
    assert 'id="id_reason-error"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_partner_cannot_open_the_review_queue(world, submitted, client_for):
    client = client_for(world.partner)
    assert client.get(review_list_url(world)).status_code == 403
    assert client.get(review_url(world, submitted)).status_code == 403
    assert client.post(review_url(world, submitted, "submission-approve")).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_submission_of_another_initiative_is_not_found(world, submitted, client_for):
    other = client_for(world.other_coordinator)
    url = reverse(
        "impact:submission-review",
        kwargs={"slug": world.other_initiative.slug, "pk": submitted.pk},
    )
    assert other.get(url).status_code == 404


def test_approving_twice_shows_a_message_instead_of_failing(world, submitted, client_for):
    client = client_for(world.coordinator)
    assert client.post(review_url(world, submitted, "submission-approve")).status_code == 302
    response = client.post(review_url(world, submitted, "submission-approve"), follow=True)
    assert "Only submitted values can be reviewed" in response.content.decode()


# --- The results framework ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("partner", 200), ("viewer", 200), ("participant", 403)],
)
def test_framework_page_per_role(world, fw, client_for, role, status):
    response = client_for(world.user(role)).get(framework_url(world))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Internationale Fachkräfte arbeiten qualifikationsadäquat" in html
        assert "Mehr Vermittlungen in passende Stellen" in html
        assert "Vermittlungen" in html and "quarterly" in html
        assert "No data yet" in html
        assert "How the status is determined" in html


def test_framework_page_shows_the_status_in_words(world, fw, placements, client_for):
    indicator, period = placements
    report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="100",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "100"},
        approve_by=world.coordinator,
    )
    html = client_for(world.viewer).get(framework_url(world)).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"Status: (On track|At risk|Off track)", text)


def test_framework_page_has_an_empty_state(world, client_for):
    html = client_for(world.viewer).get(framework_url(world)).content.decode()
    assert "has not been set up yet" in html


# --- Query guards --------------------------------------------------------------------------------


_batch = itertools.count()


def _grow_indicators(world, n):
    def grow():
        batch = next(_batch)
        builder = FrameworkBuilder(world.initiative).goal("Mehr").objective("Noch mehr")
        for i in range(n):
            builder.indicator(f"Kennzahl {i}", unit="Fälle").with_dimension(
                f"Alter {batch}", ["jung", "alt", "keine Angabe"]
            ).reported_by(world.organisation)
            builder.indicator(f"Bevölkerung {i}", scope="population")
        builder.build()

    return grow


def test_inbox_queries_do_not_grow_with_indicators(world, client_for):
    _grow_indicators(world, 3)()
    assert_same_queries(
        client_for(world.partner), task_list_url(world), _grow_indicators(world, 27)
    )


def test_coordinator_inbox_queries_do_not_grow_with_indicators(world, client_for):
    _grow_indicators(world, 3)()
    assert_same_queries(
        client_for(world.coordinator), task_list_url(world), _grow_indicators(world, 27)
    )


def test_framework_queries_do_not_grow_with_indicators(world, client_for):
    _grow_indicators(world, 3)()
    assert_same_queries(client_for(world.viewer), framework_url(world), _grow_indicators(world, 27))


def test_review_queue_queries_do_not_grow_with_submissions(world, client_for):
    framework = (
        FrameworkBuilder(world.initiative)
        .indicator("Beratungen", frequency="monthly")
        .with_dimension("Alter", ["jung", "alt", "keine Angabe"])
        .reported_by(world.organisation, world.organisation2)
        .build()
    )
    indicator = framework.indicator("Beratungen")
    periods = list(indicator.initiative.reporting_periods.filter(frequency="monthly"))
    unspecified = framework.category("Alter", "keine Angabe")
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
                    breakdown={unspecified.pk: "2"},
                    submit=True,
                )
            del slots[:n]

        return grow

    add(3)()
    assert_same_queries(client_for(world.coordinator), review_list_url(world), add(27))
    assert Submission.objects.filter(status=Status.SUBMITTED).count() == 30


def test_review_queue_shows_a_page_at_a_time_oldest_first_with_the_count(world, client_for):
    framework = (
        FrameworkBuilder(world.initiative)
        .indicator("Beratungen", frequency="monthly")
        .reported_by(world.organisation, world.organisation2)
        .build()
    )
    indicator = framework.indicator("Beratungen")
    periods = list(indicator.initiative.reporting_periods.filter(frequency="monthly"))
    slots = [
        (p, o, u)
        for p in periods
        for o, u in ((world.organisation, world.partner), (world.organisation2, world.partner2))
    ][:30]
    for period, organisation, user in slots:
        report(indicator, period, by=user, organisation=organisation, value="2", submit=True)
    client = client_for(world.coordinator)
    first = client.get(review_list_url(world))
    second = client.get(review_list_url(world), {"page": 2})
    queued = list(Submission.objects.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk"))
    assert [s.pk for s in first.context["page"]] == [s.pk for s in queued[:25]]
    assert [s.pk for s in second.context["page"]] == [s.pk for s in queued[25:]]
    html = first.content.decode()
    assert "30 values waiting for review" in html
    assert "Page 1 of 2" in html
    assert 'href="?page=2"' in html
    # A page number past the end shows the last page rather than an error.
    assert client.get(review_list_url(world), {"page": 9}).context["page"].number == 2


def test_partner_inbox_queries_do_not_grow_with_the_values(world, fw, client_for):
    indicator = fw.indicator("Vermittlungen")
    unspecified = fw.category("Geschlecht", "keine Angabe")
    periods = list(world.initiative.reporting_periods.filter(frequency="quarterly"))
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
                    breakdown={unspecified.pk: "2"},
                    submit=True,
                )
            del slots[:n]

        return grow

    add(2)()
    assert_same_queries(client_for(world.partner), task_list_url(world), add(18))


def test_locked_period_is_read_only(world, fw, placements, client_for):
    indicator, period = placements
    services.period_lock(acting_user=world.coordinator, period=period)
    client = client_for(world.partner)
    page = client.get(form_url(world, indicator, period))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "This period is locked" in page.content.decode()
    assert client.post(form_url(world, indicator, period), _number_post(fw, "3")).status_code == 403
    assert not Submission.objects.exists()


def test_a_draft_in_a_locked_period_cannot_be_discarded(world, fw, placements, client_for):
    indicator, period = placements
    draft = report(indicator, period, by=world.partner, organisation=world.organisation, value="3")
    services.period_lock(acting_user=world.coordinator, period=period)
    discard = reverse(
        "impact:submission-discard",
        kwargs={**_slug(world), "indicator_id": indicator.pk, "period_id": period.pk},
    )
    response = client_for(world.partner).post(discard, follow=True)
    assert "Q1 2025 is locked" in response.content.decode()
    assert "The draft has been discarded" not in response.content.decode()
    assert Submission.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()


@pytest.mark.parametrize("returned", [False, True])
def test_draft_in_a_locked_period_is_headed_by_its_status(
    world, fw, placements, client_for, returned
):
    indicator, period = placements
    submission = report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "3"},
        submit=returned,
    )
    if returned:
        services.submission_return(
            acting_user=world.coordinator, submission=submission, reason="Bitte prüfen"
        )
    services.period_lock(acting_user=world.coordinator, period=period)
    html = client_for(world.partner).get(form_url(world, indicator, period)).content.decode()
    heading = re.search(r'id="value-heading"[^>]*>([^<]*)<', html).group(1)
    assert heading == ("Value returned for revision" if returned else "Draft, not submitted")
    assert "waiting for review" not in html
    assert "The period is locked, so this value can no longer be submitted." in html


def test_values_of_a_locked_period_are_listed_as_locked_not_as_due(world, fw, client_for):
    indicator = fw.indicator("Vermittlungen")
    locked, running = fw.period(indicator, Q1_2025), fw.period(indicator, Q2_2025)
    services.period_lock(acting_user=world.coordinator, period=locked)
    html = client_for(world.partner).get(task_list_url(world)).content.decode()
    open_part, _sep, locked_part = html.partition('id="tasks-locked"')
    assert form_url(world, indicator, locked) not in open_part
    assert form_url(world, indicator, locked) in locked_part
    assert "values can no longer be entered or submitted there" in locked_part
    assert form_url(world, indicator, running) in open_part


def test_period_of_another_rhythm_is_not_found(world, fw, client_for):
    indicator = fw.indicator("Vermittlungen")  # quarterly
    monthly = fw.period("Abgeschlossene Anerkennungsverfahren", Q1_2025)
    assert client_for(world.partner).get(form_url(world, indicator, monthly)).status_code == 404


def test_discarding_a_correction_restores_the_approved_value(world, fw, placements, client_for):
    indicator, period = placements
    approved = report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "3"},
        approve_by=world.coordinator,
    )
    correction = services.submission_revise(acting_user=world.partner, submission=approved)
    client = client_for(world.partner)
    assert (
        "Discard the correction" in client.get(form_url(world, indicator, period)).content.decode()
    )
    discard = reverse(
        "impact:submission-discard",
        kwargs={**_slug(world), "indicator_id": indicator.pk, "period_id": period.pk},
    )
    assert client.post(discard).status_code == 302
    assert not Submission.objects.filter(pk=correction.pk).exists()
    approved.refresh_from_db()
    assert approved.is_current and approved.status == Status.APPROVED


def test_a_submitted_value_cannot_be_discarded(world, fw, placements, client_for):
    indicator, period = placements
    submitted = report(
        indicator,
        period,
        by=world.partner,
        organisation=world.organisation,
        value="3",
        breakdown={fw.category("Geschlecht", "keine Angabe").pk: "3"},
        submit=True,
    )
    discard = reverse(
        "impact:submission-discard",
        kwargs={**_slug(world), "indicator_id": indicator.pk, "period_id": period.pk},
    )
    response = client_for(world.partner).post(discard, follow=True)
    assert "Only drafts can be discarded" in response.content.decode()
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED
