"""The partnership pulse: anonymity by construction, one answer per person, results only from
three answers on and only after the round has closed, permissions, and the pages."""

import datetime
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination import selectors, services
from coordination.models import PulseAnswer, PulseParticipation, PulseRound
from core.charts import MUTED
from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from tests.coordination.pulse_builders import (
    answer,
    closed_round,
    extra_partners,
    move_to_past,
    open_round,
    ratings,
)

SVG = "{http://www.w3.org/2000/svg}"


def _round_url(w, round_, suffix=""):
    return reverse(
        f"coordination:pulse-{suffix or 'round-detail'}",
        kwargs={"slug": w.initiative.slug, "pk": round_.pk},
    )


# --- Anonymity ------------------------------------------------------------------------------


def test_answers_have_no_column_that_leads_to_a_person():
    columns = {field.column for field in PulseAnswer._meta.concrete_fields}
    assert columns == {
        "id",
        "round_id",
        "trust",
        "clarity",
        "transparency",
        "communication",
        "conflicts",
        "comment",
    }
    for field in PulseAnswer._meta.concrete_fields:
        if field.is_relation:
            assert field.related_model is PulseRound, field.name


def test_answer_and_participation_share_no_key_and_no_order(world):
    """Neither table has a timestamp or a counting key: rows cannot be paired by time."""
    for model in (PulseAnswer, PulseParticipation):
        names = {field.name for field in model._meta.concrete_fields}
        assert not names & {"created_at", "updated_at"}, model
        assert model._meta.pk.get_internal_type() == "UUIDField", model
    assert not any(
        field.is_relation and field.related_model is PulseAnswer
        for field in PulseParticipation._meta.concrete_fields
    )


def test_submitting_stores_the_answer_without_the_person(world):
    round_ = open_round(world)
    answer(round_, world.partner, 5, "Gute Zusammenarbeit.")
    stored = PulseAnswer.objects.get(round=round_)
    assert (stored.trust, stored.comment) == (5, "Gute Zusammenarbeit.")
    assert PulseParticipation.objects.filter(round=round_, user=world.partner).exists()
    audit = AuditEvent.objects.get(verb="pulse.answered")
    assert str(stored.pk) not in str(audit.data)
    assert set(audit.data) == {"pulse_round"}


def test_comments_come_in_an_order_that_is_not_the_order_of_answering(world):
    """Sorted by the random key: over several rounds, at least one comes out of sequence."""
    people = [world.partner, world.partner2, world.coordinator, *extra_partners(world, 5)]
    out_of_sequence = False
    for attempt in range(3):
        round_ = open_round(world, title=f"Reihenfolge {attempt}")
        texts = [f"Kommentar {i}" for i in range(len(people))]
        for user, text in zip(people, texts, strict=True):
            answer(round_, user, 4, text)
        services.pulse_round_close(acting_user=world.coordinator, pulse_round=round_)
        results = selectors.pulse_results_get(viewer=world.coordinator, pulse_round=round_)
        assert sorted(results.comments) == sorted(texts)
        out_of_sequence |= list(results.comments) != texts
    assert out_of_sequence


# --- One answer per person -------------------------------------------------------------------


def test_a_person_answers_a_round_only_once(world):
    round_ = open_round(world)
    answer(round_, world.partner, 4)
    with pytest.raises(ApplicationError, match="already answered"):
        answer(round_, world.partner, 1)
    assert PulseAnswer.objects.filter(round=round_).count() == 1
    assert PulseAnswer.objects.get(round=round_).trust == 4


def test_the_answer_page_refuses_a_second_answer(world, client_for):
    round_ = open_round(world)
    answer(round_, world.partner, 4)
    client = client_for(world.partner)
    page = client.get(_round_url(world, round_, "answer"))
    assert "You have already answered this round" in page.content.decode()
    response = client.post(_round_url(world, round_, "answer"), ratings(1))
    assert response.status_code == 302
    assert PulseAnswer.objects.filter(round=round_).count() == 1


def test_every_question_needs_a_value_from_1_to_5(world):
    round_ = open_round(world)
    with pytest.raises(ValidationError) as error:
        services.pulse_answer_submit(
            acting_user=world.partner,
            pulse_round=round_,
            ratings=ratings(4, trust=6, conflicts=""),
        )
    assert set(error.value.message_dict) == {"trust", "conflicts"}
    assert not PulseAnswer.objects.exists()
    assert not PulseParticipation.objects.exists()


def test_an_incomplete_answer_is_shown_again_with_its_message(world, client_for):
    round_ = open_round(world)
    data = {**ratings(3), "clarity": "", "comment": "Mein Kommentar"}
    response = client_for(world.partner).post(
        _round_url(world, round_, "answer"), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please choose a value from 1 to 5." in html
    assert "Mein Kommentar" in html
    assert 'value="3" id="id_trust_2" checked' in html
    assert not PulseAnswer.objects.exists()


def test_a_closed_or_upcoming_round_takes_no_answers(world):
    round_ = open_round(world)
    services.pulse_round_close(acting_user=world.coordinator, pulse_round=round_)
    with pytest.raises(ApplicationError, match="not open"):
        answer(round_, world.partner)
    later = services.pulse_round_open(
        acting_user=world.coordinator,
        initiative=world.initiative,
        title="Später",
        opens_on=timezone.localdate() + datetime.timedelta(days=30),
        closes_on=timezone.localdate() + datetime.timedelta(days=40),
    )
    with pytest.raises(ApplicationError, match="not open"):
        answer(later, world.partner)
    assert not PulseAnswer.objects.exists()


# --- The threshold -------------------------------------------------------------------------


def test_below_three_answers_only_the_count_is_shown(world, client_for):
    round_ = closed_round(world, [(world.partner, 1, "Wenig Vertrauen."), (world.partner2, 2, "")])
    results = selectors.pulse_results_get(viewer=world.coordinator, pulse_round=round_)
    assert (results.count, results.shown, results.comments) == (2, False, ())
    html = client_for(world.coordinator).get(_round_url(world, round_)).content.decode()
    assert "Too few answers yet" in html
    assert "Only 2 people answered this round" in html
    assert "Wenig Vertrauen" not in html


def test_from_three_answers_a_closed_round_shows_means_distribution_and_comments(world, client_for):
    round_ = closed_round(
        world,
        [(world.partner, 5, "Offen."), (world.partner2, 4, ""), (world.coordinator, 3, "Gut.")],
    )
    results = selectors.pulse_results_get(viewer=world.partner, pulse_round=round_)
    trust = results.questions[0]
    assert trust.question == "trust"
    assert trust.mean == pytest.approx(4.0)
    assert [count for _value, count, _share in trust.distribution] == [0, 0, 1, 1, 1]
    assert sorted(results.comments) == ["Gut.", "Offen."]
    html = client_for(world.partner).get(_round_url(world, round_)).content.decode()
    assert "Results per question" in html
    assert "Offen." in html


def test_an_open_round_shows_no_results_even_with_enough_answers(world, client_for):
    """Results while answers still come in would let anyone work out the latest answer."""
    round_ = open_round(world)
    for user in (world.partner, world.partner2, world.coordinator):
        answer(round_, user, 2, "Kommentar")
    results = selectors.pulse_results_get(viewer=world.coordinator, pulse_round=round_)
    assert (results.count, results.shown, results.comments) == (3, False, ())
    html = client_for(world.coordinator).get(_round_url(world, round_)).content.decode()
    assert "3 answers so far" in html
    assert "Kommentar" not in html


def test_the_trend_leaves_rounds_below_three_answers_without_a_value(world):
    people = [world.partner, world.partner2, world.coordinator]
    first = move_to_past(closed_round(world, [(p, 2, "") for p in people], title="Q1"), 30)
    second = move_to_past(closed_round(world, [(world.partner, 5, "")], title="Q2"), 10)
    open_round(world, title="Q3")
    points = selectors.pulse_trend_get(viewer=world.coordinator, initiative=world.initiative)
    assert [p.pulse_round for p in points] == [first, second]
    assert points[0].overall_mean == pytest.approx(2.0)
    assert points[1].overall_mean is None
    assert points[1].count == 1


def test_the_trend_needs_the_same_queries_for_few_and_many_rounds(world):
    people = [world.partner, world.partner2, world.coordinator]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.pulse_trend_get(viewer=world.coordinator, initiative=world.initiative)
        return len(ctx.captured_queries)

    closed_round(world, [(p, 3, "") for p in people])
    small = count()
    more = extra_partners(world, 6)
    for _ in range(5):
        closed_round(world, [(p, 4, "x") for p in people + more])
    assert count() == small


# --- Rounds ---------------------------------------------------------------------------------


def test_rounds_may_not_overlap_an_open_round(world):
    open_round(world, title="Q4 2026", days=20)
    with pytest.raises(ValidationError) as error:
        open_round(world, title="Q1 2027", days=10)
    assert "runs at the same time" in str(error.value.message_dict["opens_on"])


def test_a_round_needs_a_title_and_sensible_days(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.pulse_round_open(
            acting_user=world.coordinator,
            initiative=world.initiative,
            title=" ",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"title", "closes_on"}
    assert not PulseRound.objects.exists()


def test_the_suggested_title_is_the_quarter_or_the_next_free_one(world):
    day = datetime.date(2026, 11, 5)
    assert services.pulse_round_suggested_title(initiative=world.initiative, today=day) == (
        "Q4 2026"
    )
    open_round(world, title="Q4 2026")
    assert services.pulse_round_suggested_title(initiative=world.initiative, today=day) == (
        "Q1 2027"
    )


# --- Permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["partner", "viewer", "participant", "outsider"])
def test_only_the_backbone_office_opens_and_closes_rounds(world, role):
    with pytest.raises(PermissionDeniedError):
        services.pulse_round_open(
            acting_user=world.user(role),
            initiative=world.initiative,
            title="Q4",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )
    round_ = open_round(world)
    with pytest.raises(PermissionDeniedError):
        services.pulse_round_close(acting_user=world.user(role), pulse_round=round_)
    round_.refresh_from_db()
    assert round_.closed_at is None


@pytest.mark.parametrize("role", ["viewer", "participant", "outsider", "other_coordinator"])
def test_only_coordinators_and_partners_answer(world, role):
    round_ = open_round(world)
    with pytest.raises(PermissionDeniedError):
        answer(round_, world.user(role))
    assert not PulseAnswer.objects.exists()


def test_viewers_and_participants_see_no_results(world):
    round_ = closed_round(world, [(u, 3, "") for u in (world.partner, world.partner2)])
    for role in ("viewer", "participant", "outsider"):
        assert selectors.pulse_results_get(viewer=world.user(role), pulse_round=round_) is None
        assert not selectors.pulse_round_list(viewer=world.user(role), initiative=world.initiative)


def test_a_round_of_another_initiative_is_not_found(world, client_for):
    round_ = open_round(world)
    other = reverse(
        "coordination:pulse-round-detail",
        kwargs={"slug": world.other_initiative.slug, "pk": round_.pk},
    )
    assert client_for(world.other_coordinator).get(other).status_code == 404


# --- Pages ------------------------------------------------------------------------------------


def test_answering_through_the_page(world, client_for):
    round_ = open_round(world, title="Q4 2026")
    client = client_for(world.partner2)
    page = client.get(reverse("coordination:pulse-list", kwargs={"slug": world.initiative.slug}))
    assert "Answer now" in page.content.decode()
    form = client.get(_round_url(world, round_, "answer")).content.decode()
    assert form.count('<fieldset class="kern-fieldset pulse-question') == 5
    assert form.count('type="radio"') == 25
    response = client.post(
        _round_url(world, round_, "answer"), {**ratings(2), "comment": "Mehr Austausch!"}
    )
    assert response.status_code == 302
    assert PulseAnswer.objects.get(round=round_).comment == "Mehr Austausch!"
    page = client.get(reverse("coordination:pulse-list", kwargs={"slug": world.initiative.slug}))
    assert "You have answered this round" in page.content.decode()


def test_opening_and_closing_through_the_pages(world, client_for):
    client = client_for(world.coordinator)
    base = reverse("coordination:pulse-round-create", kwargs={"slug": world.initiative.slug})
    form = client.get(base).content.decode()
    assert 'name="title"' in form
    today = timezone.localdate()
    response = client.post(
        base,
        {
            "title": "Q4 2026",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=14)).isoformat(),
        },
    )
    round_ = PulseRound.objects.get(title="Q4 2026")
    assert response["Location"] == _round_url(world, round_)
    confirm = client.get(_round_url(world, round_, "round-close")).content.decode()
    assert "Closing cannot be undone" in confirm
    client.post(_round_url(world, round_, "round-close"))
    round_.refresh_from_db()
    assert round_.closed_at is not None


def test_the_pulse_page_shows_the_trend_and_an_empty_state(world, client_for):
    client = client_for(world.coordinator)
    url = reverse("coordination:pulse-list", kwargs={"slug": world.initiative.slug})
    assert "No round has been held yet" in client.get(url).content.decode()
    people = [world.partner, world.partner2, world.coordinator]
    move_to_past(closed_round(world, [(p, 3, "") for p in people], title="Q2 2026"), 20)
    html = client.get(url).content.decode()
    assert "Partnership pulse over time" in html
    assert "Mean per question and round" in html


def test_the_pulse_trend_axis_runs_along_the_scale_from_1_to_5(world, client_for):
    people = [world.partner, world.partner2, world.coordinator]
    move_to_past(closed_round(world, [(p, 3, "") for p in people], title="Q1 2026"), 40)
    move_to_past(closed_round(world, [(p, 4, "") for p in people], title="Q2 2026"), 20)
    url = reverse("coordination:pulse-list", kwargs={"slug": world.initiative.slug})
    chart = client_for(world.coordinator).get(url).context["chart"]

    def axis_labels(svg) -> list[str]:
        root = ElementTree.fromstring(str(svg))
        return [t.text for t in root.iter(f"{SVG}text") if t.get("fill") == MUTED]

    assert axis_labels(chart.svg) == ["1", "2", "3", "4", "5"]
    assert axis_labels(chart.svg_compact) == ["1", "3", "5"]


def test_the_pulse_page_needs_the_same_queries_for_few_and_many_rounds(world, client_for):
    client = client_for(world.coordinator)
    url = reverse("coordination:pulse-list", kwargs={"slug": world.initiative.slug})
    people = [world.partner, world.partner2, world.coordinator]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    move_to_past(closed_round(world, [(p, 3, "a") for p in people], title="Q1 2025"), 60)
    open_round(world, title="Offen")
    small = count()
    # More closed rounds with more answers, written directly (an open round is running).
    today = timezone.localdate()
    for n in range(6):
        round_ = PulseRound.objects.create(
            initiative=world.initiative,
            title=f"Alt {n}",
            opens_on=today - datetime.timedelta(weeks=50 - n * 5),
            closes_on=today - datetime.timedelta(weeks=49 - n * 5),
        )
        PulseAnswer.objects.bulk_create(
            PulseAnswer(round=round_, comment="b", **ratings(1 + i % 5)) for i in range(12)
        )
    assert count() == small
