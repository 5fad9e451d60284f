"""Writes of activities and output logs: rules, messages, audit rows; nothing saved on error."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordination import services
from coordination.models import Activity, OutputBreakdown, OutputLog
from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from impact import services as impact_services
from tests.coordination.builders import START, other_objective

pytestmark = pytest.mark.django_db


def _fields(acts, **overrides):
    fields = {
        "title": "Sprachcafé",
        "contribution_kind": "complement",
        "objectives": [acts.advice],
        "start_date": START,
    }
    return {**fields, **overrides}


def _create(world, acts, **overrides):
    return services.activity_create(
        acting_user=world.partner, initiative=world.initiative, **_fields(acts, **overrides)
    )


def _errors(excinfo) -> dict:
    return {
        key: [m for e in errors for m in e.messages]
        for key, errors in excinfo.value.error_dict.items()
    }


# --- Activities ----------------------------------------------------------------------------


def test_partner_registers_activity_for_own_organisation_with_audit_row(world, acts):
    activity = _create(world, acts, objectives=[acts.advice.pk, acts.women])
    assert activity.organisation == world.organisation
    assert activity.created_by == world.partner
    assert set(activity.objectives.all()) == {acts.advice, acts.women}
    event = AuditEvent.objects.get(verb="activity.created", data__activity=activity.pk)
    assert event.actor == world.partner and event.initiative_id == world.initiative.pk


def test_objective_of_another_initiative_is_refused_and_nothing_saved(world, acts):
    foreign = other_objective(world)
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(world, acts, objectives=[acts.advice, foreign])
    assert _errors(excinfo) == {"objectives": ["Please choose only objectives of this initiative."]}
    assert Activity.objects.count() == before


def test_activity_needs_title_kind_objective_and_start(world, acts):
    with pytest.raises(ValidationError) as excinfo:
        _create(world, acts, title="  ", contribution_kind="", objectives=[], start_date=None)
    assert _errors(excinfo) == {
        "title": ["Please give the activity a title."],
        "contribution_kind": ["Please choose how the activity reinforces the others."],
        "objectives": ["Please choose at least one objective that the activity serves."],
        "start_date": ["Please enter when the activity starts."],
    }


def test_end_before_start_is_refused(world, acts):
    with pytest.raises(ValidationError) as excinfo:
        _create(world, acts, end_date=START - datetime.timedelta(days=1))
    assert _errors(excinfo) == {"end_date": ["The end cannot be before the start."]}
    assert not Activity.objects.filter(title="Sprachcafé").exists()


def test_database_refuses_end_before_start_too(world, acts):
    activity = acts.activity
    activity.end_date = activity.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


@pytest.mark.parametrize("role", ["coordinator", "viewer", "participant", "outsider"])
def test_only_partner_members_register_activities(world, acts, role):
    with pytest.raises(PermissionDeniedError):
        services.activity_create(
            acting_user=world.user(role), initiative=world.initiative, **_fields(acts)
        )
    assert not Activity.objects.filter(title="Sprachcafé").exists()


def test_partner_cannot_register_for_another_organisation(world, acts):
    with pytest.raises(PermissionDeniedError):
        services.activity_create(
            acting_user=world.partner,
            initiative=world.initiative,
            organisation=world.organisation2,
            **_fields(acts),
        )


def test_partner2_cannot_change_or_delete_partners_activity(world, acts):
    with pytest.raises(PermissionDeniedError):
        services.activity_update(acting_user=world.partner2, activity=acts.activity, title="X")
    with pytest.raises(PermissionDeniedError):
        services.activity_delete(acting_user=world.partner2, activity=acts.activity)
    acts.activity.refresh_from_db()
    assert acts.activity.title == "Anerkennungsberatung"


def test_update_changes_only_given_fields_and_records_what_changed(world, acts):
    services.activity_update(
        acting_user=world.partner, activity=acts.activity, place="online", objectives=[acts.women]
    )
    acts.activity.refresh_from_db()
    assert acts.activity.place == "online"
    assert acts.activity.title == "Anerkennungsberatung"
    assert list(acts.activity.objectives.all()) == [acts.women]
    event = AuditEvent.objects.filter(verb="activity.updated").latest("pk")
    assert event.data["changed"] == ["place", "objectives"]
    assert event.data["correction_by_backbone_office"] is False


def test_refused_update_saves_nothing(world, acts):
    with pytest.raises(ValidationError):
        services.activity_update(
            acting_user=world.partner,
            activity=acts.activity,
            title="Neu",
            end_date=START - datetime.timedelta(days=3),
        )
    acts.activity.refresh_from_db()
    assert acts.activity.title == "Anerkennungsberatung"


def test_coordinator_deletes_activity_with_its_logs_and_an_audit_row(world, acts):
    services.activity_delete(acting_user=world.coordinator, activity=acts.activity)
    assert not OutputLog.objects.exists()
    event = AuditEvent.objects.get(verb="activity.deleted")
    assert event.actor == world.coordinator
    assert event.data["title"] == "Anerkennungsberatung" and event.data["logs"] == 1


def test_status_follows_the_dates(world, acts):
    activity = acts.activity
    today = timezone.localdate()
    activity.start_date, activity.end_date = today + datetime.timedelta(days=1), None
    assert activity.status == Activity.Status.PLANNED
    activity.start_date = today
    assert activity.status == Activity.Status.RUNNING
    activity.start_date, activity.end_date = START, today - datetime.timedelta(days=1)
    assert activity.status == Activity.Status.COMPLETED


# --- Output logs ---------------------------------------------------------------------------


def _log(world, acts, user=None, **fields):
    values = {"date": datetime.date(2025, 4, 1), "people_reached": "12", **fields}
    return services.output_log_create(
        acting_user=user or world.partner, activity=acts.activity, **values
    )


def test_unassigned_people_are_counted_as_not_specified(world, acts):
    log = _log(
        world,
        acts,
        breakdown={acts.category["weiblich"].pk: "5", acts.category["männlich"]: 4},
    )
    rows = {row.category.label: row.value for row in log.breakdowns.all()}
    assert rows == {"weiblich": 5, "männlich": 4, "keine Angabe": 3}


def test_breakdown_exceeding_the_total_is_refused_and_nothing_saved(world, acts):
    before = (OutputLog.objects.count(), OutputBreakdown.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        _log(
            world,
            acts,
            people_reached=5,
            breakdown={acts.category["weiblich"].pk: 4, acts.category["divers"].pk: 2},
        )
    assert _errors(excinfo) == {
        f"dimension_{acts.gender.pk}": [
            "Geschlecht: the categories add up to 6 people, more than the 5 people reached."
        ]
    }
    assert (OutputLog.objects.count(), OutputBreakdown.objects.count()) == before


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ("-3", "The number of people cannot be negative."),
        ("2,5", "Please enter a whole number of people, e.g. 12."),
        ("viele", "Please enter a number, for example 12 or 12,5."),
        ("", "Please enter how many people were reached."),
    ],
)
def test_people_reached_must_be_a_whole_non_negative_number(world, acts, people, message):
    before = OutputLog.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _log(world, acts, people_reached=people)
    assert _errors(excinfo) == {"people_reached": [message]}
    assert OutputLog.objects.count() == before


def test_negative_breakdown_value_is_refused(world, acts):
    with pytest.raises(ValidationError) as excinfo:
        _log(world, acts, breakdown={acts.category["weiblich"].pk: "-1"})
    key = f"breakdown_{acts.category['weiblich'].pk}"
    assert _errors(excinfo) == {key: ["The number of people cannot be negative."]}


def test_category_of_another_initiative_is_refused(world, acts):
    with pytest.raises(ValidationError) as excinfo:
        _log(world, acts, breakdown={999999: 2})
    assert _errors(excinfo) == {
        "breakdown": ["This breakdown category does not belong to the initiative."]
    }


def test_future_date_is_refused(world, acts):
    with pytest.raises(ValidationError) as excinfo:
        _log(world, acts, date=timezone.localdate() + datetime.timedelta(days=1))
    assert list(_errors(excinfo)) == ["date"]


def test_database_refuses_negative_people(world, acts):
    with pytest.raises(IntegrityError), transaction.atomic():
        OutputLog.objects.filter(pk=acts.log.pk).update(people_reached=-1)


@pytest.mark.parametrize("role", ["coordinator", "partner2", "viewer", "participant"])
def test_only_the_organisations_members_log_outputs(world, acts, role):
    with pytest.raises(PermissionDeniedError):
        _log(world, acts, user=world.user(role))


def test_coordinator_corrects_a_log_and_the_breakdown_is_checked_again(world, acts):
    with pytest.raises(ValidationError) as excinfo:
        services.output_log_update(acting_user=world.coordinator, log=acts.log, people_reached=4)
    assert list(_errors(excinfo)) == [f"dimension_{acts.gender.pk}"]
    log = services.output_log_update(acting_user=world.coordinator, log=acts.log, people_reached=14)
    rows = {row.category.label: row.value for row in log.breakdowns.all()}
    assert rows == {"weiblich": 6, "keine Angabe": 8}
    event = AuditEvent.objects.filter(verb="output_log.updated").latest("pk")
    assert event.actor == world.coordinator
    assert event.data["correction_by_backbone_office"] is True


def test_lowering_people_reached_recomputes_the_not_specified_remainder(world, acts):
    # Stored: weiblich 6 and the automatic "keine Angabe" 4 of 10 people.
    log = services.output_log_update(acting_user=world.partner, log=acts.log, people_reached=8)
    rows = {row.category.label: row.value for row in log.breakdowns.all()}
    assert rows == {"weiblich": 6, "keine Angabe": 2}
    log = services.output_log_update(acting_user=world.partner, log=log, people_reached=6)
    assert {row.category.label: row.value for row in log.breakdowns.all()} == {"weiblich": 6}
    # Raising it again gives the remainder back to "keine Angabe", the dimension is kept.
    log = services.output_log_update(acting_user=world.partner, log=log, people_reached=9)
    rows = {row.category.label: row.value for row in log.breakdowns.all()}
    assert rows == {"weiblich": 6, "keine Angabe": 3}


def test_a_log_broken_down_only_as_not_specified_keeps_its_dimension(world, acts):
    unspecified = acts.category["keine Angabe"]
    log = services.output_log_update(
        acting_user=world.partner, log=acts.log, breakdown={unspecified.pk: 10}
    )
    log = services.output_log_update(acting_user=world.partner, log=log, people_reached=7)
    assert {row.category.label: row.value for row in log.breakdowns.all()} == {"keine Angabe": 7}


def test_partner2_cannot_change_or_delete_partners_log(world, acts):
    with pytest.raises(PermissionDeniedError):
        services.output_log_update(acting_user=world.partner2, log=acts.log, people_reached=1)
    with pytest.raises(PermissionDeniedError):
        services.output_log_delete(acting_user=world.partner2, log=acts.log)
    assert OutputLog.objects.filter(pk=acts.log.pk, people_reached=10).exists()


def test_partner_deletes_own_log_with_audit_row(world, acts):
    services.output_log_delete(acting_user=world.partner, log=acts.log)
    assert not OutputLog.objects.filter(pk=acts.log.pk).exists()
    assert AuditEvent.objects.filter(verb="output_log.deleted", actor=world.partner).exists()


def test_a_category_used_only_by_output_logs_cannot_be_deleted(world, acts):
    with pytest.raises(ApplicationError, match="cannot be deleted"):
        impact_services.category_delete(
            acting_user=world.coordinator, category=acts.category["weiblich"]
        )
    with pytest.raises(ApplicationError, match="cannot be deleted"):
        impact_services.dimension_delete(acting_user=world.coordinator, dimension=acts.gender)
    assert acts.gender.categories.filter(label="weiblich").exists()
