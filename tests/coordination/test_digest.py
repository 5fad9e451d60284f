"""The e-mail digest: periods, exactly once per person and period, nothing when nothing is new,
the person's language and frequency, and the beat task."""

import datetime

import pytest
from django.utils import timezone

from config.celery import app
from coordination import digest
from coordination.digest import Outcome, digest_period, digest_send, digest_sweep
from coordination.models import Notification
from coordination.notifications import notify
from coordination.tasks import send_digests
from core.models import EmailOutbox


def _at(day: int, hour: int, month: int = 12) -> datetime.datetime:
    """A moment in December 2026 (Tuesday the 1st), local time."""
    return timezone.make_aware(datetime.datetime(2026, month, day, hour, 0))


def _notify_at(world, user, when, text="Neue Nachricht"):
    (notification,) = notify(
        recipients=[user],
        kind="test",
        text=text,
        url=f"/initiativen/{world.initiative.slug}/neuigkeiten/",
        initiative=world.initiative,
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=when)
    return notification


def _frequency(user, value):
    user.digest_frequency = value
    user.save(update_fields=["digest_frequency"])


def _mails(user):
    return EmailOutbox.objects.filter(to_email=user.email)


# --- periods ----------------------------------------------------------------------------------


def test_daily_period_runs_from_seven_to_seven():
    period = digest_period("daily", _at(2, 9))
    assert (period.start, period.end) == (_at(1, 7), _at(2, 7))
    before_seven = digest_period("daily", _at(2, 6))
    assert (before_seven.start, before_seven.end) == (_at(30, 7, month=11), _at(1, 7))


def test_weekly_period_ends_on_monday_morning():
    # 2026-12-07 is a Monday.
    period = digest_period("weekly", _at(9, 12))
    assert (period.start, period.end) == (_at(30, 7, month=11), _at(7, 7))
    assert digest_period("weekly", _at(7, 6)).end == _at(30, 7, month=11)


def test_no_period_when_switched_off():
    assert digest_period("off", _at(2, 9)) is None


def test_weekly_is_the_default(world):
    assert world.partner.digest_frequency == "weekly"


# --- sending ----------------------------------------------------------------------------------


def test_digest_lists_the_periods_unread_notifications_once(world):
    _frequency(world.partner, "daily")
    first = _notify_at(world, world.partner, _at(1, 10), "Erste Nachricht")
    _notify_at(world, world.partner, _at(1, 12), "Zweite Nachricht")
    read = _notify_at(world, world.partner, _at(1, 13), "Schon gelesen")
    Notification.objects.filter(pk=read.pk).update(read_at=_at(1, 14))
    later = _notify_at(world, world.partner, _at(2, 8), "Nach dem Stichtag")

    assert digest_sweep(now=_at(2, 7)) == 1
    mail = _mails(world.partner).get()
    assert mail.key == f"digest:{world.partner.pk}:daily:2026-12-02"
    assert "Erste Nachricht" in mail.text_body and "Zweite Nachricht" in mail.html_body
    assert "Schon gelesen" not in mail.text_body and "Nach dem Stichtag" not in mail.text_body
    assert f"/benachrichtigungen/{first.pk}/" in mail.text_body
    assert "Fachkräfte Berlin" in mail.html_body
    assert "2 new notifications" in mail.subject
    assert Notification.objects.filter(digested_at__isnull=False).count() == 2
    later.refresh_from_db()
    assert later.digested_at is None


def test_sweep_twice_in_the_same_period_sends_once(world):
    _frequency(world.partner, "daily")
    _notify_at(world, world.partner, _at(1, 10))
    assert digest_sweep(now=_at(2, 7)) == 1
    # A notification of the ended period that arrives late (or a second beat) changes nothing.
    _notify_at(world, world.partner, _at(1, 23))
    assert digest_sweep(now=_at(2, 8)) == 0
    assert digest_send(user_id=world.partner.pk, now=_at(2, 9)) == Outcome.DONE
    assert _mails(world.partner).count() == 1
    # The late one is not marked as sent without an e-mail that lists it.
    assert Notification.objects.filter(digested_at__isnull=True).count() == 1


def test_retried_task_after_a_crash_sends_once(world, monkeypatch):
    """A worker that dies after enqueuing but before marking rolls the transaction back; the
    retry then sends the digest (once)."""
    _frequency(world.partner, "daily")
    _notify_at(world, world.partner, _at(1, 10))
    real_update = digest.Notification.objects.filter

    def crash(*args, **kwargs):
        if "pk__in" in kwargs:
            raise RuntimeError("worker lost")
        return real_update(*args, **kwargs)

    monkeypatch.setattr(digest.Notification.objects, "filter", crash)
    with pytest.raises(RuntimeError):
        digest_send(user_id=world.partner.pk, now=_at(2, 7))
    monkeypatch.undo()
    assert not _mails(world.partner).exists()
    assert digest_send(user_id=world.partner.pk, now=_at(2, 7)) == Outcome.SENT
    assert digest_send(user_id=world.partner.pk, now=_at(2, 7)) == Outcome.DONE
    assert _mails(world.partner).count() == 1


def test_next_period_brings_a_new_digest(world):
    _frequency(world.partner, "daily")
    _notify_at(world, world.partner, _at(1, 10))
    _notify_at(world, world.partner, _at(2, 10))
    digest_sweep(now=_at(2, 7))
    digest_sweep(now=_at(3, 7))
    assert sorted(_mails(world.partner).values_list("key", flat=True)) == [
        f"digest:{world.partner.pk}:daily:2026-12-02",
        f"digest:{world.partner.pk}:daily:2026-12-03",
    ]


def test_switching_from_weekly_to_daily_sends_what_the_week_collected(world):
    # Weekly by default; a notification on Tuesday, then daily from Thursday on.
    earlier = _notify_at(world, world.partner, _at(1, 10), "Vom Dienstag")
    _frequency(world.partner, "daily")
    assert digest_sweep(now=_at(3, 7)) == 1
    mail = _mails(world.partner).get()
    assert mail.key == f"digest:{world.partner.pk}:daily:2026-12-03"
    assert "Vom Dienstag" in mail.text_body
    earlier.refresh_from_db()
    assert earlier.digested_at == _at(3, 7)


def test_sweep_down_for_longer_than_a_period_sends_what_was_missed(world):
    _frequency(world.partner, "daily")
    _notify_at(world, world.partner, _at(1, 10), "Vom Dienstag")
    _notify_at(world, world.partner, _at(2, 10), "Vom Mittwoch")
    # No sweep on the 2nd; the one on the 3rd lists both, once.
    assert digest_sweep(now=_at(3, 7)) == 1
    assert digest_sweep(now=_at(4, 7)) == 0
    mail = _mails(world.partner).get()
    assert "Vom Dienstag" in mail.text_body and "Vom Mittwoch" in mail.text_body


def test_a_notification_committed_after_its_periods_digest_goes_into_the_next(world):
    _frequency(world.partner, "daily")
    _notify_at(world, world.partner, _at(1, 10), "Pünktlich")
    assert digest_sweep(now=_at(2, 7)) == 1
    _notify_at(world, world.partner, _at(1, 23), "Verspätet")
    assert digest_sweep(now=_at(3, 7)) == 1
    first, second = _mails(world.partner).order_by("key")
    assert "Verspätet" not in first.text_body
    assert "Verspätet" in second.text_body and "Pünktlich" not in second.text_body
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


def test_switching_the_digest_on_sends_only_the_last_two_weeks(world):
    _frequency(world.partner, "off")
    _notify_at(world, world.partner, _at(1, 10, month=11), "Vom 1. November")
    _notify_at(world, world.partner, _at(25, 10, month=11), "Vom 25. November")
    _frequency(world.partner, "daily")
    assert digest_sweep(now=_at(2, 7)) == 1
    mail = _mails(world.partner).get()
    assert "Vom 25. November" in mail.text_body and "Vom 1. November" not in mail.text_body
    assert digest_sweep(now=_at(3, 7)) == 0


def test_nothing_sent_when_nothing_new(world):
    _frequency(world.partner, "daily")
    read = _notify_at(world, world.partner, _at(1, 10))
    Notification.objects.filter(pk=read.pk).update(read_at=_at(1, 11))
    assert digest_sweep(now=_at(2, 7)) == 0
    assert digest_send(user_id=world.partner.pk, now=_at(2, 7)) == Outcome.NOTHING
    assert not EmailOutbox.objects.exists()


def test_switched_off_gets_no_digest(world):
    _frequency(world.partner, "off")
    _notify_at(world, world.partner, _at(1, 10))
    assert digest_sweep(now=_at(2, 7)) == 0
    assert digest_send(user_id=world.partner.pk, now=_at(2, 7)) == Outcome.OFF
    assert not EmailOutbox.objects.exists()
    assert Notification.objects.get().digested_at is None


def test_weekly_digest_waits_for_monday(world):
    _notify_at(world, world.partner, _at(1, 10))  # weekly by default
    assert digest_sweep(now=_at(4, 9)) == 0  # Friday: the week has not ended
    assert digest_sweep(now=_at(7, 7)) == 1
    assert _mails(world.partner).get().key == f"digest:{world.partner.pk}:weekly:2026-12-07"
    assert "every Monday morning" in _mails(world.partner).get().text_body


@pytest.mark.parametrize(
    ("language", "footer", "date"),
    [
        ("de", "Sie erhalten diese E-Mail", "01.12.2026 10:00"),
        ("en", "You receive this e-mail", "12/01/2026 10 a.m."),
    ],
)
def test_digest_is_in_the_persons_language(world, language, footer, date):
    """Checked on strings the catalogue already has and on the date format, so the test does
    not depend on the translation of the digest's new strings."""
    _frequency(world.partner, "daily")
    world.partner.language = language
    world.partner.save(update_fields=["language"])
    _notify_at(world, world.partner, _at(1, 10))
    digest_sweep(now=_at(2, 7))
    mail = _mails(world.partner).get()
    assert mail.language == language
    assert footer in mail.html_body
    assert date in mail.text_body and date in mail.html_body


def test_inactive_accounts_get_no_digest(world):
    _frequency(world.partner, "daily")
    _notify_at(world, world.partner, _at(1, 10))
    world.partner.is_active = False
    world.partner.save(update_fields=["is_active"])
    assert digest_sweep(now=_at(2, 7)) == 0


def test_beat_runs_the_sweep_hourly():
    entry = app.conf.beat_schedule["coordination.send-digests"]
    assert entry["task"] == send_digests.name == "coordination.send_digests"
    assert entry["schedule"].minute == {5} and len(entry["schedule"].hour) == 24


def test_task_sends_due_digests(world):
    _frequency(world.partner, "daily")
    period = digest_period("daily")
    _notify_at(world, world.partner, period.start + datetime.timedelta(minutes=1))
    send_digests.apply()
    send_digests.apply()
    assert _mails(world.partner).count() == 1


def test_profile_chooses_the_digest_frequency(world, client_for):
    client = client_for(world.partner)
    html = client.get("/konto/profil/").content.decode()
    assert 'name="digest_frequency"' in html and "Monday morning" in html
    response = client.post(
        "/konto/profil/", {"full_name": "Partner", "language": "en", "digest_frequency": "off"}
    )
    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.digest_frequency == "off"
    # A form without the choice keeps it.
    client.post("/konto/profil/", {"full_name": "Partner", "language": "en"})
    world.partner.refresh_from_db()
    assert world.partner.digest_frequency == "off"
    response = client.post(
        "/konto/profil/", {"full_name": "Partner", "language": "en", "digest_frequency": "hourly"}
    )
    assert response.status_code == 422
    world.partner.refresh_from_db()
    assert world.partner.digest_frequency == "off"
