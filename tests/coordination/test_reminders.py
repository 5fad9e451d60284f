"""The reminder sweep: who gets which reminder, in which language, and each exactly once.

The sweep runs in-process here (eager Celery, locmem mail); `test_reminder_worker.py` runs it
with a real worker on Redis.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coordination import reminders, services
from coordination.models import ActionItem, Meeting
from coordination.tasks import send_reminders
from core.models import EmailOutbox
from impact.selectors import reporting_task_list
from initiatives.models import Role
from tests.coordination.meeting_builders import make_overdue, meeting_world
from tests.factories import MembershipFactory, UserFactory
from tests.impact.builders import FrameworkBuilder, report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _sweep(capture, today=None) -> int:
    with capture(execute=True):
        return reminders.reminders_send(today=today)


def _recipients(kind: str) -> set[str]:
    return set(
        EmailOutbox.objects.filter(key__startswith=f"reminder:{kind}:").values_list(
            "to_email", flat=True
        )
    )


def _tomorrow_at(hour: int) -> datetime.datetime:
    day = TODAY() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _meeting_tomorrow(world, **fields) -> Meeting:
    fields = {
        "title": "Partnertreffen Frühjahr",
        "starts_at": _tomorrow_at(10),
        "duration_minutes": 90,
        "format": "hybrid",
        "location": "Rathaus Mitte, Raum 4",
        "online_url": "https://meet.example.org/fruehjahr",
        **fields,
    }
    meeting = services.meeting_create(
        acting_user=world.coordinator, initiative=world.initiative, **fields
    )
    services.agenda_item_create(
        acting_user=world.coordinator, meeting=meeting, title="Matching-Veranstaltung"
    )
    return meeting


def _action_item(world, *, due_in_days: int, **who) -> ActionItem:
    item = services.action_item_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        title="Raum reservieren",
        due_date=TODAY() + datetime.timedelta(days=max(due_in_days, 1)),
        **who,
    )
    if due_in_days < 1:
        item = make_overdue(item, days=-due_in_days)
    return item


# --- Action items ----------------------------------------------------------------------------


def test_action_item_due_tomorrow_reminds_the_person_once(
    world, django_capture_on_commit_callbacks
):
    _action_item(world, due_in_days=1, assignee=world.partner)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    assert _sweep(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["partner@example.org"]
    assert "Due tomorrow" in message.subject
    assert "Raum reservieren" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Raum reservieren" in html


def test_overdue_organisation_item_reminds_its_members_only(
    world, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="colleague@example.org", language="en")
    MembershipFactory(
        user=colleague,
        initiative=world.initiative,
        role=Role.PARTNER,
        organisation=world.organisation2,
    )
    _action_item(world, due_in_days=-2, organisation=world.organisation2)
    _sweep(django_capture_on_commit_callbacks)
    assert _recipients("action-overdue") == {"partner2@example.org", "colleague@example.org"}
    assert all("Overdue" in m.subject for m in mail.outbox)


def test_items_due_today_done_or_long_overdue_are_not_reminded(
    world, django_capture_on_commit_callbacks
):
    ActionItem.objects.filter(
        pk=_action_item(world, due_in_days=1, assignee=world.partner).pk
    ).update(due_date=TODAY())
    done = _action_item(world, due_in_days=1, assignee=world.partner)
    services.action_item_set_status(acting_user=world.partner, item=done, status="done")
    _action_item(world, due_in_days=-(reminders.CATCH_UP_DAYS + 1), assignee=world.partner)
    assert _sweep(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_action_item_reminders_switched_off(world, django_capture_on_commit_callbacks):
    world.partner.remind_action_items = False
    world.partner.save()
    _action_item(world, due_in_days=1, assignee=world.partner)
    assert _sweep(django_capture_on_commit_callbacks) == 0


def test_changed_due_date_is_reminded_again(world, django_capture_on_commit_callbacks):
    """The key holds the due date: a postponed item is reminded before its new date."""
    item = _action_item(world, due_in_days=1, assignee=world.partner)
    _sweep(django_capture_on_commit_callbacks)
    ActionItem.objects.filter(pk=item.pk).update(due_date=TODAY() + datetime.timedelta(days=5))
    later = TODAY() + datetime.timedelta(days=4)
    assert _sweep(django_capture_on_commit_callbacks, today=later) == 1
    assert EmailOutbox.objects.filter(to_email="partner@example.org").count() == 2


# --- Meetings --------------------------------------------------------------------------------


def test_meeting_tomorrow_reminds_every_reader_with_the_invitation(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting_tomorrow(world)
    meeting_world(world)  # a past and a later meeting: not reminded
    _sweep(django_capture_on_commit_callbacks)
    # Participants do not see the initiative's meetings; other initiatives' people are not asked.
    assert _recipients("meeting") == {
        "coordinator@example.org",
        "partner@example.org",
        "partner2@example.org",
        "viewer@example.org",
    }
    message = next(m for m in mail.outbox if m.to == ["viewer@example.org"])
    assert "Partnertreffen Frühjahr" in message.subject
    assert "Matching-Veranstaltung" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    assert f"UID:meeting-{meeting.pk}@" in content
    assert "METHOD:PUBLISH" in content


def test_meeting_reminder_in_the_recipients_language(world, django_capture_on_commit_callbacks):
    world.viewer.language = "de"
    world.viewer.save()
    world.partner.language = "en"
    world.partner.save()
    _meeting_tomorrow(world)
    _sweep(django_capture_on_commit_callbacks)
    german = EmailOutbox.objects.get(to_email="viewer@example.org")
    english = EmailOutbox.objects.get(to_email="partner@example.org")
    assert german.language == "de"
    assert "An der Videokonferenz teilnehmen" in german.html_body
    assert "Join the video meeting" in english.html_body


def test_cancelled_meeting_and_switched_off_people_get_no_reminder(
    world, django_capture_on_commit_callbacks
):
    cancelled = _meeting_tomorrow(world, title="Abgesagt")
    services.meeting_cancel(acting_user=world.coordinator, meeting=cancelled)
    world.viewer.remind_meetings = False
    world.viewer.save()
    _meeting_tomorrow(world, title="Findet statt")
    _sweep(django_capture_on_commit_callbacks)
    assert "viewer@example.org" not in _recipients("meeting")
    assert all("Abgesagt" not in m.subject for m in mail.outbox)
    assert len(mail.outbox) == 3


def test_sweep_task_runs_the_sweep(world, django_capture_on_commit_callbacks):
    _meeting_tomorrow(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.delay().get() == 4
        assert send_reminders.delay().get() == 0
    assert len(mail.outbox) == 4


# --- Reporting -------------------------------------------------------------------------------


@pytest.fixture
def values_due(world):
    """A quarterly indicator reported by IQ Netzwerk (the partner) and IHK Berlin (partner2),
    and the due date of its latest finished quarter."""
    framework = (
        FrameworkBuilder(world.initiative)
        .indicator("Vermittlungen", frequency="quarterly")
        .reported_by(world.organisation, world.organisation2)
        .build()
    )
    tasks = reporting_task_list(viewer=world.coordinator, initiative=world.initiative)
    latest_end = max(t.period.end for t in tasks if t.period.end < TODAY())
    due = next(t for t in tasks if t.period.end == latest_end).due_date
    return framework, due


def test_values_due_soon_remind_the_partner_members(
    world, values_due, django_capture_on_commit_callbacks
):
    _framework, due = values_due
    day = due - datetime.timedelta(days=reminders.DUE_SOON_DAYS)
    _sweep(django_capture_on_commit_callbacks, today=day)
    assert _recipients("reporting-due") == {"partner@example.org", "partner2@example.org"}
    message = next(m for m in mail.outbox if m.to == ["partner@example.org"])
    assert "1 value is due" in message.subject
    assert "IQ Netzwerk" in message.body
    assert "Vermittlungen" in message.body
    # The next days of the window find the same reminder: nothing new.
    assert _sweep(django_capture_on_commit_callbacks, today=day + datetime.timedelta(days=1)) == 0


def test_submitted_values_are_not_reminded(world, values_due, django_capture_on_commit_callbacks):
    framework, due = values_due
    indicator = framework.indicator("Vermittlungen")
    period = framework.period(indicator, due - datetime.timedelta(days=40))
    report(
        indicator, period, by=world.partner, organisation=world.organisation, value=3, submit=True
    )
    _sweep(django_capture_on_commit_callbacks, today=due - datetime.timedelta(days=1))
    assert _recipients("reporting-due") == {"partner2@example.org"}


def test_overdue_values_remind_partners_then_escalate_to_coordinators(
    world, values_due, django_capture_on_commit_callbacks
):
    _framework, due = values_due
    _sweep(django_capture_on_commit_callbacks, today=due + datetime.timedelta(days=1))
    assert _recipients("reporting-overdue") == {"partner@example.org", "partner2@example.org"}
    assert _recipients("reporting-escalated") == set()
    escalation_day = due + datetime.timedelta(days=reminders.ESCALATE_AFTER_DAYS)
    _sweep(django_capture_on_commit_callbacks, today=escalation_day)
    # One e-mail per organisation to the coordinator, naming it.
    escalated = EmailOutbox.objects.filter(key__startswith="reminder:reporting-escalated:")
    assert {row.to_email for row in escalated} == {"coordinator@example.org"}
    assert {
        ("IQ Netzwerk" in row.text_body, "IHK Berlin" in row.text_body) for row in escalated
    } == {
        (True, False),
        (False, True),
    }
    assert _sweep(django_capture_on_commit_callbacks, today=escalation_day) == 0


@pytest.mark.parametrize("without", ["inactive", "left"])
def test_partners_are_reminded_when_the_initiative_has_no_active_coordinator(
    world, values_due, without, django_capture_on_commit_callbacks
):
    _framework, due = values_due
    if without == "inactive":
        world.coordinator.is_active = False
        world.coordinator.save()
    else:
        world.initiative.memberships.filter(role=Role.COORDINATOR).delete()
    _sweep(django_capture_on_commit_callbacks, today=due - datetime.timedelta(days=1))
    assert _recipients("reporting-due") == {"partner@example.org", "partner2@example.org"}
    message = next(m for m in mail.outbox if m.to == ["partner@example.org"])
    assert "IQ Netzwerk" in message.body and "IHK Berlin" not in message.body
    # Nobody to escalate to: the partners are reminded, nobody else.
    escalation_day = due + datetime.timedelta(days=reminders.ESCALATE_AFTER_DAYS)
    _sweep(django_capture_on_commit_callbacks, today=escalation_day)
    assert _recipients("reporting-escalated") == set()


def test_escalation_goes_only_to_coordinators_with_reporting_reminders_on(
    world, values_due, django_capture_on_commit_callbacks
):
    _framework, due = values_due
    second = UserFactory(email="coordinator2@example.org", remind_reporting=False)
    MembershipFactory(user=second, initiative=world.initiative, role=Role.COORDINATOR)
    escalation_day = due + datetime.timedelta(days=reminders.ESCALATE_AFTER_DAYS)
    _sweep(django_capture_on_commit_callbacks, today=escalation_day)
    assert _recipients("reporting-escalated") == {"coordinator@example.org"}


@pytest.mark.parametrize("status", ["paused", "completed"])
def test_paused_or_completed_initiatives_send_no_reporting_reminders(
    world, values_due, status, django_capture_on_commit_callbacks
):
    _framework, due = values_due
    world.initiative.status = status
    world.initiative.save()
    _sweep(django_capture_on_commit_callbacks, today=due - datetime.timedelta(days=1))
    _sweep(django_capture_on_commit_callbacks, today=due + datetime.timedelta(days=1))
    assert not EmailOutbox.objects.filter(key__startswith="reminder:reporting-").exists()


def test_reporting_reminders_switched_off(world, values_due, django_capture_on_commit_callbacks):
    _framework, due = values_due
    world.partner.remind_reporting = False
    world.partner.save()
    _sweep(django_capture_on_commit_callbacks, today=due)
    assert _recipients("reporting-due") == {"partner2@example.org"}


def test_reminder_keys_name_kind_thing_day_and_person(world):
    item = _action_item(world, due_in_days=1, assignee=world.partner)
    (reminder,) = reminders.reminder_list()
    assert reminder.key == (
        f"reminder:action-due:action-item-{item.pk}:{item.due_date.isoformat()}:{world.partner.pk}"
    )


def test_beat_runs_the_sweep_every_quarter_hour_in_the_daytime():
    from config.celery import app

    entry = app.conf.beat_schedule["coordination.send-reminders"]
    assert entry["task"] == send_reminders.name
    schedule = entry["schedule"]
    assert schedule.minute == {0, 15, 30, 45}
    assert schedule.hour == set(range(7, 20))
